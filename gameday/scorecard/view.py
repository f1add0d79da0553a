"""The scorecard as every view shows it: one view model behind terminal, Markdown and HTML.

Labels, formatted numbers, state names and event descriptions are decided here once, so the
three renderings cannot drift apart (a metric has one label and one definition, an event one
description, a severity one spelling). Renderers only lay the rows out, and escape for their
medium: rich markup, Markdown cells, autoescaped HTML templates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from gameday import events as ev
from gameday.durations import format_duration as fd
from gameday.events import REAL_INCIDENT
from gameday.events.typed import describe
from gameday.incident import (
    METRICS,
    Incident,
    cost_line,
    cost_of_delay,
    fix_line,
    fix_summary,
    impact_line,
    load,
    load_line,
)
from gameday.records import record
from gameday.scorecard.par import Par
from gameday.timeline import Timeline

STATE_LABEL = {"met": "met", "late": "late", "missed": "missed", "not_applicable": "n/a"}
COLORS = {
    "met": "#2a9d8f",
    "late": "#e9a23b",
    "missed": "#d62839",
    "not_applicable": "#9aa5b1",
    "pending": "#6c4ab6",
}
CARDS = (  # the metrics on the HTML page's tiles, in reading order
    ("time_to_detect", "to detect"),
    ("time_to_acknowledge", "to acknowledge"),
    ("time_to_declare", "to declare"),
    ("time_to_first_status", "to first status"),
    ("longest_comm_gap", "longest silence"),
    ("time_to_staff_roles", "to staff roles"),
    ("time_to_fix", "to fix"),
    ("time_to_mitigate", "to mitigate"),
    ("time_to_resolve", "to resolve"),
)


@record
class MetricRow:
    name: str
    label: str
    value: float | None
    shown: str  # "1m05s", "-" when it never happened
    definition: str
    tile: str  # short label for the HTML tiles
    par: str = ""  # the team's par on this scenario ("1m05s"), "" when there is no history
    par_drills: int = 0  # how many past drills par is the median of
    vs_par: str = ""  # "+1m05s" slower than par, "-10s" faster, "" without par

    @property
    def with_par(self) -> str:
        """``2m10s; your par 1m05s`` (just the value without history)."""
        return f"{self.shown}; your par {self.par}" if self.par else self.shown


@record
class CriterionRow:
    name: str
    title: str
    state: str
    state_label: str  # met | late | missed | n/a | pending
    pending: bool
    points: str  # "6/8", "-" when not applicable
    percent: float
    color: str
    explanation: str
    evidence: str  # "#12 @1m05s, ..."

    @property
    def applicable(self) -> bool:
        return self.state != "not_applicable"


@record
class PersonRow:
    name: str
    roles: str
    actions: int
    log: str


class EventRow(NamedTuple):  # a tuple: a long drill has thousands
    id: int
    t: str
    wall: str
    actor: str
    kind: str
    text: str  # ``describe(e)``: the one description of the event


@record
class ScorecardView:
    title: str
    team: str
    scenario: str
    drill: str
    started: str  # "2026-05-04 09:00 UTC"
    date: str
    playbook: str
    total: float
    color: str
    first_missed: tuple[str, str] | None  # (title, explanation)
    first_monitor: tuple[str, str, str] | None  # (monitor, at, detail)
    impact: dict[str, Any] | None
    impact_line: str
    cost: dict[str, Any] | None  # cost of delay (gameday.incident.cost)
    cost_line: str
    load: dict[str, Any] | None  # the rate the customers achieved (gameday.incident.load)
    load_line: str
    fix: dict[str, Any] | None  # how the fix landed (gameday.incident.fix)
    fix_line: str
    end_reason: str  # why the drill ended ("" when the timeline does not say)
    severity_declared: str
    severity_expected: str
    metrics: tuple[MetricRow, ...]
    criteria: tuple[CriterionRow, ...]
    people: tuple[PersonRow, ...]
    events: tuple[EventRow, ...]  # every event
    notes: tuple[str, ...]

    @property
    def real_incident(self) -> bool:
        """Stopped because the people were needed for a real incident: not the team's pace."""
        return self.end_reason == REAL_INCIDENT

    @property
    def banner(self) -> str:
        """What the reader must know before any number (empty for an ordinary drill)."""
        if self.real_incident:
            return (
                "Drill stopped for a REAL incident: the responders were needed elsewhere. "
                "The numbers cover the drill up to that moment; it does not count towards par "
                "or trends."
            )
        return ""

    @property
    def timeline(self) -> tuple[EventRow, ...]:
        """The events people read (customer samples left out)."""
        return tuple(e for e in self.events if e.kind != ev.CUSTOMERS_STATS)

    @property
    def tiles(self) -> tuple[MetricRow, ...]:
        by = {m.name: m for m in self.metrics}
        return tuple(by[name] for name, _ in CARDS if name in by)


def score_color(total: float) -> str:
    return COLORS["met"] if total >= 80 else COLORS["late"] if total >= 50 else COLORS["missed"]


def _vs_par(value: float | None, par: Par | None) -> str:
    if value is None or par is None:
        return ""
    d = value - par.seconds
    return "par" if abs(d) < 0.5 else ("+" if d > 0 else "-") + fd(abs(d))


def _metric_rows(values: dict[str, Any], par: dict[str, Par]) -> tuple[MetricRow, ...]:
    tiles = dict(CARDS)
    rows = []
    for m in METRICS:
        v = values.get(m.name)
        num = float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
        p = par.get(m.name)
        rows.append(
            MetricRow(
                m.name,
                m.label,
                num,
                fd(num),
                m.definition,
                tiles.get(m.name, ""),
                fd(p.seconds) if p else "",
                p.drills if p else 0,
                _vs_par(num, p),
            )
        )
    known = {m.name for m in METRICS}
    for name, v in values.items():  # a metric from a newer gameday: shown, not dropped
        if name not in known:
            num = float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None
            rows.append(MetricRow(name, name.replace("_", " "), num, fd(num), "", ""))
    return tuple(rows)


def _criterion_row(c: dict[str, Any]) -> CriterionRow:
    state = str(c.get("state", ""))
    pending = bool(c.get("pending"))
    weight = float(c.get("weight") or 0.0)
    points = float(c.get("points") or 0.0)
    na = state == "not_applicable"
    evid = ", ".join(f"#{e.get('id')} @{fd(e.get('t'))}" for e in (c.get("evidence") or [])[:6])
    return CriterionRow(
        name=str(c.get("name", "")),
        title=str(c.get("title", c.get("name", ""))),
        state=state,
        state_label="pending" if pending else STATE_LABEL.get(state, state),
        pending=pending,
        points="-" if na else f"{points:g}/{weight:g}",
        percent=0.0 if na or not weight else round(100 * points / weight),
        color=COLORS["pending"] if pending else COLORS.get(state, COLORS["not_applicable"]),
        explanation=str(c.get("explanation", "")),
        evidence=evid,
    )


def _people_rows(people: dict[str, Any]) -> tuple[PersonRow, ...]:
    rows = []
    for name, p in people.items():
        roles = ", ".join(ev.ROLE_TITLES.get(r, r) for r in p.get("roles") or []) or "-"
        log = " · ".join(f"{fd(x.get('t'))} {x.get('kind')}" for x in (p.get("log") or [])[:14])
        rows.append(PersonRow(str(name), roles, int(p.get("actions") or 0), log))
    return tuple(rows)


def _event_rows(timeline: Timeline | None) -> tuple[EventRow, ...]:
    if timeline is None:
        return ()
    return tuple(
        EventRow(e.id, fd(e.t), _clock(e.wall), e.actor, e.kind, describe(e))
        for e in timeline.events
    )


def _clock(wall: datetime) -> str:
    """``09:04:05``: what ``f"{wall:%H:%M:%S}"`` writes, without strftime (thousands of rows)."""
    return "%02d:%02d:%02d" % (wall.hour, wall.minute, wall.second)  # noqa: UP031


def _cost(result: dict[str, Any], timeline: Timeline | None) -> dict[str, Any] | None:
    """The result's cost of delay; for a scorecard written before it existed, the fold's."""
    if "cost" in result:
        cost = result.get("cost")
        return cost if isinstance(cost, dict) else None
    return cost_of_delay(Incident.replay(timeline.events)) if timeline is not None else None


def _load(result: dict[str, Any], timeline: Timeline | None) -> dict[str, Any] | None:
    """The result's load; for a scorecard written before it existed, the fold's."""
    if "load" in result:
        got = result.get("load")
        return got if isinstance(got, dict) else None
    return load(Incident.replay(timeline.events)) if timeline is not None else None


def _fix(result: dict[str, Any], timeline: Timeline | None) -> dict[str, Any] | None:
    """The result's fix; for a scorecard written before it existed, the fold's."""
    if "fix" in result:
        fix = result.get("fix")
        return fix if isinstance(fix, dict) else None
    return fix_summary(Incident.replay(timeline.events)) if timeline is not None else None


def _end_reason(header: dict[str, Any], timeline: Timeline | None) -> str:
    if header.get("end_reason"):
        return str(header["end_reason"])
    if timeline is not None:
        from gameday.scorecard.io import end_reason

        return end_reason(timeline) or ""
    return ""


def build(
    result: dict[str, Any],
    header: dict[str, Any],
    timeline: Timeline | None = None,
    par: dict[str, Par] | None = None,
    *,
    events: bool = True,
) -> ScorecardView:
    """From a scorecard's ``result`` (``ScoreResult.to_dict()``), its header fields (``title,
    team, scenario, drill, started``, optionally ``end_reason``) and the team's ``par``.
    ``events=False``: without the event rows (the terminal lists none; a long drill has
    thousands to describe)."""
    total = float(result.get("total") or 0.0)
    cost = _cost(result, timeline)
    achieved = _load(result, timeline)
    fix = _fix(result, timeline)
    miss = result.get("first_missed_step")
    mon = result.get("first_failed_monitor")
    sev = result.get("severity") or {}
    imp = result.get("impact")
    started = str(header.get("started") or "")
    return ScorecardView(
        title=str(header.get("title") or header.get("scenario") or ""),
        team=str(header.get("team") or ""),
        scenario=str(header.get("scenario") or ""),
        drill=str(header.get("drill") or ""),
        started=f"{started[:16].replace('T', ' ')} UTC" if started else "",
        date=started[:10],
        playbook=str(result.get("playbook") or ""),
        total=total,
        color=score_color(total),
        first_missed=(str(miss.get("title")), str(miss.get("explanation"))) if miss else None,
        first_monitor=(
            (str(mon.get("monitor")), fd(mon.get("t")), str(mon.get("detail") or ""))
            if mon
            else None
        ),
        impact=imp,
        impact_line=impact_line(imp),
        cost=cost,
        cost_line=cost_line(cost),
        load=achieved,
        load_line=load_line(achieved),
        fix=fix,
        fix_line=fix_line(fix),
        end_reason=_end_reason(header, timeline),
        severity_declared=ev.sev_label(sev.get("declared")),
        severity_expected=ev.sev_label(sev.get("expected")),
        metrics=_metric_rows(result.get("metrics") or {}, par or {}),
        criteria=tuple(_criterion_row(c) for c in result.get("criteria") or []),
        people=_people_rows(result.get("people") or {}),
        events=_event_rows(timeline) if events else (),
        notes=tuple(str(n) for n in result.get("notes") or ()),
    )


def from_card(card: Any) -> ScorecardView:
    """From a ``gameday.scorecard.io.Scorecard``."""
    tl: Timeline = card.timeline
    header = {
        "title": tl.title,
        "team": tl.team,
        "scenario": tl.scenario,
        "drill": tl.drill,
        "started": _iso(tl.started),
    }
    return build(card.result, header, tl, getattr(card, "par", None))


def _iso(dt: datetime) -> str:
    return dt.isoformat()
