"""What a scorecard file may hold, declared once and read by the one typed reader.

A scorecard is gameday's own output, but it sits in a folder people edit, copy and merge, so
its ``summary`` line and ``result`` section are untrusted input like any other file: read
through ``gameday.formats`` (every problem as ``file:line: key: message``) before any view
touches them. One bad scorecard then costs a warning naming it, not the whole folder.

The views keep reading the plain mappings (``Scorecard.summary``/``.result``); these types
only say what those mappings are allowed to be, which is what every reader relies on.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from gameday.formats.core import (
    INVALID,
    Length,
    Path_,
    Range,
    Reader,
    SingleLine,
    read_value,
    short,
    spec,
    type_name,
)
from gameday.records import record
from gameday.scoring.model import STATES, State
from gameday.timeline import TimelineFile

Text = Annotated[str, SingleLine(), Length(0, 500)]
Long = Annotated[str, Length(0, 20_000)]
Points = Annotated[float, Range(0, 1000)]
Seconds = Annotated[float, Range(0, 1e9)]  # drill times and metrics (never negative)
Count = Annotated[int, Range(0, 10**15)]
Sev = Annotated[int, Range(1, 4)]


class Verdict(tuple[str, float, float]):
    """A summary's ``[state, points, weight]`` of one criterion."""

    __gameday_words__ = "[state, points, weight]"

    @classmethod
    def __gameday_read__(cls, value: Any, path: Path_, r: Reader, meta: tuple[Any, ...]) -> Any:
        if not isinstance(value, list | tuple) or len(value) != 3:
            return r.fail(path, f"expected [state, points, weight], got {type_name(value)}")
        state, points, weight = value
        if state not in STATES:
            return r.fail((*path, 0), f"{short(state)} is not one of {', '.join(STATES)}")
        ok = True
        for i, v in ((1, points), (2, weight)):
            if read_value(Points, v, r, (*path, i)) is INVALID:
                ok = False
        return cls((state, float(points), float(weight))) if ok else INVALID


@record(kw_only=True)
class PersonSummary:
    actions: Count = spec(0)
    roles: tuple[Text, ...] = spec(())


@record(kw_only=True)
class Summary:
    """The one-line ``summary:`` that ``scorecard list`` and ``trends`` read."""

    __what__ = "a scorecard summary: a mapping with total, criteria, metrics, people"

    total: Annotated[float, Range(0, 100)] = spec()
    drill: Text = spec("")
    scenario: Text = spec("")
    team: Text = spec("")
    date: Text = spec("")
    started: Text = spec("")
    playbook: Text = spec("")
    criteria: dict[Text, Verdict] = spec(factory=dict)
    metrics: dict[Text, Seconds | None] = spec(factory=dict)
    first_missed: Text | None = spec(None)
    people: dict[Text, PersonSummary] = spec(factory=dict)
    end_reason: Text | None = spec(None)
    failures_per_minute: Annotated[float, Range(0, 1e12)] | None = spec(None)


@record(kw_only=True)
class EvidenceDoc:
    id: int = spec()
    t: Seconds = spec()
    kind: Text = spec()
    note: Long = spec("")


@record(kw_only=True)
class CriterionDoc:
    name: Text = spec()
    title: Text = spec("")
    state: State = spec()
    points: Points = spec()
    weight: Points = spec()
    explanation: Long = spec("")
    evidence: tuple[EvidenceDoc, ...] = spec(())
    pending: bool = spec(False)
    detail: Text = spec("")


@record(kw_only=True)
class LogEntry:
    id: int = spec()
    t: Seconds = spec()
    kind: Text = spec()


@record(kw_only=True)
class PersonDoc:
    actions: Count = spec(0)
    roles: tuple[Text, ...] = spec(())
    first_t: Seconds | None = spec(None)
    log: tuple[LogEntry, ...] = spec(())


@record(kw_only=True)
class MissedStep:
    criterion: Text = spec()
    title: Text = spec("")
    explanation: Long = spec("")


@record(kw_only=True)
class FailedMonitor:
    monitor: Text | None = spec(None)
    t: Seconds = spec()
    id: int | None = spec(None)
    detail: Long = spec("")


@record(kw_only=True)
class Impact:
    requests: Count = spec(0)
    failures: Count = spec(0)
    slow: Count = spec(0)
    failed_ratio: Annotated[float, Range(0, 1)] = spec(0.0)
    peak_fail_ratio: Annotated[float, Range(0, 1)] = spec(0.0)
    peak_p95_ms: Annotated[float, Range(0, 1e9)] = spec(0.0)
    window: Annotated[tuple[Seconds, ...], Length(2, 2)] | None = spec(None)
    window_end: Text = spec("")
    label: Text = spec("")
    samples: Count = spec(0)


@record(kw_only=True)
class Cost:
    """Cost of delay (``gameday.incident.cost``)."""

    failures: Count = spec(0)
    minutes: Annotated[float, Range(0, 1e7)] = spec(0.0)
    per_minute: Annotated[float, Range(0, 1e12)] | None = spec(None)
    page_t: Seconds | None = spec(None)
    saved: Count = spec(0)
    saved_ratio: Annotated[float, Range(0, 1)] = spec(0.0)
    delay_s: Seconds | None = spec(None)
    window_end: Text = spec("")
    label: Long = spec("")


@record(kw_only=True)
class Load:
    """The load the customers achieved (``gameday.incident.load``)."""

    requests: Count = spec(0)
    seconds: Annotated[float, Range(0, 1e9)] = spec(0.0)
    achieved_rps: Annotated[float, Range(0, 1e9)] | None = spec(None)
    peak_rps: Annotated[float, Range(0, 1e9)] = spec(0.0)
    users: Count = spec(0)
    workers: Count = spec(0)
    asked_users: Count | None = spec(None)
    asked_workers: Count | None = spec(None)
    samples: Count = spec(0)
    label: Long = spec("")


@record(kw_only=True)
class FixDoc:
    """How the fix landed (``gameday.incident.fix``)."""

    t: Seconds | None = spec(None)
    id: int | None = spec(None)
    after_s: Seconds | None = spec(None)
    how: Long | None = spec(None)
    kind: Text | None = spec(None)
    recovered_t: Seconds | None = spec(None)
    changes: Count = spec(0)


@record(kw_only=True)
class ParDoc:
    """The team's par for one metric when the scorecard was written (``scorecard.par``)."""

    seconds: Annotated[float, Range(0, 1e8)] = spec()
    drills: Annotated[int, Range(1, 10**9)] = spec(1)


@record(kw_only=True)
class SeverityDoc:
    expected: Sev | None = spec(None)
    declared: Sev | None = spec(None)
    effective: Sev | None = spec(None)


@record(kw_only=True)
class DeadlineDoc:
    criterion: Text = spec()
    label: Text = spec("")
    t: Seconds = spec()
    state: State = spec()


@record(kw_only=True)
class HintDoc:
    """A facilitator's hint and the points it cost (``ScoreResult.hints``)."""

    t: Seconds = spec()
    text: Long = spec("")
    cost: Points = spec(0.0)


@record(kw_only=True)
class Result:
    """The ``result:`` section: ``ScoreResult.to_dict()``, what ``show``/``review`` render."""

    __what__ = "a scorecard result: a mapping with total, criteria, metrics, ..."

    total: Annotated[float, Range(0, 100)] = spec()
    applicable_weight: Points = spec(100.0)
    playbook: Text = spec("")
    severity: SeverityDoc = spec(factory=SeverityDoc)
    criteria: tuple[CriterionDoc, ...] = spec(())
    metrics: dict[Text, Seconds | None] = spec(factory=dict)
    impact: Impact | None = spec(None)
    cost: Cost | None = spec(None)
    load: Load | None = spec(None)
    fix: FixDoc | None = spec(None)
    first_missed_step: MissedStep | None = spec(None)
    first_failed_monitor: FailedMonitor | None = spec(None)
    people: dict[Text, PersonDoc] = spec(factory=dict)
    deadlines: tuple[DeadlineDoc, ...] = spec(())
    notes: tuple[Long, ...] = spec(())
    hints: tuple[HintDoc, ...] = spec(())
    hint_penalty: Annotated[float, Range(0, 1e6)] = spec(0.0)


@record(kw_only=True)
class ScorecardFile:
    """A whole scorecard file (``gameday.scorecard.io`` writes it): the version, the summary,
    the result, the header, and the timeline (read as a timeline file, so it can be re-scored)."""

    __what__ = "a gameday scorecard: a mapping with scorecard_version, summary, result, timeline"

    scorecard_version: Literal[1] = spec()
    summary: Summary = spec()
    result: Result = spec()
    timeline: TimelineFile = spec()  # a ``Timeline`` once read (its ``__check__``)
    par: dict[Text, ParDoc] | None = spec(None)
    generated_by: Text = spec("")
    drill: Text = spec("")
    scenario: Text = spec("")
    title: Text = spec("")
    team: Text = spec("")
    started: Text = spec("")


def problems(hint: type, value: Any, path: Path_) -> list[tuple[Path_, str]]:
    """Every problem of ``value`` read as ``hint`` (empty: the views may rely on its shape)."""
    reader = Reader()
    if read_value(hint, value, reader, path) is INVALID and not reader.issues:
        return [(path, "invalid")]
    return reader.issues
