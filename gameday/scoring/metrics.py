"""The stopwatch numbers of a drill, read off the timeline (all in seconds).

Each metric states its start and end in ``METRIC_HELP`` (shown in docs/scoring.md and the
scorecards) because "time to acknowledge" means nothing until you say "from what".
"""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.scoring.facts import Facts

METRIC_HELP: dict[str, str] = {
    "time_to_detect": "fault live -> first real (non-noise) alert",
    "time_to_acknowledge": "first page -> first acknowledgement",
    "time_to_declare": "first alert -> incident declared",
    "time_to_staff_roles": "declared -> all three roles staffed",
    "time_to_first_status": "declared -> first public status post",
    "longest_comm_gap": "longest silence between status posts/updates, declared -> resolved",
    "time_to_mitigate": "incident start -> monitors steady again",
    "time_to_resolve": "incident start -> resolution declared",
}


def _delta(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b < a:
        return None
    return round(b - a, 3)


def _t(e: ev.Event | None) -> float | None:
    return e.t if e is not None else None


def metrics(f: Facts) -> dict[str, float | None]:
    incident = f.has_incident
    start = f.start_t if incident else None
    page = f.page
    staffed = f.roles_staffed_at()
    all_staffed = max((e.t for e in staffed.values()), default=None) if len(staffed) == 3 else None
    gaps = f.comm_gaps()
    return {
        "time_to_detect": _delta(_t(f.fault_live), _t(f.detection)),
        "time_to_acknowledge": _delta(_t(page), _t(f.first(ev.ACK, page.t)) if page else None),
        "time_to_declare": _delta(f.detected_t if incident else None, _t(f.declare)),
        "time_to_staff_roles": _delta(f.confirmed_t if incident else None, all_staffed),
        "time_to_first_status": _delta(f.confirmed_t if incident else None, _t(f.first(ev.STATUS))),
        "longest_comm_gap": round(gaps[0], 3) if gaps and f.comms else None,
        "time_to_mitigate": _delta(start, _t(f.mitigated)),
        "time_to_resolve": _delta(start, _t(f.resolve)),
    }


def impact(f: Facts) -> dict[str, Any] | None:
    """Customer impact while it lasted, from ``customers.stats`` (counts are per interval)."""
    stats = f.all(ev.CUSTOMERS_STATS)
    if not stats:
        return None
    start = f.start_t
    end = f.mitigated.t if f.mitigated else f.end_t
    during = [e for e in stats if start < e.t <= max(end, start)] or []
    out: dict[str, Any] = {"requests": 0, "failures": 0, "slow": 0}
    peak_fail = peak_p95 = 0.0
    for e in during:
        for k in ("requests", "failures", "slow"):
            v = e.data.get(k)
            if isinstance(v, int | float) and not isinstance(v, bool):
                out[k] += int(v)
        peak_fail = max(peak_fail, float(e.data.get("fail_ratio") or 0.0))
        peak_p95 = max(peak_p95, float(e.data.get("p95_ms") or 0.0))
    out["failed_ratio"] = round(out["failures"] / out["requests"], 4) if out["requests"] else 0.0
    out["peak_fail_ratio"] = round(peak_fail, 4)
    out["peak_p95_ms"] = round(peak_p95, 1)
    out["window"] = [round(start, 3), round(end, 3)]
    out["samples"] = len(during)
    return out


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
    """Who did what and when: every responder action, by actor."""
    out: dict[str, dict[str, Any]] = {}
    for e in f.timeline.events:
        if not e.kind.startswith("action.") or e.actor == ev.SYSTEM_ACTOR:
            continue
        p = out.setdefault(e.actor, {"actions": 0, "roles": [], "first_t": e.t, "log": []})
        p["actions"] += 1
        p["log"].append({"id": e.id, "t": round(e.t, 3), "kind": e.kind.split(".", 1)[1]})
    for _, key, person in f.roles_timeline():
        p = out.setdefault(person, {"actions": 0, "roles": [], "first_t": None, "log": []})
        if key not in p["roles"]:
            p["roles"].append(key)
    return dict(sorted(out.items()))


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
