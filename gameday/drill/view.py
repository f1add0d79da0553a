"""What responders may see: the ``watch`` state and the public status page, built from the log.

A whitelist, not a blacklist: only the fields listed here leave the runner, so faults, the
scenario, hints, mitigation and the ``noise`` flag of alerts can never leak to responders (a
noise alert must look exactly like a real one).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gameday import events as ev
from gameday.drill.locate import Drill
from gameday.drill.log import EventLog
from gameday.drill.page import page_of
from gameday.events.typed import describe

MAX_ITEMS = 200
STATE_BANNER = {
    None: ("operational", "All systems operational"),
    "investigating": ("major", "Investigating an incident"),
    "identified": ("major", "Issue identified; a fix is in progress"),
    "monitoring": ("degraded", "A fix has been applied; monitoring"),
    "resolved": ("operational", "All systems operational"),
}


def describe_event(e: ev.Event) -> str:
    """The line responders read for ``e``: ``describe`` without what would give the drill away."""
    return describe(e, public=True)


def _visible_kinds() -> list[str]:
    from gameday.drill.actions import ACTIONS

    runner = [
        ev.ALERT_FIRED,
        ev.ALERT_RESOLVED,
        ev.PAGE_SENT,
        ev.PAGE_ESCALATED,
        ev.INJECT_DELIVERED,
        ev.HINT,
        ev.WRAPUP,
        ev.EXTENDED,
        ev.DRILL_STOPPING,
        ev.DRILL_ENDED,
    ]
    return runner + sorted({kind.event for _, kind in ACTIONS.items()})


def public_phase(inc: Any) -> str:
    """What responders may know of the phase: running, wrapup or ended (never "mitigated")."""
    phase = inc.phase
    return phase if phase in ("wrapup", "ended") else "running"


def _end_t(log: EventLog) -> float:
    ended = log.first(ev.DRILL_ENDED)
    if ended is not None:
        return ended.t
    last = log.events(since_id=max(0, log.last_id() - 1))
    return last[-1].t if last else 0.0


def responder_state(
    drill: Drill, *, since_id: int = 0, events: Sequence[ev.Event] | None = None
) -> dict[str, Any]:
    """The JSON ``watch`` shows (also ``GET /api/state`` and the drill room's console).

    The incident part (severity, roles, channel, who acknowledged, when the team acknowledged
    and declared) is the incident fold's, the same one the dashboard and the scorecard read;
    only fields listed here leave the runner. ``events``: the log as a caller already holds it
    (the drill room's fold), instead of reading it again.
    """
    from gameday.incident import Incident

    meta = drill.meta()
    log = drill.log()
    # skip the bulk (customers.stats, monitor.*); drill.started only for the roster's spellings
    kinds = [ev.DRILL_STARTED, *_visible_kinds()]
    if events is None:
        events = log.events(kinds=kinds)
    else:
        wanted = set(kinds)
        events = [e for e in events if e.kind in wanted]
    inc = Incident.replay(events)
    alerts: dict[str, dict[str, Any]] = {}
    pages, channel, posts, stakeholder, hints = [], [], [], [], []
    for e in events:
        if e.kind in (ev.DRILL_STARTED, ev.WRAPUP, ev.EXTENDED, ev.DRILL_STOPPING, ev.DRILL_ENDED):
            continue
        d = e.data
        text = describe(e, public=True)
        if e.kind == ev.ALERT_FIRED:
            name = str(d.get("alert", ""))
            alerts[name] = {
                "alert": name,
                "severity": d.get("severity"),
                "message": d.get("message", ""),
                "t": e.t,
                "text": text,
            }
        elif e.kind == ev.HINT:
            hints.append({"t": e.t, "text": str(d.get("text", "")), "line": text})
        elif e.kind == ev.ALERT_RESOLVED:
            alerts.pop(str(d.get("alert", "")), None)
        elif e.kind in (ev.PAGE_SENT, ev.PAGE_ESCALATED):
            pages.append(
                {
                    "t": e.t,
                    "to": d.get("to"),
                    "level": d.get("level", 0),
                    "escalated": e.kind == ev.PAGE_ESCALATED,
                    "text": text,
                }
            )
        elif e.kind == ev.INJECT_DELIVERED and d.get("kind") == "stakeholder":
            stakeholder.append(
                {
                    "t": e.t,
                    "id": d.get("inject"),
                    "from": d.get("from"),
                    "message": d.get("message", ""),
                    "text": text,
                }
            )
        elif e.kind.startswith("action."):
            channel.append({"t": e.t, "actor": inc.actor(e), "kind": e.kind, "text": text})
            if e.kind == ev.STATUS:
                posts.append(
                    {
                        "t": e.t,
                        "wall": e.wall.isoformat(),
                        "state": d.get("state"),
                        "text": d.get("text", ""),
                    }
                )
    wrapup = inc.wrapup
    real = inc.real_incident_stop
    return {
        "drill": {
            "id": meta.id,
            "team": meta.team,
            "state": meta.state,
            "phase": public_phase(inc),
            "t": log.now_t() if meta.state == "running" else _end_t(log),
            "time_limit_s": inc.time_limit_s,
            "wrapup_until_t": wrapup.data.get("until_t") if wrapup is not None else None,
            "runner_alive": drill.runner_alive(),
            # stopped for a real incident: when (responders stand down; who asked stays out)
            "real_incident_t": real.t if real is not None else None,
        },
        "page": page_of(events),
        "hints": hints[-MAX_ITEMS:],
        "incident": _incident(inc),
        "alerts": sorted(alerts.values(), key=lambda a: a["t"]),
        "pages": pages[-MAX_ITEMS:],
        "channel": channel[-MAX_ITEMS:],
        "status_posts": posts[-MAX_ITEMS:],
        "stakeholder_messages": stakeholder[-MAX_ITEMS:],
        "components": list(meta.components),
        "component_states": inc.component_states(meta.components),
        "last_id": log.last_id(),
    }


def _incident(inc: Any) -> dict[str, Any]:
    """What the team itself did, from the fold: nothing about faults or mitigation."""
    channel = inc.all(ev.CHANNEL)
    ack = inc.first(ev.ACK)
    declared = inc.declare_event
    return {
        "sev": inc.severity,
        "roles": inc.holders(),
        "channel": channel[-1].data.get("name") if channel else None,
        "acked_by": inc.actor(ack) if ack is not None else None,
        "acknowledged_t": ack.t if ack is not None else None,
        "declared_t": declared.t if declared is not None else None,
    }


def status_page_html(drill: Drill) -> str:
    """The public status page customers would see (the drill room serves it live at /status)."""
    from gameday.drill.web.views import status_page
    from gameday.incident import Incident

    return status_page(drill, Incident.replay(drill.log().events(kinds=[ev.STATUS])))
