"""What responders may see: the ``watch`` state and the public status page, built from the log.

A whitelist, not a blacklist: only the fields listed here leave the runner, so faults, the
scenario, hints, mitigation and the ``noise`` flag of alerts can never leak to responders (a
noise alert must look exactly like a real one).
"""

from __future__ import annotations

import html
from typing import Any

from gameday import events as ev
from gameday.drill.locate import Drill
from gameday.drill.log import EventLog
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
    ]
    return runner + sorted({kind.event for _, kind in ACTIONS.items()})


def _end_t(log: EventLog) -> float:
    ended = log.first(ev.DRILL_ENDED)
    if ended is not None:
        return ended.t
    last = log.events(since_id=max(0, log.last_id() - 1))
    return last[-1].t if last else 0.0


def responder_state(drill: Drill, *, since_id: int = 0) -> dict[str, Any]:
    """The JSON ``watch`` shows (also ``GET /api/state``)."""
    meta = drill.meta()
    log = drill.log()
    events = log.events(kinds=_visible_kinds())  # skip the bulk: customers.stats, monitor.*
    alerts: dict[str, dict[str, Any]] = {}
    pages, channel, posts, stakeholder = [], [], [], []
    incident: dict[str, Any] = {"sev": None, "roles": {}, "channel": None, "acked_by": None}
    for e in events:
        d = e.data
        if e.kind == ev.ALERT_FIRED:
            name = str(d.get("alert", ""))
            alerts[name] = {
                "alert": name,
                "severity": d.get("severity"),
                "message": d.get("message", ""),
                "t": e.t,
            }
        elif e.kind == ev.ALERT_RESOLVED:
            alerts.pop(str(d.get("alert", "")), None)
        elif e.kind in (ev.PAGE_SENT, ev.PAGE_ESCALATED):
            pages.append(
                {
                    "t": e.t,
                    "to": d.get("to"),
                    "level": d.get("level", 0),
                    "escalated": e.kind == ev.PAGE_ESCALATED,
                }
            )
        elif e.kind == ev.INJECT_DELIVERED and d.get("kind") == "stakeholder":
            stakeholder.append(
                {
                    "t": e.t,
                    "id": d.get("inject"),
                    "from": d.get("from"),
                    "message": d.get("message", ""),
                }
            )
        elif e.kind.startswith("action."):
            channel.append({"t": e.t, "actor": e.actor, "kind": e.kind, "text": describe_event(e)})
            if e.kind == ev.STATUS:
                posts.append(
                    {
                        "t": e.t,
                        "wall": e.wall.isoformat(),
                        "state": d.get("state"),
                        "text": d.get("text", ""),
                    }
                )
            elif e.kind == ev.DECLARE:
                incident["sev"] = d.get("sev")
            elif e.kind == ev.ROLE:
                incident["roles"][d.get("role")] = d.get("person")
            elif e.kind == ev.CHANNEL:
                incident["channel"] = d.get("name")
            elif e.kind == ev.ACK and incident["acked_by"] is None:
                incident["acked_by"] = e.actor
    return {
        "drill": {
            "id": meta.id,
            "team": meta.team,
            "state": meta.state,
            "t": log.now_t() if meta.state == "running" else _end_t(log),
            "runner_alive": drill.runner_alive(),
        },
        "incident": incident,
        "alerts": sorted(alerts.values(), key=lambda a: a["t"]),
        "pages": pages[-MAX_ITEMS:],
        "channel": channel[-MAX_ITEMS:],
        "status_posts": posts[-MAX_ITEMS:],
        "stakeholder_messages": stakeholder[-MAX_ITEMS:],
        "components": list(meta.components),
        "last_id": log.last_id(),
    }


_CSS = """
body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;color:#222;padding:0 1rem}
.banner{padding:1rem;border-radius:.4rem;color:#fff;font-weight:600}
.operational{background:#2e7d32}.degraded{background:#ef6c00}.major{background:#c62828}
table{width:100%;border-collapse:collapse;margin:1rem 0}
td{padding:.5rem;border-bottom:1px solid #ddd}
.st{font-weight:600;text-transform:capitalize}.post{margin:1rem 0;padding-left:.8rem;
border-left:3px solid #999}.when{color:#666;font-size:.85rem}
"""


def status_page_html(drill: Drill, *, refresh_s: int = 5) -> str:
    """The public status page customers would see: components and the incident's posts."""
    posts = [e for e in drill.log().events(kinds=[ev.STATUS])]
    state = posts[-1].data.get("state") if posts else None
    cls, banner = STATE_BANNER.get(state, STATE_BANNER["investigating"])
    comp_label = {
        "operational": "Operational",
        "degraded": "Degraded performance",
        "major": "Partial outage",
    }[cls]
    rows = "".join(
        f"<tr><td>{html.escape(c)}</td><td class='st'>{comp_label}</td></tr>"
        for c in drill.meta().components
    )
    items = "".join(
        f"<div class='post'><div class='st'>{html.escape(str(e.data.get('state', '')))}</div>"
        f"<div>{html.escape(str(e.data.get('text', '')))}</div>"
        f"<div class='when'>{e.wall:%Y-%m-%d %H:%M:%S} UTC</div></div>"
        for e in reversed(posts[-MAX_ITEMS:])
    )
    if not items:
        items = "<p>No incidents reported.</p>"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='refresh' content='{int(refresh_s)}'>"
        "<title>Status</title>"
        f"<style>{_CSS}</style></head><body><h1>System status</h1>"
        f"<div class='banner {cls}'>{html.escape(banner)}</div>"
        f"<table>{rows}</table><h2>Incident updates</h2>{items}</body></html>"
    )
