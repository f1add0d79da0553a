"""The timeline exchange format: a drill's event log, or a hand-written incident, on disk.

Scoring is a pure function of a ``Timeline`` so the same rules grade a live drill, an exported
one, a tabletop exercise and a real incident someone typed up afterwards. The format is
documented in ``docs/timeline.md``; hand-written files may leave out ids, write ``t`` as
``4m30s`` and leave out ``wall`` (computed from the header's ``started``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from gameday.errors import ValidationError
from gameday.events import DRILL_STARTED, SYSTEM_ACTOR, Event
from gameday.formats.core import (
    Check,
    Duration,
    Length,
    Pattern,
    Range,
    ReadAs,
    SingleLine,
    gc_paused,
    spec,
)
from gameday.formats.load import read_source
from gameday.formats.types import DAY, Criterion, Name, OneLine, Person, Points, Severity
from gameday.records import record
from gameday.scenario.cause import RootCause
from gameday.yamlsrc import Source, load_file

if TYPE_CHECKING:  # scoring a timeline does not need the scenario format
    from gameday.scenario.model import Scenario

TIMELINE_VERSION = 1
MAX_BYTES = 50_000_000
"""Exported timelines of long drills are machine-written and can pass yamlsrc's 1 MB default."""
MAX_EVENTS = 1_000_000
EventTime = Annotated[Duration, Range(0, 3653 * DAY)]
"""Drill time of an event: a review booked (and recorded) long after the drill is still one of
its events, so up to ten years."""
EventKind = Annotated[
    str,
    Pattern(r"[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+", "is not an event kind like action.ack"),
    Length(1, 100),
]


@record
class ExpectedCause:
    """The true cause, as a tabletop timeline states it (category optional)."""

    keywords: Annotated[tuple[OneLine, ...], Length(1, 50)] = spec(
        doc="Matched case-insensitively against the cause the team names."
    )
    min_matches: Annotated[int, Range(1, 50)] = spec(1, doc="At most the number of keywords.")
    category: str = spec("")
    summary: str = spec("")

    def __check__(self, check: Check) -> RootCause | None:
        if self.min_matches > len(self.keywords):
            n = len(self.keywords)
            check.fail("min_matches", f"{self.min_matches} is more than the {n} keyword(s) given")
            return None
        return RootCause(self.category, self.keywords, self.min_matches, self.summary)


@record
class Expectations:
    """What the right response looks like; from a scenario, or a tabletop timeline's header."""

    severity: Severity | None = spec(None, doc="The severity the team should have declared.")
    root_cause: Annotated[RootCause | None, ReadAs(ExpectedCause | OneLine | None)] = spec(
        None, doc="The true cause: a mapping with keywords, or the keywords as one text."
    )
    rollback_service: Name | None = spec(None, doc="The service whose rollback is the fix.")
    score_overrides: dict[Criterion, Points] = spec(factory=dict, doc="criterion: weight")

    def __check__(self, check: Check) -> Expectations | None:
        cause: Any = self.root_cause  # read as ExpectedCause (now a RootCause) or text
        if isinstance(cause, str):
            return replace(self, root_cause=RootCause("", tuple(cause.split())))
        return None

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> Expectations:
        return cls(
            severity=scenario.severity,
            root_cause=scenario.root_cause,
            rollback_service=scenario.rollback_service,
            score_overrides=dict(scenario.score_overrides),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.severity is not None:
            out["severity"] = self.severity
        if self.root_cause is not None:
            rc = self.root_cause
            out["root_cause"] = {
                "category": rc.category,
                "keywords": list(rc.keywords),
                "min_matches": rc.min_matches,
                "summary": rc.summary,
            }
        if self.rollback_service:
            out["rollback_service"] = self.rollback_service
        if self.score_overrides:
            out["score_overrides"] = dict(self.score_overrides)
        return out


@record
class Timeline:
    drill: str
    scenario: str
    team: str
    started: datetime  # wall time of t = 0 (UTC, aware)
    events: tuple[Event, ...]
    title: str = ""
    playbook: str | None = None
    expectations: Expectations | None = None
    source: str = ""

    @classmethod
    def from_events(
        cls,
        events: list[Event] | tuple[Event, ...],
        *,
        drill: str = "",
        scenario: str = "",
        team: str = "",
        started: datetime | None = None,
        **kw: Any,
    ) -> Timeline:
        """Build a timeline from an event log; header fields default to ``drill.started``."""
        evs = tuple(sorted(events, key=lambda e: (e.t, e.id)))
        first = next((e for e in evs if e.kind == DRILL_STARTED), None)
        d = first.data if first else {}
        if started is None:
            started = (first.wall - timedelta(seconds=first.t)) if first else None
        if started is None:
            started = evs[0].wall - timedelta(seconds=evs[0].t) if evs else datetime.now(UTC)
        return cls(
            drill=drill or str(d.get("drill", "")) or started.strftime("%Y%m%d-%H%M%S"),
            scenario=scenario or str(d.get("scenario", "")) or "tabletop",
            team=team or str(d.get("team", "")) or "team",
            started=_aware(started),
            events=evs,
            title=kw.pop("title", "") or str(d.get("title", "")),
            playbook=kw.pop("playbook", None) or d.get("playbook"),
            **kw,
        )

    def with_events(self, events: list[Event] | tuple[Event, ...]) -> Timeline:
        return replace(self, events=tuple(sorted(events, key=lambda e: (e.t, e.id))))

    def next_id(self) -> int:
        return max((e.id for e in self.events), default=0) + 1

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "timeline_version": TIMELINE_VERSION,
            "drill": self.drill,
            "scenario": self.scenario,
            "title": self.title,
            "team": self.team,
            "started": self.started.isoformat(),
        }
        if self.playbook:
            out["playbook"] = self.playbook
        if self.expectations is not None and self.expectations.to_dict():
            out["expectations"] = self.expectations.to_dict()
        out["events"] = [e.to_dict() for e in self.events]
        return out


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


@record
class TimelineEvent:
    """One event: what happened (kind, data), when (t), and who did it (actor)."""

    t: EventTime = spec(doc="Drill time: seconds or a duration (4m30s).")
    kind: EventKind = spec(doc="Dotted kind, e.g. action.ack.")
    id: Annotated[int, Range(1, 2**53)] | None = spec(
        None, doc="Unique; missing ids continue from the largest so far."
    )
    wall: datetime | None = spec(None, doc="ISO-8601 wall time; default started + t.")
    actor: Person | None = spec(None, doc="Who did it; default gameday (the system).")
    data: dict[str, Any] | None = spec(None, doc="The kind's payload (docs/timeline.md).")


Header = Annotated[str, SingleLine(), Length(0, 500)]


@record
class TimelineFile:
    """A drill's events, or a hand-written incident: the timeline exchange format."""

    __what__ = "a timeline: a mapping with a header and 'events'"

    started: datetime = spec(doc="Wall time of drill time 0 (Z or an offset; no zone = UTC).")
    events: Annotated[tuple[TimelineEvent, ...], Length(0, MAX_EVENTS)] = spec()
    timeline_version: Literal[1] = spec(1, doc="Format version; this gameday reads 1.")
    drill: OneLine | None = spec(None, doc="Drill id (default: the start time).")
    scenario: OneLine | None = spec(None, doc="Scenario id or any name (default tabletop).")
    title: Header = spec("", doc="Shown on the scorecard.")
    team: OneLine | None = spec(None, doc="Team name (default team).")
    playbook: OneLine | None = spec(None, doc="Playbook name or file (default: default).")
    expectations: Expectations | None = spec(None)

    def __check__(self, check: Check) -> Timeline | None:
        return _timeline(self, check)


@dataclass
class TimelineEnv:
    check_references: bool = True  # the playbook a timeline names must exist


def _timeline(f: TimelineFile, check: Check) -> Timeline | None:
    """Events with their defaults (ids continue from the largest so far, wall = started + t),
    in one pass: a 100,000-event drill is read in linear time."""
    started = f.started
    events: list[Event] = []
    first: dict[int, int] = {}
    largest = 0
    append = events.append
    new = object.__new__  # a frozen Event's __init__ sets each field through __setattr__
    for i, e in enumerate(f.events):
        eid = e.id if e.id is not None else largest + 1
        if eid in first:
            check.fail(("events", i, "id"), f"duplicate id {eid} (first in events[{first[eid]}])")
            continue
        first[eid] = i
        if eid > largest:
            largest = eid
        wall = e.wall if e.wall is not None else started + timedelta(seconds=e.t)
        event = new(Event)
        event.__dict__.update(
            id=eid, t=e.t, wall=wall, actor=e.actor or SYSTEM_ACTOR, kind=e.kind, data=e.data or {}
        )
        append(event)
    env = check.env
    if f.playbook and (not isinstance(env, TimelineEnv) or env.check_references):
        from gameday.scenario.checks import playbook_problem

        problem = playbook_problem(f.playbook)
        if problem is not None:
            check.fail("playbook", problem)
    events.sort(key=lambda e: (e.t, e.id))
    return Timeline(
        drill=f.drill or started.strftime("%Y%m%d-%H%M%S"),
        scenario=f.scenario or "tabletop",
        title=f.title,
        team=f.team or "team",
        started=started,
        playbook=f.playbook,
        expectations=f.expectations,
        events=tuple(events),
    )


def parse_timeline(src: Source, *, check_references: bool = False) -> Timeline:
    """A timeline from an already parsed ``Source``; errors name ``file:line: key``."""
    env = TimelineEnv(check_references=check_references)
    timeline = cast(Timeline, read_source(TimelineFile, src, env))  # its __check__ builds one
    return replace(timeline, source=src.file)


def load_timeline(path: str | Path, *, check_references: bool = True) -> Timeline:
    """Read a timeline (YAML, or JSON when the name ends in ``.json``); errors name
    ``file:line: key``. ``check_references``: the playbook it names must exist and be valid
    (leave it off when another playbook is used instead)."""
    with gc_paused():
        source = load_file(path, max_bytes=MAX_BYTES)
    return parse_timeline(source, check_references=check_references)


def timeline_from_dict(data: dict[str, Any], file: str = "<timeline>") -> Timeline:
    """Parse an already-loaded mapping (e.g. the timeline inside a scorecard)."""
    return parse_timeline(Source(file=file, data=data))


def write_timeline(timeline: Timeline, path: str | Path) -> Path:
    """Write JSON for ``.json`` paths, YAML otherwise."""
    p = Path(path)
    data = timeline.to_dict()
    if p.suffix == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    else:  # one line per event: many times faster on a long drill
        from gameday import yamlout

        text = yamlout.dumps(data)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot write: {exc.strerror}", file=str(p)) from None
    return p
