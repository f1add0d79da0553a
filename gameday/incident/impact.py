"""Customer impact: what the simulated customers suffered during the incident, over one window.

The window runs from the incident's start to mitigation (the customers are fine again from
there); without mitigation, to the incident's end (a proper resolve, else the drill's end, else
the latest event while the drill runs). ``customers.stats`` counts are per interval, so impact is
the sum of the samples whose interval ends inside the window: ``start < t <= end``. Requests
before the fault (the baseline) and after recovery are not impact. Every view shows the window's
``label`` next to the numbers.
"""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.durations import format_duration
from gameday.events.runner import CustomersStats
from gameday.incident.fold import Incident


def window(inc: Incident) -> tuple[float, float, str] | None:
    """(from, to, what ends it) or None when there is no incident."""
    start = inc.start_event
    if start is None:
        return None
    if inc.mitigation is not None:
        end, why = inc.mitigation.t, "mitigated"
    elif inc.resolution is not None:
        end, why = inc.resolution.t, "resolved"
    elif inc.drill_end is not None:
        end, why = inc.drill_end.t, "drill ended"
    else:
        end, why = inc.last_t, "so far"
    return start.t, max(start.t, end), why


def window_label(a: float, b: float, why: str) -> str:
    """``incident start 10s → mitigated 4m02s``."""
    return f"incident start {format_duration(a)} → {why} {format_duration(b)}"


def impact(inc: Incident) -> dict[str, Any] | None:
    """Failed, slow and total requests in the window, peak failure ratio and p95; None when
    the timeline has no customer samples or no incident. (A fresh dict; worked out once per
    new event.)"""
    out = inc.memo("impact", _impact)
    return dict(out) if out is not None else None


def _impact(inc: Incident) -> dict[str, Any] | None:
    stats = inc.all(ev.CUSTOMERS_STATS)
    w = window(inc)
    if not stats or w is None:
        return None
    a, b, why = w
    out: dict[str, Any] = {"requests": 0, "failures": 0, "slow": 0}
    peak_fail = peak_p95 = 0.0
    samples = 0
    for e in stats:
        if not a < e.t <= b:
            continue
        s = CustomersStats.read(e)
        samples += 1
        out["requests"] += max(0, s.requests)
        out["failures"] += max(0, s.failures)
        out["slow"] += max(0, s.slow)
        peak_fail = max(peak_fail, s.fail_ratio)
        peak_p95 = max(peak_p95, s.p95_ms)
    out["failed_ratio"] = round(out["failures"] / out["requests"], 4) if out["requests"] else 0.0
    out["peak_fail_ratio"] = round(peak_fail, 4)
    out["peak_p95_ms"] = round(peak_p95, 1)
    out["window"] = [round(a, 3), round(b, 3)]
    out["window_end"] = why
    out["label"] = window_label(a, b, why)
    out["samples"] = samples
    return out


def impact_line(imp: dict[str, Any] | None) -> str:
    """The one sentence every view prints: numbers and their window."""
    if not imp:
        return "customer impact: no customer samples"
    if not imp.get("samples"):
        return f"customer impact ({imp.get('label', 'incident window')}): no customer samples"
    return (
        f"customer impact ({imp.get('label', 'incident window')}): "
        f"{imp['failures']:,} failed and {imp['slow']:,} slow of {imp['requests']:,} requests "
        f"({imp['failed_ratio']:.1%} failed)"
    )
