"""After the drill: the timeline on disk, a plain timing summary, and the scorecard.

The timeline and summary are written first and never depend on scoring, so a scoring bug (or
a playbook error) can not lose the record of a drill; scoring runs the same code
``gameday score`` runs on the exported timeline. ``write_record`` needs no live runner, so a
drill whose runner died is finished with the very same files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.durations import format_duration

if TYPE_CHECKING:
    from gameday.drill.locate import Drill
    from gameday.drill.runner import Runner, RunResult
    from gameday.playbook import Playbook
    from gameday.scenario.model import Scenario
    from gameday.timeline import Timeline


def timings(events: list[ev.Event]) -> dict[str, Any]:
    """The drill's key times from its events (seconds of drill time; None = never)."""

    def first(kind: str, pred: Any = None, after: float = 0.0) -> float | None:
        for e in events:
            if e.kind == kind and e.t >= after and (pred is None or pred(e)):
                return e.t
        return None

    live = first(ev.FAULT_LIVE)
    injected = first(ev.FAULT_INJECTED)
    base = injected if injected is not None else live if live is not None else 0.0
    alert = first(ev.ALERT_FIRED, lambda e: not e.data.get("noise"), after=base)
    ack = first(ev.ACK)
    mitigated = first(ev.MITIGATED)
    resolved = first(ev.RESOLVE, lambda e: not e.data.get("premature"))
    ended = first(ev.DRILL_ENDED)

    def since(t: float | None) -> float | None:
        return None if t is None or live is None else round(max(0.0, t - live), 3)

    stats = [e.data for e in events if e.kind == ev.CUSTOMERS_STATS]  # counts per interval

    def customers(key: str) -> int | None:
        return sum(int(d.get(key) or 0) for d in stats) if stats else None

    return {
        "fault_live_t": live,
        "detect_s": since(alert),
        "ack_s": since(ack),
        "mitigate_s": since(mitigated),
        "resolve_s": since(resolved),
        "duration_s": ended,
        "pages": sum(1 for e in events if e.kind == ev.PAGE_SENT),
        "escalations": sum(1 for e in events if e.kind == ev.PAGE_ESCALATED),
        "alerts": sum(1 for e in events if e.kind == ev.ALERT_FIRED and not e.data.get("noise")),
        "actions": sum(1 for e in events if e.kind.startswith("action.")),
        "premature_resolves": sum(
            1 for e in events if e.kind == ev.RESOLVE and e.data.get("premature")
        ),
        "customer_requests": customers("requests"),
        "customer_failures": customers("failures"),
    }


def summary_lines(t: dict[str, Any]) -> list[str]:
    """Every time here counts from the fault going live; the scorecard's metrics count ack from
    the page and mitigate/resolve from the incident's start, so the labels say which is which."""
    return [
        f"time to detect              {format_duration(t['detect_s'])}",
        f"ack after fault went live   {format_duration(t['ack_s'])}",
        f"mitigated after fault live  {format_duration(t['mitigate_s'])}",
        f"resolved after fault live   {format_duration(t['resolve_s'])}",
        f"pages {t['pages']}, escalations {t['escalations']}, alerts {t['alerts']}, "
        f"actions {t['actions']}",
        f"customers: {t['customer_failures'] or 0} failed of {t['customer_requests'] or 0} "
        "requests",
    ]


@dataclass
class DrillRecord:
    """What ending a drill wrote: the summary (also ``summary.json``) and every file's path."""

    summary: dict[str, Any] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


def write_record(
    drill: Drill,
    events: list[ev.Event],
    *,
    reason: str,
    scenario: Scenario,
    playbook: Playbook | None,
    team: str,
    score: bool = True,
    say: Callable[[str], None] = print,
) -> DrillRecord:
    """Write a finished drill's record: ``summary.json``/``.txt``, ``timeline.yaml``, and (unless
    ``score`` is off or the drill was aborted) its scorecard.

    The one path for every way a drill ends: the runner's own finish and ``gameday end`` on a
    drill whose runner died, so both leave exactly the same files behind.
    """
    record = DrillRecord()
    t = timings(events)
    record.summary = {"reason": reason, **t}
    d = drill.dir
    (d / "summary.json").write_text(json.dumps(record.summary, indent=2) + "\n")
    lines = [f"drill {drill.id} ended: {reason}", *summary_lines(t)]
    (d / "summary.txt").write_text("\n".join(lines) + "\n")
    record.outputs.append(str(d / "summary.txt"))
    from gameday.timeline import Expectations, Timeline, write_timeline

    timeline = Timeline.from_events(
        events,
        drill=drill.id,
        scenario=scenario.id,
        team=team,
        expectations=Expectations.from_scenario(scenario),
    )
    try:
        record.outputs.append(str(write_timeline(timeline, d / "timeline.yaml")))
    except Exception as exc:
        say(f"gameday: could not write the timeline: {exc}")
    if score and reason != "abort":
        _score(record, timeline, scenario, playbook, say)
    return record


def write(r: Runner, result: RunResult) -> None:
    """The runner's end of drill: ``write_record`` with what the runner loaded."""
    assert r.log is not None and r.drill is not None and r.scenario is not None
    record = write_record(
        r.drill,
        r.log.events(),
        reason=result.reason,
        scenario=r.scenario,
        playbook=r.playbook,
        team=getattr(r.team, "name", ""),
        score=r.opts.score,
        say=r.say,
    )
    result.summary = record.summary
    result.outputs += record.outputs


def _score(
    record: DrillRecord,
    timeline: Timeline,
    scenario: Scenario,
    playbook: Playbook | None,
    say: Callable[[str], None],
) -> None:
    from gameday.playbook import load_playbook
    from gameday.scorecard import write_scorecards
    from gameday.scoring import score

    try:
        pb = playbook if playbook is not None else load_playbook(scenario.playbook or "default")
        scored = score(timeline, scenario, pb)
    except Exception as exc:  # the drill record is safe on disk; say why there is no score
        say(f"gameday: scoring failed: {exc}")
        return
    record.summary["score"] = scored.total
    try:
        record.outputs += [str(p) for p in write_scorecards(scored, timeline)]
    except Exception as exc:
        say(f"gameday: could not write the scorecard: {exc}")
