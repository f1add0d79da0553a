"""The numbers on a scorecard, read off the incident fold (all in seconds).

The metrics and customer impact are ``gameday.incident``'s (one definition each, in
``gameday.incident.metrics.METRICS``); this module adds what only the scorecard shows: the
first monitor to fail, who did what, and where the deadlines fell.
"""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.incident import METRIC_HELP, cost_of_delay
from gameday.incident import impact as _impact
from gameday.incident import load as _load
from gameday.incident import metrics as _metrics
from gameday.scoring.facts import Facts

__all__ = [
    "METRIC_HELP",
    "cost",
    "deadline_markers",
    "first_failed_monitor",
    "impact",
    "load",
    "metrics",
    "people",
]


def metrics(f: Facts) -> dict[str, float | None]:
    return _metrics(f.incident)


def impact(f: Facts) -> dict[str, Any] | None:
    return _impact(f.incident)


def cost(f: Facts) -> dict[str, Any] | None:
    return cost_of_delay(f.incident)


def load(f: Facts) -> dict[str, Any] | None:
    return _load(f.incident)


def first_failed_monitor(f: Facts) -> dict[str, Any] | None:
    e = next((m for m in f.all(ev.MONITOR_CHANGED) if m.data.get("ok") is False), None)
    if e is None:
        return None
    return {
        "monitor": e.data.get("monitor"),
        "t": e.t,
        "id": e.id,
        "detail": e.data.get("detail", ""),
    }


def people(f: Facts) -> dict[str, dict[str, Any]]:
    """Who did what and when: every responder action, by person (as the roster spells them)."""
    out: dict[str, dict[str, Any]] = {}
    for e in f.incident.events:
        if not e.kind.startswith("action.") or e.actor == ev.SYSTEM_ACTOR:
            continue
        name = f.actor(e)
        p = out.setdefault(name, {"actions": 0, "roles": [], "first_t": e.t, "log": []})
        p["actions"] += 1
        p["log"].append({"id": e.id, "t": round(e.t, 3), "kind": e.kind.split(".", 1)[1]})
    for _, key, person in f.roles_timeline():
        p = out.setdefault(person, {"actions": 0, "roles": [], "first_t": None, "log": []})
        if key not in p["roles"]:
            p["roles"].append(key)
    return dict(sorted(out.items(), key=lambda kv: kv[0].casefold()))


def deadline_markers(f: Facts, states: dict[str, str]) -> list[dict[str, Any]]:
    """Where each applicable "within X of Y" deadline fell, for drawing on the timeline."""
    if not f.has_incident:
        return []
    pb = f.playbook
    anchors: dict[str, float | None] = {
        "ack": f.page.t if f.page else None,
        "declare": f.detected_t,
        "channel": f.confirmed_t,
        "roles": f.confirmed_t,
        "first_status": f.confirmed_t,
        "stakeholders": f.confirmed_t,
        "rollback": f.detected_t,
        "final_status": f.resolve.t if f.resolve else None,
    }
    out = []
    for name, anchor in anchors.items():
        state = states.get(name, "not_applicable")
        if anchor is None or state == "not_applicable":
            continue
        out.append(
            {
                "criterion": name,
                "label": name.replace("_", " "),
                "t": round(anchor + pb.deadline(name), 3),
                "state": state,
            }
        )
    return out
