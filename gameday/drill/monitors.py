"""Monitors: the runner's view of the stack, fed by probe polls and customer stats.

A monitor keeps a short history (for the dashboard's sparklines and the alert rules) and an
``ok`` state; ``monitor.changed`` is emitted only when that state flips, so a drill's log stays
small however long it runs. Polling happens on worker threads (a probe may hang until its
timeout); the state here is only touched by the runner's loop, through ``observe``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gameday.records import record

HISTORY = 120  # samples kept per monitor (two minutes at the default 1 s poll)
CUSTOMERS = "customers"  # the monitor fed by Locust instead of a probe


@record
class Observation:
    """One poll of one monitor: drill time, pass/fail, how long it took, why it failed."""

    monitor: str
    t: float
    ok: bool
    latency_ms: float | None = None
    detail: str = ""


@record
class CustomerStats:
    """One interval of Locust traffic, as the ``locust_stats`` plugin reports it."""

    t: float
    rps: float
    fail_ratio: float
    p95_ms: float
    requests: int  # cumulative since Locust started (events carry per-interval counts)
    failures: int  # cumulative
    slow: int  # cumulative requests slower than the plugin's threshold
    interval_requests: int = 0
    interval_failures: int = 0
    users: int = 0  # Locust users running (all workers together)
    workers: int = 0  # Locust workers connected to the master; 0 when Locust runs alone

    def to_event(self) -> dict[str, Any]:
        return {
            "rps": round(self.rps, 2),
            "fail_ratio": round(self.fail_ratio, 4),
            "p95_ms": round(self.p95_ms, 1),
            "requests": self.requests,
            "failures": self.failures,
            "slow": self.slow,
            "users": self.users,
            "workers": self.workers,
        }


@dataclass
class Monitor:
    name: str
    ok: bool | None = None  # None until the first observation
    detail: str = ""
    history: deque[Observation] = field(default_factory=lambda: deque(maxlen=HISTORY))

    def observe(self, obs: Observation) -> bool:
        """Record ``obs``; True when the ok state changed (a ``monitor.changed`` is due)."""
        self.history.append(obs)
        changed = obs.ok != self.ok
        self.ok = obs.ok
        self.detail = obs.detail
        return changed

    def consecutive_failures(self) -> int:
        n = 0
        for obs in reversed(self.history):
            if obs.ok:
                break
            n += 1
        return n


class MonitorSet:
    """Every monitor of a drill, by name, plus the customer stats history."""

    def __init__(self, names: list[str]) -> None:
        self.monitors: dict[str, Monitor] = {n: Monitor(n) for n in names}
        self.customers: deque[CustomerStats] = deque(maxlen=HISTORY)

    def observe(self, obs: Observation) -> bool:
        mon = self.monitors.setdefault(obs.monitor, Monitor(obs.monitor))
        return mon.observe(obs)

    def add_customer_stats(self, stats: CustomerStats) -> None:
        self.customers.append(stats)

    def all_ok(self) -> bool:
        """Steady state as the monitors see it: every monitor observed and passing."""
        return bool(self.monitors) and all(m.ok is True for m in self.monitors.values())

    def customer_window(self, now: float, window_s: float) -> list[CustomerStats]:
        return [s for s in self.customers if s.t > now - window_s]


Check = Callable[[], tuple[bool, float | None, str]]  # -> (ok, latency_ms, detail)
