"""The playbook: the team's own rules (severities, roles, deadlines, weights) as data.

Scoring never hard-codes "10 minutes" or "SEV 1 and 2": it reads them from a ``Playbook`` so a
team can edit ``playbooks/default.yaml`` (or ship its own) and be graded by its own rules.
``load_playbook`` accepts a file path or a bare name looked up in ``./playbooks/`` and then in
the checkout's ``playbooks/``. The types below are the file format (``gameday.formats`` reads
them and generates ``gameday/schemas/playbook.schema.json`` from them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from gameday.errors import ValidationError
from gameday.events import ROLES, role_key
from gameday.formats.core import Check, Length, spec
from gameday.formats.load import load
from gameday.formats.types import Criterion, Deadline, Fraction, OneLine, Points, Severity
from gameday.records import record
from gameday.state import project_root

PLAYBOOK_VERSION = 1
DEADLINES = (
    "ack",
    "declare",
    "roles",
    "channel",
    "first_status",
    "cadence",
    "stakeholders",
    "answer",
    "rollback",
    "final_status",
    "review",
)
ACTION_ITEMS_DUE_DAYS = 14
"""A review's action items are due this long after the review (or the drill): the review draft's
default and the Jira export's."""
OPTIONAL_DEADLINES = ("mitigation_hold",)  # read by the drill runner when present
RoleKey = Literal["ic", "tech", "comms"]


@record
class SeverityLevel:
    """A severity level: what it means and how soon someone must respond."""

    level: int = spec(derived=True)  # the key it is listed under
    name: OneLine = spec(examples=("Critical",))
    meaning: str = spec("")
    respond_within: Deadline | Literal["none"] | None = spec(
        None, doc="How soon the response starts; none = no urgent response."
    )
    responders: str = spec("", doc="Who responds.")

    def __check__(self, check: Check) -> SeverityLevel:
        within = None if self.respond_within == "none" else self.respond_within
        level = check.path[-1]
        return dataclasses.replace(self, level=int(level), respond_within=within)


@record
class Role:
    """An incident role and the names people may use for it."""

    key: str = spec(derived=True)  # ic | tech | comms: the key it is listed under
    name: OneLine = spec(required=False, doc="Shown on the scorecard; defaults to the key.")
    aliases: tuple[OneLine, ...] = spec((), doc="Other names responders may type.")
    duty: str = spec("", doc="What the role does.")

    def __check__(self, check: Check) -> Role:
        key = str(check.path[-1])
        return dataclasses.replace(self, key=key, name=self.name or key)


@record
class Deadlines:
    """How long each step may take, from its anchor (docs/scoring.md)."""

    ack: Deadline = spec(doc="Page acknowledged before it escalates to the secondary.")
    declare: Deadline = spec(doc="Incident confirmed and severity set, after the first alert.")
    roles: Deadline = spec(doc="IC, Technical Lead and Communications Lead staffed.")
    channel: Deadline = spec(doc="Incident channel open, after declaring.")
    first_status: Deadline = spec(doc="First public status post, after declaring.")
    cadence: Deadline = spec(doc="Longest silence between status posts / updates.")
    stakeholders: Deadline = spec(doc="Leadership told, after declaring.")
    answer: Deadline = spec(doc="A stakeholder's question answered.")
    rollback: Deadline = spec(doc="A bad recent deploy rolled back, after the first alert.")
    final_status: Deadline = spec(doc="Status post saying resolved, after resolving.")
    review: Deadline = spec(doc="Review held within this time of the incident's end.")
    mitigation_hold: Deadline | None = spec(None, doc="Steady this long counts as mitigated.")

    # A read-only mapping view: scoring and the runner look deadlines up by name.
    def get(self, key: str, default: float | None = None) -> float | None:
        value = getattr(self, key, None) if key in self._names() else None
        return default if value is None else float(value)

    def __getitem__(self, key: str) -> float:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def keys(self) -> list[str]:
        return [k for k in self._names() if getattr(self, k) is not None]

    def items(self) -> Iterator[tuple[str, float]]:
        return ((k, float(getattr(self, k))) for k in self.keys())

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    @staticmethod
    def _names() -> tuple[str, ...]:
        return (*DEADLINES, *OPTIONAL_DEADLINES)


@record
class ChannelRule:
    """How incident channels are named."""

    convention: OneLine = spec(
        "#incident-YYYYMMDD", doc="YYYY, MM, DD are the incident's start date (UTC)."
    )


SevSet = Annotated[frozenset[Severity], Length(0, 4)]


@record
class Playbook:
    """A team's incident playbook: severities, roles, deadlines, weights."""

    __what__ = "a playbook: a mapping with playbook_version, name, severities, roles, ..."

    name: OneLine = spec()
    severities: Annotated[dict[Severity, SeverityLevel], Length(1)] = spec()
    roles: dict[RoleKey, Role] = spec(doc="ic, tech and comms, each once.")
    deadlines: Deadlines = spec()
    weights: dict[Criterion, Points] = spec(doc="Points per criterion; they add up to 100.")
    steps: tuple[Criterion, ...] = spec(
        (), doc="The checklist order (names the first step a team missed); default: weights'."
    )
    cadence_severities: SevSet = spec(frozenset({1, 2}), doc="Regular status cadence applies.")
    stakeholder_severities: SevSet = spec(frozenset({1}), doc="Leadership must be told.")
    review_severities: SevSet = spec(frozenset({1, 2}), doc="A post-incident review is due.")
    channel: ChannelRule = spec(factory=ChannelRule)
    late_credit: Fraction = spec(0.5, doc="Share of a criterion's points when done late.")
    hint_cost: Points = spec(
        5.0, doc="Points a facilitator's hint costs the team (a scenario's hint may set its own)."
    )
    description: Annotated[str, Length(0, 10_000)] = spec("")
    playbook_version: Literal[1] = spec(1, required=True, doc="This gameday reads version 1.")
    source: str = spec("", derived=True)
    extra_aliases: dict[str, str] = spec(factory=dict, derived=True)

    def __check__(self, check: Check) -> Playbook | None:
        missing = [r for r in ROLES if r not in self.roles]
        if missing:
            check.fail("roles", f"missing role {missing[0]!r} (roles are {', '.join(ROLES)})")
        total = sum(self.weights.values())
        if abs(total - 100) > 1e-6:
            check.fail("weights", f"weights add up to {total:g}; they must add up to 100")
        aliases: dict[str, str] = {}
        for key, role in self.roles.items():
            for a in role.aliases:
                aliases[a.strip().lower().replace(" ", "-")] = key
            aliases[role.name.lower().replace(" ", "-")] = key
        return dataclasses.replace(
            self, steps=self.steps or tuple(self.weights), extra_aliases=aliases
        )

    @property
    def channel_convention(self) -> str:
        return self.channel.convention

    def role_key(self, name: str) -> str | None:
        """``Operations Lead`` / ``ops`` / ``tech`` -> ``tech``; None when unknown."""
        k = name.strip().lower().replace(" ", "-").replace("_", "-")
        return self.extra_aliases.get(k) or role_key(k)

    def role_name(self, key: str) -> str:
        role = self.roles.get(key)  # type: ignore[call-overload]
        return role.name if role else key

    def deadline(self, key: str) -> float:
        return self.deadlines[key]


def resolve_playbook_path(ref: str | Path) -> Path:
    """A path, or a name found in ``./playbooks`` then in the checkout's ``playbooks``."""
    text = str(ref)
    if not text.strip() or any(not c.isprintable() for c in text):
        raise ValidationError(f"{text[:60]!r} is not a playbook name or file")
    p = Path(ref)
    if p.suffix in (".yaml", ".yml", ".json") or p.exists() or "/" in text:
        return p
    for base in (Path.cwd() / "playbooks", project_root() / "playbooks"):
        for suffix in (".yaml", ".yml"):
            cand = base / f"{ref}{suffix}"
            if cand.exists():
                return cand
    raise ValidationError(
        f"no playbook named {text!r} (looked in ./playbooks and {project_root()}/playbooks)"
    )


def load_playbook(ref: str | Path = "default") -> Playbook:
    path = resolve_playbook_path(ref)
    pb = load(Playbook, path)
    return dataclasses.replace(pb, source=str(path))


def parse_playbook(src: Any) -> Playbook:
    """A playbook from an already parsed ``Source``."""
    from gameday.formats.load import read_source

    return dataclasses.replace(read_source(Playbook, src), source=src.file)
