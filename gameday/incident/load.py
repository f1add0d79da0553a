"""The load the simulated customers achieved: request rate, users and Locust workers.

A drill with ``--users 2000 --workers 8`` is only worth its scorecard if the customers really
sent what was asked for; an overloaded load generator looks exactly like a slow stack. So the
rate the customers *achieved* is reported next to what was asked for, from the same
``customers.stats`` samples as customer impact (counts per interval, docs/timeline.md):

- **achieved rate**: requests of every sample after the first, divided by the drill time
  from the first sample to the last. The first sample's interval began before anything was
  recorded (when Locust started), so its requests are left out rather than guessed; with fewer
  than two samples there is no rate.
- **peak rate**: the highest per-interval ``rps`` a sample reported.
- **users / workers**: the most any sample reported (Locust ramps up; workers join late).
  ``asked_users`` / ``asked_workers`` come from ``drill.started`` (``users``, ``workers``).
"""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.durations import format_duration
from gameday.events.runner import CustomersStats, DrillStarted
from gameday.incident.fold import Incident


def load(inc: Incident) -> dict[str, Any] | None:
    """``{requests, seconds, achieved_rps, peak_rps, users, workers, asked_users,
    asked_workers, samples, label}``; None without customer samples. A fresh dict each call."""
    out = inc.memo("load", _load)
    return dict(out) if out is not None else None


def _load(inc: Incident) -> dict[str, Any] | None:
    stats = inc.all(ev.CUSTOMERS_STATS)
    if not stats:
        return None
    requests = 0
    peak = 0.0
    users = workers = 0
    for i, e in enumerate(stats):
        s = CustomersStats.read(e)
        if i:
            requests += max(0, s.requests)
        peak = max(peak, s.rps)
        users = max(users, s.users)
        workers = max(workers, s.workers)
    seconds = stats[-1].t - stats[0].t
    started = inc.first(ev.DRILL_STARTED)
    asked = DrillStarted.read(started) if started is not None else None
    out: dict[str, Any] = {
        "requests": requests,
        "seconds": round(seconds, 3),
        "achieved_rps": round(requests / seconds, 2) if seconds > 0 else None,
        "peak_rps": round(peak, 2),
        "users": users,
        "workers": workers,
        "asked_users": asked.users if asked is not None else None,
        "asked_workers": asked.workers if asked is not None else None,
        "samples": len(stats),
    }
    out["label"] = load_line(out)
    return out


def load_line(load: dict[str, Any] | None) -> str:
    """The one sentence every view prints for the load."""
    if not load:
        return "load: no customer samples"
    rate = load.get("achieved_rps")
    workers = int(load.get("workers") or 0)
    asked_w = load.get("asked_workers")
    where = (
        f"on {workers} Locust worker{'s' if workers != 1 else ''}"
        if workers or asked_w
        else "in one Locust process"
    )
    if asked_w and workers != asked_w:
        where += f" (of {asked_w} asked for)"
    users = int(load.get("users") or 0)
    asked_u = load.get("asked_users")
    who = f"{users:,} users"
    if asked_u and users < asked_u:
        who += f" (of {asked_u:,} asked for)"
    if rate is None:
        return f"load: {who} {where}; too few samples for a rate"
    return (
        f"load: {who} {where}, {rate:g} requests/s achieved (peak {load.get('peak_rps', 0):g}) "
        f"over {format_duration(load.get('seconds'))}"
    )
