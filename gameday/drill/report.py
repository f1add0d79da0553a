"""After the drill: the timeline on disk, a plain timing summary, and scoring when available.

The timeline and summary are written first and never depend on scoring, so a scoring bug (or
a playbook error) can not lose the record of a drill; scoring runs the same code
``gameday score`` runs on the exported timeline.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.durations import format_duration

if TYPE_CHECKING:
    from gameday.drill.runner import Runner, RunResult


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


def write(r: Runner, result: RunResult) -> None:
    assert r.log is not None and r.drill is not None
    events = r.log.events()
    t = timings(events)
    result.summary = {"reason": result.reason, **t}
    d = r.drill.dir
    (d / "summary.json").write_text(json.dumps(result.summary, indent=2) + "\n")
    lines = [f"drill {r.drill.id} ended: {result.reason}", *summary_lines(t)]
    (d / "summary.txt").write_text("\n".join(lines) + "\n")
    result.outputs.append(str(d / "summary.txt"))
    timeline = _timeline(r, events)
    if timeline is not None:
        from gameday.timeline import write_timeline

        try:
            result.outputs.append(str(write_timeline(timeline, d / "timeline.yaml")))
        except Exception as exc:
            r.say(f"gameday: could not write the timeline: {exc}")
    if r.opts.score and result.reason != "abort" and timeline is not None:
        _score(r, result, timeline)


def _timeline(r: Runner, events: list[ev.Event]) -> Any:
    try:
        from gameday.timeline import Expectations, Timeline
    except ImportError:
        return None
    assert r.drill is not None and r.scenario is not None
    return Timeline.from_events(
        events,
        drill=r.drill.id,
        scenario=r.scenario.id,
        team=getattr(r.team, "name", ""),
        expectations=Expectations.from_scenario(r.scenario),
    )


def _score(r: Runner, result: RunResult, timeline: Any) -> None:
    try:
        from gameday.scoring import score
    except ImportError:
        return
    try:
        scored = score(timeline, r.scenario, r.playbook)
    except Exception as exc:  # the drill record is safe on disk; say why there is no score
        r.say(f"gameday: scoring failed: {exc}")
        return
    result.summary["score"] = getattr(scored, "total", None)
    writer = _scorecard_writer()
    if writer is None:
        return
    try:
        paths = writer(scored, timeline)
        result.outputs += [str(p) for p in (paths or [])]
    except Exception as exc:
        r.say(f"gameday: could not write the scorecard: {exc}")


def _scorecard_writer() -> Any:
    try:
        from gameday import scorecard
    except ImportError:
        return None
    return getattr(scorecard, "write_scorecards", None)
