"""Cost of delay: what every minute of the incident cost the customers, and what acting at the
first page would have saved.

No incident tool hands responders this bill, yet it is the number that makes "ack faster"
concrete. Both figures come from the same window and the same ``customers.stats`` samples as
customer impact (``gameday.incident.impact``), so the bill can never disagree with the impact
line printed next to it:

- **failures per minute**: failed requests in the impact window / the window's length in minutes;
- **the counterfactual**: had the incident been mitigated the moment the first page went out
  (the ack metric's anchor: the first ``page.sent``, else the first real alert), every failure
  after that moment would not have happened. A sample's counts cover the interval since the
  previous sample, so the sample the page falls inside counts for the part of its interval after
  the page (customers failed at a steady rate within one sample, the best the data can say).
"""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.durations import format_duration
from gameday.events.runner import CustomersStats
from gameday.incident.fold import Incident
from gameday.incident.impact import impact, window


def cost_of_delay(inc: Incident) -> dict[str, Any] | None:
    """``{failures, minutes, per_minute, page_t, saved, saved_ratio, delay_s, label}``; None when
    there is no customer impact to price (no samples, no incident). A fresh dict each call."""
    out = inc.memo("cost", _cost)
    return dict(out) if out is not None else None


def _cost(inc: Incident) -> dict[str, Any] | None:
    imp = impact(inc)
    w = window(inc)
    if imp is None or w is None or not imp.get("samples"):
        return None
    a, b, why = w
    failures = int(imp["failures"])
    minutes = (b - a) / 60.0
    page = inc.page
    page_t = page.t if page is not None else None
    saved = _failures_after(inc, a, b, page_t) if page_t is not None else 0.0
    saved_n = min(failures, round(saved))
    out: dict[str, Any] = {
        "failures": failures,
        "minutes": round(minutes, 3),
        "per_minute": round(failures / minutes, 1) if minutes > 0 else None,
        "page_t": round(page_t, 3) if page_t is not None else None,
        "saved": saved_n,
        "saved_ratio": round(saved_n / failures, 4) if failures else 0.0,
        # how long after the page the incident went on (what the saved failures were lost to)
        "delay_s": round(max(0.0, b - page_t), 3) if page_t is not None and page_t < b else None,
        "window_end": why,
    }
    out["label"] = cost_line(out)
    return out


def _failures_after(inc: Incident, a: float, b: float, page_t: float) -> float:
    """Failures of the window's samples after ``page_t``, the straddling sample pro rata."""
    total = 0.0
    prev_t: float | None = None
    for e in inc.all(ev.CUSTOMERS_STATS):
        t = e.t
        before = prev_t
        prev_t = t
        if not a < t <= b or t <= page_t:
            continue
        failures = max(0, CustomersStats.read(e).failures)
        began = before if before is not None else t
        if began < page_t and t > began:  # the page fell inside this sample's interval
            total += failures * (t - page_t) / (t - began)
        else:
            total += failures
    return total


def cost_line(cost: dict[str, Any] | None) -> str:
    """The one sentence every view prints for the bill."""
    if not cost:
        return "cost of delay: no customer samples to price"
    per = cost.get("per_minute")
    rate = f" ({per:g} per minute)" if per is not None else ""
    head = (
        f"cost of delay: {cost['failures']:,} failed requests over "
        f"{format_duration(cost['minutes'] * 60)} of incident{rate}"
    )
    if cost.get("page_t") is None:
        return f"{head}; nobody was paged, so there is no first page to compare with"
    if not cost["failures"]:
        return f"{head}; nothing to save"
    return (
        f"{head}; mitigating at the first page ({format_duration(cost['page_t'])}) would have "
        f"saved {cost['saved']:,} of them ({cost['saved_ratio']:.0%})"
    )
