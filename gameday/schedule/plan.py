"""The Game Day plan: which team drills which scenario when, with which roles. A small YAML file
kept in the team's repository (``gameday-schedule.yaml`` by default)::

    schedule_version: 1
    timezone: Europe/Berlin          # times without an offset are in this zone (default UTC)
    duration: 2h                     # how long a Game Day is, unless one says otherwise
    location: Room 3 / https://meet.example/gameday
    organizer: sre-lead@example.com  # the invites' organizer
    gamedays:
      - id: gd-7f3a91c2              # stable: the invite is updated, not duplicated
        team: blue                   # teams/<name>.yaml next to this file, or scenarios/teams/
        when: 2026-06-04T10:00
        scenario: bad-deploy
        roles: {ic: dana, tech: eli, comms: fay}
        facilitator: gus

Declared once here (``gameday.formats`` format ``schedule``, JSON Schema generated); read with
every problem as ``file:line: key:``. ``save`` writes it back plainly (comments are not kept).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gameday.formats.core import Check, Duration, Length, Pattern, Range, spec
from gameday.formats.types import DAY, Name, OneLine, Text
from gameday.records import record

DEFAULT_FILE = "gameday-schedule.yaml"
ENV = "GAMEDAY_SCHEDULE"
LocalTime = Annotated[
    str,
    Pattern(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?",
        "must be a time like 2026-06-04T10:00 (in the plan's timezone) or with an offset",
    ),
    Length(1, 40),
]
GamedayLength = Annotated[Duration, Range(15 * 60, DAY)]
Email = Annotated[str, Pattern(r"[^@\s]{1,64}@[^@\s]{1,255}", "must be an e-mail address")]
ZONE_RULE = "must be an IANA time zone like Europe/Berlin or UTC"
Zone = Annotated[str, Pattern(r"[A-Za-z0-9_+./-]{1,64}", ZONE_RULE)]
_SLOT = re.compile(r"[^a-z0-9]+")


@record
class Roles:
    """Who holds which incident role in this Game Day (each one of the team's people)."""

    ic: Name | None = spec(None, doc="Incident Commander.")
    tech: Name | None = spec(None, doc="Technical Lead.")
    comms: Name | None = spec(None, doc="Communications Lead.")

    def items(self) -> list[tuple[str, str]]:
        pairs = (("ic", self.ic), ("tech", self.tech), ("comms", self.comms))
        return [(k, v) for k, v in pairs if v]


@record
class GameDay:
    """One planned Game Day."""

    team: OneLine = spec(doc="A team name (teams/<name>.yaml, scenarios/teams/) or a team file.")
    when: LocalTime = spec(doc="Start: 2026-06-04T10:00 in the plan's timezone, or with offset.")
    scenario: OneLine = spec(doc="Scenario id (gameday list) or file.")
    id: Annotated[str, Pattern(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", "must be a short id")] | None = (
        spec(None, doc="Stable id, so a changed Game Day updates its invite (set by `add`).")
    )
    duration: GamedayLength | None = spec(None, doc="Default: the plan's duration.")
    roles: Roles = spec(factory=Roles)
    facilitator: Name | None = spec(None)
    location: OneLine | None = spec(None, doc="Default: the plan's location.")
    notes: Text | None = spec(None)
    start: datetime | None = spec(None, derived=True)  # aware, from `when` and the timezone

    @property
    def uid(self) -> str:
        """The invite's UID: the id when given, else one derived from team, time and scenario."""
        if self.id:
            return f"{self.id}@gameday"
        raw = f"{self.team}|{self.when}|{self.scenario}".encode()
        return f"gd-{hashlib.sha256(raw).hexdigest()[:12]}@gameday"


@record
class Schedule:
    __what__ = "a Game Day schedule: a mapping with gamedays"

    schedule_version: Literal[1] = spec(1)
    timezone: Zone = spec("UTC", doc="Times without an offset are in this zone.")
    duration: GamedayLength = spec(2 * 3600.0, doc="How long a Game Day is (default 2h).")
    location: OneLine | None = spec(None)
    organizer: Email | None = spec(None, doc="The invites' organizer.")
    gamedays: Annotated[tuple[GameDay, ...], Length(0, 1000)] = spec(())
    source: str = spec("", derived=True)

    def __check__(self, check: Check) -> Schedule:
        try:
            zone = ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            check.fail("timezone", f"unknown time zone {self.timezone!r}; {ZONE_RULE}")
            return self
        days = []
        seen: dict[str, int] = {}
        for i, g in enumerate(self.gamedays):
            start = local_time(g.when, zone)
            if start is None:
                check.fail(("gamedays", i, "when"), f"{g.when!r} is not a real time")
                continue
            roles = g.roles
            if roles.ic and roles.ic == roles.tech:
                check.fail(
                    ("gamedays", i, "roles", "tech"),
                    f"{roles.ic} cannot be Incident Commander and Technical Lead at once",
                )
            if g.id:
                if g.id in seen:
                    check.fail(("gamedays", i, "id"), f"id {g.id!r} is used twice")
                seen[g.id] = i
            days.append(dataclasses.replace(g, start=start))
        return dataclasses.replace(self, gamedays=tuple(days))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def length(self, g: GameDay) -> timedelta:
        return timedelta(seconds=g.duration or self.duration)


def local_time(text: str, zone: ZoneInfo) -> datetime | None:
    """``text`` as an aware time: its own offset, else ``zone``."""
    try:
        dt = datetime.fromisoformat(text.replace(" ", "T"))  # 3.11 reads a trailing Z
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=zone)


def default_path() -> Path:
    import os

    return Path(os.environ.get(ENV) or DEFAULT_FILE)


def load_schedule(path: str | Path) -> Schedule:
    """Read and check a plan; an absent file is an empty plan (``add`` creates it)."""
    from gameday.formats.load import load

    p = Path(path)
    if not p.exists():
        return Schedule(source=str(p))
    return dataclasses.replace(load(Schedule, p), source=str(p))


def to_data(s: Schedule) -> dict[str, Any]:
    """The plan as the plain data ``save`` writes (defaults left out)."""
    out: dict[str, Any] = {"schedule_version": 1, "timezone": s.timezone}
    if s.duration != 2 * 3600.0:
        out["duration"] = _dur(s.duration)
    for key in ("location", "organizer"):
        if getattr(s, key):
            out[key] = getattr(s, key)
    days = []
    for g in s.gamedays:
        d: dict[str, Any] = {}
        if g.id:
            d["id"] = g.id
        d.update(team=g.team, when=g.when, scenario=g.scenario)
        if g.duration:
            d["duration"] = _dur(g.duration)
        roles = dict(g.roles.items())
        if roles:
            d["roles"] = roles
        for key in ("facilitator", "location", "notes"):
            if getattr(g, key):
                d[key] = getattr(g, key)
        days.append(d)
    out["gamedays"] = days
    return out


def _dur(seconds: float) -> str:
    from gameday.durations import format_duration

    return format_duration(seconds)


def save(s: Schedule, path: str | Path) -> Path:
    """Write the plan (atomically); the file ``load_schedule`` reads back the same."""
    import yaml

    from gameday.errors import ValidationError

    p = Path(path)
    text = "# gameday schedule (docs/schedule.md); `gameday schedule add` rewrites this file\n"
    text += yaml.safe_dump(to_data(s), sort_keys=False, allow_unicode=True, width=100)
    tmp = p.with_name(f".{p.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(p)
    except OSError as exc:
        raise ValidationError(f"cannot write the schedule: {exc.strerror}", file=str(p)) from None
    return p


def new_id(team: str, when: str) -> str:
    """An id for a new Game Day, readable and unique enough: ``gd-blue-20260604-1000``."""
    slot = re.sub(r"\D", "", when)[:12]
    return f"gd-{_SLOT.sub('-', team.lower()).strip('-')[:20]}-{slot}"


def resolve_team_file(ref: str, near: Path | None = None) -> Path:
    """A team file from a name or a path: ``<near>/teams/<name>.yaml``, ``./scenarios/teams/``,
    then the checkout's ``scenarios/teams/``."""
    from gameday.errors import UsageError
    from gameday.state import project_root

    p = Path(ref).expanduser()
    if p.suffix in (".yaml", ".yml") or "/" in ref:
        if not p.is_file() and near is not None and (near / p).is_file():
            return near / p
        return p
    dirs = [near / "teams"] if near is not None else []
    dirs += [Path.cwd() / "scenarios" / "teams", project_root() / "scenarios" / "teams"]
    for d in dirs:
        for ext in (".yaml", ".yml"):
            if (d / f"{ref}{ext}").is_file():
                return d / f"{ref}{ext}"
    raise UsageError(
        f"no team {ref!r}: looked for {ref}.yaml in " + ", ".join(str(d) for d in dirs),
        hint="give the team file's path",
    )
