"""The team roster: who is in the drill, who is on call in which order, and who "I" am.

A team file (``scenarios/teams/<team>.yaml``) is small and hand-written::

    team: model-team
    default_actor: alice          # whom `--as` defaults to on this team's terminals
    escalate_after: 2m            # optional; the runner falls back to the playbook's
    people:
      - name: alice
        full_name: Alice Example  # optional
        email: alice@example.com  # optional: calendar invites (gameday schedule ics)
      - name: bob
    oncall: [alice, bob, carol]   # paging order: primary, secondary, ...
    integrations:                 # optional, each off unless listed (docs/integrations.md)
      slack: {webhook_url_env: SLACK_DRILL_WEBHOOK}
      pagerduty: {}               # routing key from $GAMEDAY_PAGERDUTY_ROUTING_KEY

Autopilot scripts for a team live next to it: ``scenarios/teams/autopilot/<team>/<scenario>.yaml``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from gameday.formats.core import (
    INVALID,
    Check,
    Duration,
    Length,
    Pattern,
    Range,
    SingleLine,
    spec,
)
from gameday.formats.load import load, read_source
from gameday.formats.types import DAY, Name
from gameday.records import record
from gameday.yamlsrc import Source

if TYPE_CHECKING:
    from gameday.drill.locate import Drill

AUTOPILOT_DIR = "autopilot"


@record
class Person:
    """Someone on the team; ``name`` is what they type after ``--as``."""

    name: Name = spec()
    full_name: Annotated[str, SingleLine(), Length(0, 200)] = spec("")
    email: (
        Annotated[str, Pattern(r"[^@\s]{1,64}@[^@\s]{1,255}", "must be an e-mail address")] | None
    ) = spec(None, doc="Where calendar invites go (gameday schedule ics).")


@record
class Team:
    """A team roster: who is in the drill, and who is paged in which order."""

    __what__ = "a team file: a mapping with team, people and oncall"

    name: Name = spec(key="team", doc="The team's name (scorecards, trends).")
    people: Annotated[tuple[Person | Name, ...], Length(1, 200)] = spec(
        doc="Everyone taking part: a name, or a mapping with name and full_name."
    )
    oncall: Annotated[tuple[Name, ...], Length(1, 50)] = spec(
        doc="The paging order: primary first; each one of people."
    )
    default_actor: Name | None = spec(None, doc="Whom `--as` defaults to on this team's terminals.")
    escalate_after: Annotated[Duration, Range(0, DAY, above=True)] | None = spec(
        None, doc="Unacknowledged this long, the page escalates (default: the playbook's)."
    )
    description: str = spec("")
    integrations: Annotated[dict[Name, dict[str, Any] | None], Length(0, 20)] = spec(
        factory=dict,
        doc="Integrations with the team's own tools, by name (gameday plugins lists them), "
        "each with its settings; secrets come from the environment or a file, never from here.",
    )
    settings: dict[str, Any] = spec(factory=dict, derived=True)
    """Each listed integration's settings, read by its ``Params`` (``gameday.integrations``)."""
    source: str = spec("", derived=True)

    def __check__(self, check: Check) -> Team:
        people: list[Person] = []
        seen: set[str] = set()
        for i, raw in enumerate(self.people):
            person = raw if isinstance(raw, Person) else Person(raw)
            if person.name in seen:
                where = ("people", i, "name") if isinstance(raw, Person) else ("people", i)
                check.fail(where, f"{person.name!r} is listed twice")
            seen.add(person.name)
            people.append(person)
        rota: set[str] = set()
        for i, who in enumerate(self.oncall):
            if who not in seen:
                check.fail(("oncall", i), f"{who!r} is not in people")
            elif who in rota:
                check.fail(("oncall", i), f"{who!r} is on the rota twice")
            rota.add(who)
        if self.default_actor is not None and self.default_actor not in seen:
            check.fail("default_actor", f"{self.default_actor!r} is not in people")
        return dataclasses.replace(
            self, people=tuple(people), settings=self._read_integrations(check)
        )

    def _read_integrations(self, check: Check) -> dict[str, Any]:
        if not self.integrations:
            return {}
        from gameday.formats.core import suggest
        from gameday.params import read_piece_params

        known = _integrations(check.env)
        out: dict[str, Any] = {}
        for name, raw in self.integrations.items():
            if name not in known:
                check.fail(
                    ("integrations", name),
                    f"unknown integration {name!r} {suggest(name, known.names())}",
                )
                continue
            value = read_piece_params(check, known.get(name), raw or {}, "integrations", name)
            if value is not INVALID:
                out[name] = value
        return out

    @classmethod
    def __schema_extra__(cls, gen: Any) -> dict[str, Any]:
        """Each integration's settings under its name (the registries the generator reads)."""
        regs = getattr(gen.env, "registries", None) if gen.env is not None else None
        reg = getattr(regs, "integrations", None) if regs is not None else None
        if reg is None:
            return {}
        props = {
            name: {"anyOf": [gen.ref(spec.Params), {"type": "null"}]} for name, spec in reg.items()
        }
        return {"allOf": [{"properties": {"integrations": {"properties": props}}}]}

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.people)  # type: ignore[union-attr]

    def autopilot_script(self, scenario_id: str) -> Path | None:
        """The bundled autopilot script of this team for a scenario, if one exists."""
        if not self.source:
            return None
        p = Path(self.source).parent / AUTOPILOT_DIR / self.name / f"{scenario_id}.yaml"
        return p if p.is_file() else None


def _integrations(env: Any) -> Any:
    """The integrations registry the reading context carries, else the process-wide one."""
    regs = getattr(env, "registries", None)
    reg = getattr(regs, "integrations", None) if regs is not None else None
    if reg is not None:
        return reg
    from gameday.integrations.spec import INTEGRATIONS

    return INTEGRATIONS.registry()


def parse_team(src: Source) -> Team:
    return dataclasses.replace(read_source(Team, src), source=src.file)


def team_of(drill: Drill) -> Team | None:
    """The team file a drill was started with, read again; None when it names none or the file
    no longer reads (a view of the drill must not fail on it)."""
    from gameday.errors import GamedayError

    team_file = drill.meta().team_file
    if not team_file:
        return None
    try:
        return load_team(team_file)
    except GamedayError:
        return None


def load_team(path: str | Path) -> Team:
    """Load and validate a team file; errors name file:line: key."""
    return dataclasses.replace(load(Team, path), source=str(path))
