"""What each page shows, as template contexts, and its sections rendered from the templates.

A page is a few sections (``SECTIONS``); the first load renders them into the page and the
live stream (``/events/<view>``) sends the same sections again after every change, so the two
can never differ. Responders' sections are built only from ``view.responder_state`` (the
whitelist ``watch`` and ``/api/state`` use): never the scenario, faults, hints not sent, noise
flags or mitigation. Every text goes through Jinja2's autoescaping.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.durations import format_duration

if TYPE_CHECKING:
    from gameday.drill.locate import Drill
    from gameday.drill.web.room import Room
    from gameday.incident import Incident

TEMPLATES = "drill/web/templates"
SECTIONS: dict[str, tuple[str, ...]] = {
    "room": (
        "head",
        "page",
        "incident",
        "alerts",
        "pages",
        "hints",
        "stakeholders",
        "deploys",
        "channel",
        "status",
    ),
    "dashboard": ("head", "charts", "monitors"),
    "facilitator": (
        "head",
        "truth",
        "checklist",
        "alerts",
        "pages",
        "stakeholders",
        "timeline",
        "status",
    ),
    "status": ("status",),
}
CHART_W, CHART_H, WINDOW_S = 300, 70, 300.0


def render(template: str, /, **context: Any) -> str:
    from gameday.templating import render as render_template

    return render_template(TEMPLATES, template, clock=format_duration, **context)


def render_sections(view: str, context: dict[str, Any]) -> dict[str, str]:
    return {s: render(f"sections/{s}.html.j2", view=view, **context) for s in SECTIONS[view]}


# --- contexts ------------------------------------------------------------------------------------
def responder_context(room: Room) -> dict[str, Any]:
    from gameday.drill.view import responder_state

    state = responder_state(room.drill, events=room.incident.events)
    return {
        "state": state,
        "status": status_context(room.drill, room.incident),
        "deploys": deploys_context(room),
    }


DEPLOYS_SHOWN = 10


def deploys_context(room: Room) -> dict[str, Any]:
    """The target's deploy log, newest first: what a team checks first ("what changed?").
    It is the target's own record (``gameday target deploys``), not the drill's events: a
    deploy made outside gameday's drill, or before it, belongs there too."""
    import datetime as dt

    history = room.deploy_history()
    if history is None:
        return {"rows": [], "error": "No deploy history for this target."}
    now = dt.datetime.now(dt.UTC)
    rows = [
        {**d.to_dict(), "when": f"{d.at:%H:%M:%S}" if d.at else "?", "ago": d.ago(now)}
        for d in history.entries(limit=DEPLOYS_SHOWN)
    ]
    return {"rows": rows, "error": None}


def status_context(drill: Drill, inc: Incident) -> dict[str, Any]:
    """The public status page: component states (Statuspage's four) and the incident's posts."""
    from gameday.drill.view import STATE_BANNER

    meta = drill.meta()
    comps = inc.component_states(meta.components)
    posts = inc.all(ev.STATUS)
    state_now = str(posts[-1].data.get("state") or "") if posts else None
    worst = max((ev.COMPONENT_STATES.index(s) for s in comps.values()), default=0)
    cls, banner = STATE_BANNER.get(state_now, STATE_BANNER["investigating"])
    if state_now in (None, "resolved") and worst:
        cls, banner = "degraded", "Some systems are degraded"
    return {
        "banner_class": cls,
        "banner": banner,
        "incident_state": state_now,
        "components": [
            {"name": n, "state": s, "label": s.replace("_", " ")} for n, s in comps.items()
        ],
        "posts": [
            {
                "state": str(p.data.get("state") or ""),
                "text": str(p.data.get("text") or ""),
                "when": f"{p.wall:%Y-%m-%d %H:%M:%S} UTC",
            }
            for p in reversed(posts[-200:])
        ],
    }


def facilitator_context(room: Room) -> dict[str, Any]:
    from gameday.drill.facilitator import truth
    from gameday.drill.view import responder_state
    from gameday.events.typed import describe
    from gameday.incident import (
        cost_line,
        cost_of_delay,
        impact,
        impact_line,
        load,
        load_line,
        metrics,
    )

    inc = room.incident
    steps, result = room.checklist()
    hints = inc.all(ev.HINT)
    timeline = [
        {
            "t": e.t,
            "actor": "" if e.actor == ev.SYSTEM_ACTOR else inc.actor(e),
            "text": describe(e),
            "kind": e.kind,
        }
        for e in inc.events[-400:]
        if e.kind != ev.CUSTOMERS_STATS
    ][-60:]
    return {
        "state": responder_state(room.drill, events=room.incident.events),
        "status": status_context(room.drill, inc),
        "truth": truth(room.drill, inc),
        "phase": inc.phase,
        "steps": steps,
        "total": result.total if result is not None else None,
        "hint_cost": sum(_cost(e) for e in hints),
        "metrics": {k: v for k, v in metrics(inc).items() if v is not None},
        "failing": inc.failing_monitors(),
        "timeline": list(reversed(timeline)),
        # the customers as the summary and scorecard will tell it (the fold's one definition)
        "customers": [
            impact_line(impact(inc)),
            cost_line(cost_of_delay(inc)),
            load_line(load(inc)),
        ],
    }


def _cost(e: ev.Event) -> float:
    c = e.data.get("cost")
    return float(c) if isinstance(c, int | float) and not isinstance(c, bool) else 0.0


def dashboard_context(room: Room) -> dict[str, Any]:
    """Per endpoint rate, error ratio and p95 (the customers'), each monitor's history."""
    from gameday.drill.view import public_phase

    now = room.now_t()
    latest = max((s[-1].t for s in room.telemetry.series.values() if s), default=now)
    end = max(now, latest)
    start = max(0.0, end - WINDOW_S)
    endpoints = []
    for name, series in sorted(room.telemetry.series.items(), key=_endpoint_order):
        pts = [s for s in series if s.t >= start]
        if not pts:
            continue
        last = pts[-1]
        endpoints.append(
            {
                "name": name,
                "rps": last.rps,
                "error_ratio": last.error_ratio,
                "p95_ms": last.p95_ms,
                "charts": [
                    chart("requests/s", [(s.t, s.rps) for s in pts], start, end),
                    chart(
                        "errors %",
                        [(s.t, 100 * s.error_ratio) for s in pts],
                        start,
                        end,
                        floor=5.0,
                        bad=lambda v: v >= 5.0,
                    ),
                    chart("p95 ms", [(s.t, s.p95_ms) for s in pts], start, end, floor=100.0),
                ],
            }
        )
    return {
        "t": now,
        "phase": public_phase(room.incident),
        "window": WINDOW_S,
        "endpoints": endpoints,
        "monitors": monitor_history(room.incident.all(ev.MONITOR_CHANGED), now),
    }


def _endpoint_order(item: tuple[str, Any]) -> tuple[int, str]:
    from gameday.drill.web.room import ALL

    return (0 if item[0] == ALL else 1, item[0])


def chart(
    label: str,
    points: list[tuple[float, float]],
    start: float,
    end: float,
    *,
    floor: float = 1.0,
    bad: Any = None,
) -> dict[str, Any]:
    """An inline SVG line chart's geometry: the polyline over [start, end], scaled to its max."""
    top = max([floor, *(v for _, v in points)])
    span = max(1.0, end - start)

    def xy(t: float, v: float) -> str:
        x = (t - start) / span * CHART_W
        y = CHART_H - (v / top) * (CHART_H - 4) - 2
        return f"{x:.1f},{y:.1f}"

    last = points[-1][1] if points else 0.0
    return {
        "label": label,
        "points": " ".join(xy(t, v) for t, v in points),
        "top": top,
        "last": last,
        "bad": bool(bad(last)) if bad is not None else False,
        "w": CHART_W,
        "h": CHART_H,
    }


def monitor_history(changes: Iterable[ev.Event], now: float) -> list[dict[str, Any]]:
    """Each monitor's passing/failing spans over the drill, as bands to draw."""
    spans: dict[str, list[dict[str, Any]]] = {}
    open_: dict[str, tuple[float, bool]] = {}
    for e in changes:
        name, ok = str(e.data.get("monitor", "")), e.data.get("ok") is True
        if name in open_:
            t0, was = open_[name]
            spans.setdefault(name, []).append({"t0": t0, "t1": e.t, "ok": was})
        else:
            spans.setdefault(name, [])
        open_[name] = (e.t, ok)
    out = []
    span = max(1.0, now)
    for name, rows in spans.items():
        t0, ok = open_[name]
        rows = [*rows, {"t0": t0, "t1": now, "ok": ok}]
        bands = [
            {
                "x": r["t0"] / span * 600,
                "w": max(1.0, (r["t1"] - r["t0"]) / span * 600),
                "ok": r["ok"],
                "title": f"{'passing' if r['ok'] else 'FAILING'} "
                f"{format_duration(r['t0'])}-{format_duration(r['t1'])}",
            }
            for r in rows
        ]
        out.append({"name": name, "ok": ok, "since": t0, "bands": bands})
    return out


def roster(room: Room) -> list[str]:
    """The names a responder picks from: the team file's people, the on-call order, and
    anyone who has acted already."""
    from gameday.drill.team import load_team
    from gameday.errors import GamedayError

    names: list[str] = []
    team_file = room.drill.meta().team_file
    if team_file:
        try:
            team = load_team(team_file)
            names += [getattr(p, "name", str(p)) for p in team.people]
            names += list(team.oncall)
        except GamedayError:
            pass
    for e in room.incident.all(ev.DRILL_STARTED):
        names += [str(n) for n in e.data.get("oncall") or [] if isinstance(n, str)]
    names += [
        e.actor
        for e in room.incident.events
        if e.kind.startswith("action.") and e.actor != ev.SYSTEM_ACTOR
    ]
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(n.lower(), n)
    return sorted(seen.values(), key=str.lower)


# --- the pages' sections ----------------------------------------------------------------------
def room_sections(room: Room) -> dict[str, str]:
    return render_sections("room", responder_context(room))


def dashboard_sections(room: Room) -> dict[str, str]:
    ctx = dashboard_context(room)
    from gameday.drill.view import responder_state

    state = responder_state(room.drill, events=room.incident.events)
    return render_sections("dashboard", {**ctx, "state": state})


def facilitator_sections(room: Room) -> dict[str, str]:
    return render_sections("facilitator", facilitator_context(room))


def status_sections(room: Room) -> dict[str, str]:
    return render_sections("status", {"status": status_context(room.drill, room.incident)})


def status_page(drill: Drill, inc: Incident) -> str:
    """The whole public status page (no live stream: a page for files and tests)."""
    from gameday.templating import safe

    section = render_sections("status", {"status": status_context(drill, inc)})
    return render("status.html.j2", sections={"status": safe(section["status"])}, view="status")


RENDERERS = {
    "room": room_sections,
    "dashboard": dashboard_sections,
    "facilitator": facilitator_sections,
    "status": status_sections,
}
