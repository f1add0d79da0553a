"""The timeline exchange format: a drill's event log, or a hand-written incident, on disk.

Scoring is a pure function of a ``Timeline`` so the same rules grade a live drill, an exported
one, a tabletop exercise and a real incident someone typed up afterwards. The format is
documented in ``docs/timeline.md``; hand-written files may leave out ids, write ``t`` as
``4m30s`` and leave out ``wall`` (computed from the header's ``started``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from gameday.durations import parse_duration
from gameday.errors import ValidationError
from gameday.events import DRILL_STARTED, SYSTEM_ACTOR, Event
from gameday.scenario.model import RootCause, Scenario
from gameday.yamlsrc import Source, load_file

TIMELINE_VERSION = 1
MAX_BYTES = 50_000_000
"""Exported timelines of long drills are machine-written and can pass yamlsrc's 1 MB default."""
_HEADER_KEYS = {
    "timeline_version",
    "drill",
    "scenario",
    "title",
    "team",
    "started",
    "playbook",
    "expectations",
    "events",
}
_EVENT_KEYS = {"id", "t", "wall", "actor", "kind", "data"}


@dataclass(frozen=True)
class Expectations:
    """What the right response looks like; from a scenario, or a tabletop timeline's header."""

    severity: int | None = None
    root_cause: RootCause | None = None
    rollback_service: str | None = None
    score_overrides: dict[str, float] = field(default_factory=dict)

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


@dataclass(frozen=True)
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


def _wall(src: Source, path: tuple, value: Any) -> datetime:
    if isinstance(value, datetime):
        return _aware(value)
    if isinstance(value, str):
        try:
            return _aware(datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            pass
    raise src.error(path, f"{value!r} is not an ISO-8601 time like 2026-05-04T09:00:00Z")


def _text(src: Source, path: tuple, value: Any, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise src.error(path, f"expected text, got {type(value).__name__}")
    return str(value)


def _expectations(src: Source, raw: Any) -> Expectations | None:
    if raw is None:
        return None
    path: tuple = ("expectations",)
    if not isinstance(raw, dict):
        raise src.error(path, "expected a mapping (severity, root_cause, rollback_service)")
    for k in raw:
        if k not in ("severity", "root_cause", "rollback_service", "score_overrides"):
            raise src.error((*path, k), "unknown key")
    sev = raw.get("severity")
    if sev is not None and (isinstance(sev, bool) or sev not in (1, 2, 3, 4)):
        raise src.error((*path, "severity"), "expected a severity level 1..4")
    rc = raw.get("root_cause")
    root: RootCause | None = None
    if rc is not None:
        p = (*path, "root_cause")
        if isinstance(rc, str):
            rc = {"keywords": rc.split()}
        if (
            not isinstance(rc, dict)
            or not isinstance(rc.get("keywords"), list)
            or not rc["keywords"]
        ):
            raise src.error(p, "expected a mapping with a non-empty list 'keywords'")
        mm = rc.get("min_matches", 1)
        if isinstance(mm, bool) or not isinstance(mm, int) or mm < 1:
            raise src.error((*p, "min_matches"), "expected a whole number >= 1")
        root = RootCause(
            category=_text(src, (*p, "category"), rc.get("category")),
            keywords=tuple(str(k) for k in rc["keywords"]),
            min_matches=mm,
            summary=_text(src, (*p, "summary"), rc.get("summary")),
        )
    overrides = raw.get("score_overrides") or {}
    if not isinstance(overrides, dict) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in overrides.values()
    ):
        raise src.error((*path, "score_overrides"), "expected a mapping criterion: weight")
    rb = raw.get("rollback_service")
    return Expectations(
        severity=sev,
        root_cause=root,
        rollback_service=_text(src, (*path, "rollback_service"), rb) or None,
        score_overrides={str(k): float(v) for k, v in overrides.items()},
    )


def _event(src: Source, i: int, raw: Any, started: datetime, next_id: int) -> Event:
    path: tuple = ("events", i)
    if not isinstance(raw, dict):
        raise src.error(path, "an event is a mapping with at least 't' and 'kind'")
    for k in raw:
        if k not in _EVENT_KEYS:
            raise src.error((*path, k), f"unknown key (allowed: {', '.join(sorted(_EVENT_KEYS))})")
    for k in ("t", "kind"):
        if k not in raw:
            raise src.error(path, f"missing key {k!r}")
    try:
        t = parse_duration(raw["t"])
    except ValueError as exc:
        raise src.error((*path, "t"), str(exc)) from None
    kind = raw["kind"]
    if not isinstance(kind, str) or "." not in kind:
        raise src.error((*path, "kind"), f"{kind!r} is not an event kind like action.ack")
    eid = raw.get("id", next_id)
    if isinstance(eid, bool) or not isinstance(eid, int) or eid < 1:
        raise src.error((*path, "id"), f"expected a whole number >= 1, got {eid!r}")
    data = raw.get("data") or {}
    if not isinstance(data, dict):
        raise src.error((*path, "data"), f"expected a mapping, got {type(data).__name__}")
    wall = (
        _wall(src, (*path, "wall"), raw["wall"])
        if raw.get("wall") is not None
        else started + timedelta(seconds=t)
    )
    actor = _text(src, (*path, "actor"), raw.get("actor"), SYSTEM_ACTOR) or SYSTEM_ACTOR
    return Event(id=eid, t=t, wall=wall, actor=actor, kind=kind, data=_plain(data))


def _plain(value: Any) -> Any:
    """YAML may hand back datetimes; event data stays JSON-plain (ISO strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return _aware(value).isoformat()
    return value


def parse_timeline(src: Source) -> Timeline:
    data = src.data
    if not isinstance(data, dict):
        raise src.error((), "a timeline is a mapping with a header and 'events'")
    for k in data:
        if k not in _HEADER_KEYS:
            raise src.error((k,), f"unknown key (allowed: {', '.join(sorted(_HEADER_KEYS))})")
    version = data.get("timeline_version", TIMELINE_VERSION)
    if version != TIMELINE_VERSION:
        raise src.error(
            ("timeline_version",),
            f"unsupported version {version!r} (this gameday reads {TIMELINE_VERSION})",
        )
    if "started" not in data:
        raise src.error((), "missing key 'started' (wall time of t = 0)")
    started = _wall(src, ("started",), data["started"])
    raw_events = data.get("events")
    if not isinstance(raw_events, list):
        raise src.error(("events",), "expected a list of events")
    events: list[Event] = []
    seen: dict[int, int] = {}
    for i, raw in enumerate(raw_events):
        ev = _event(src, i, raw, started, next_id=i + 1 if not seen else max(seen) + 1)
        if ev.id in seen:
            raise src.error(
                ("events", i, "id"), f"duplicate id {ev.id} (first in events[{seen[ev.id]}])"
            )
        seen[ev.id] = i
        events.append(ev)
    return Timeline(
        drill=_text(src, ("drill",), data.get("drill")) or started.strftime("%Y%m%d-%H%M%S"),
        scenario=_text(src, ("scenario",), data.get("scenario")) or "tabletop",
        title=_text(src, ("title",), data.get("title")),
        team=_text(src, ("team",), data.get("team")) or "team",
        started=started,
        playbook=_text(src, ("playbook",), data.get("playbook")) or None,
        expectations=_expectations(src, data.get("expectations")),
        events=tuple(sorted(events, key=lambda e: (e.t, e.id))),
        source=src.file,
    )


def load_timeline(path: str | Path) -> Timeline:
    """Read a timeline (YAML or JSON); errors name ``file:line: key``."""
    return parse_timeline(load_file(path, max_bytes=MAX_BYTES))


def timeline_from_dict(data: dict[str, Any], file: str = "<timeline>") -> Timeline:
    """Parse an already-loaded mapping (e.g. the timeline inside a scorecard)."""
    return parse_timeline(Source(file=file, data=data))


def write_timeline(timeline: Timeline, path: str | Path) -> Path:
    """Write JSON for ``.json`` paths, YAML otherwise."""
    import yaml

    p = Path(path)
    data = timeline.to_dict()
    if p.suffix == ".json":
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    else:
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot write: {exc.strerror}", file=str(p)) from None
    return p
