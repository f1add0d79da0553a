"""The team roster: who is in the drill, who is on call in which order, and who "I" am.

A team file (``scenarios/teams/<team>.yaml``) is small and hand-written::

    team: model-team
    default_actor: alice          # whom `--as` defaults to on this team's terminals
    escalate_after: 2m            # optional; the runner falls back to the playbook's
    people:
      - name: alice
        full_name: Alice Example  # optional
      - name: bob
    oncall: [alice, bob, carol]   # paging order: primary, secondary, ...

Autopilot scripts for a team live next to it: ``scenarios/teams/autopilot/<team>/<scenario>.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gameday.durations import parse_duration
from gameday.yamlsrc import Source, load_file

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
AUTOPILOT_DIR = "autopilot"


@dataclass(frozen=True)
class Person:
    name: str
    full_name: str = ""


@dataclass(frozen=True)
class Team:
    name: str
    people: tuple[Person, ...]
    oncall: tuple[str, ...]
    default_actor: str | None = None
    escalate_after: float | None = None
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.people)

    def autopilot_script(self, scenario_id: str) -> Path | None:
        """The bundled autopilot script of this team for a scenario, if one exists."""
        if not self.source:
            return None
        p = Path(self.source).parent / AUTOPILOT_DIR / self.name / f"{scenario_id}.yaml"
        return p if p.is_file() else None


_KEYS = {"team", "default_actor", "escalate_after", "people", "oncall", "description"}


def _name(src: Source, path: tuple, value: object) -> str:
    if not isinstance(value, str) or not NAME_RE.match(value):
        raise src.error(path, f"{value!r} is not a name (letters, digits, . _ -; up to 64)")
    return value


def parse_team(src: Source) -> Team:
    data = src.data
    if not isinstance(data, dict):
        raise src.error((), "a team file is a mapping with team, people and oncall")
    for key in data:
        if key not in _KEYS:
            raise src.error((key,), f"unknown key (allowed: {', '.join(sorted(_KEYS))})")
    for key in ("team", "people", "oncall"):
        if key not in data:
            raise src.error((), f"missing required key {key!r}")
    name = _name(src, ("team",), data["team"])
    raw_people = data["people"]
    if not isinstance(raw_people, list) or not raw_people:
        raise src.error(("people",), "expected a non-empty list of people")
    people: list[Person] = []
    for i, raw in enumerate(raw_people):
        if isinstance(raw, str):
            raw = {"name": raw}
        if not isinstance(raw, dict):
            raise src.error(("people", i), "expected a name or a mapping with name")
        for key in raw:
            if key not in ("name", "full_name"):
                raise src.error(("people", i, key), "unknown key (allowed: full_name, name)")
        if "name" not in raw:
            raise src.error(("people", i), "missing required key 'name'")
        pname = _name(src, ("people", i, "name"), raw["name"])
        if any(p.name == pname for p in people):
            raise src.error(("people", i, "name"), f"{pname!r} is listed twice")
        full = raw.get("full_name", "")
        if not isinstance(full, str):
            raise src.error(("people", i, "full_name"), "expected text")
        people.append(Person(pname, full))
    names = {p.name for p in people}
    raw_oncall = data["oncall"]
    if not isinstance(raw_oncall, list) or not raw_oncall:
        raise src.error(("oncall",), "expected a non-empty list: primary first")
    oncall: list[str] = []
    for i, who in enumerate(raw_oncall):
        if who not in names:
            raise src.error(("oncall", i), f"{who!r} is not in people")
        if who in oncall:
            raise src.error(("oncall", i), f"{who!r} is on the rota twice")
        oncall.append(who)
    default = data.get("default_actor")
    if default is not None and default not in names:
        raise src.error(("default_actor",), f"{default!r} is not in people")
    escalate = data.get("escalate_after")
    if escalate is not None:
        try:
            escalate = parse_duration(escalate)
        except ValueError as exc:
            raise src.error(("escalate_after",), str(exc)) from None
        if escalate <= 0:
            raise src.error(("escalate_after",), "must be more than 0s")
    return Team(
        name=name,
        people=tuple(people),
        oncall=tuple(oncall),
        default_actor=default,
        escalate_after=escalate,
        source=src.file,
    )


def load_team(path: str | Path) -> Team:
    """Load and validate a team file; errors name file:line: key."""
    return parse_team(load_file(path))
