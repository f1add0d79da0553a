"""Mitigation: the monitors show steady state again, and keep showing it for a hold period.

The hold period is what separates "it flickered green" from "the customers are fine again".
Mitigation only counts after every fault went live and the monitors saw the breakage: a fault
that never broke anything has nothing to mitigate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gameday import events as ev


@dataclass
class MitigationDetector:
    hold_s: float = 30.0
    live_at: float | None = None
    broken_seen: bool = False
    steady_since: float | None = None
    mitigated_at: float | None = None

    @property
    def mitigated(self) -> bool:
        return self.mitigated_at is not None

    def update(self, now: float, all_ok: bool, faults_pending: bool = False) -> bool:
        """Feed the current steady-state verdict; True exactly once, when mitigation is reached."""
        if self.mitigated or self.live_at is None or faults_pending:
            self.steady_since = None if not all_ok else self.steady_since
            return False
        if not all_ok:
            self.broken_seen = True
            self.steady_since = None
            return False
        if not self.broken_seen:
            return False
        if self.steady_since is None:
            self.steady_since = now
        return now - self.steady_since >= self.hold_s

    def held_for(self, now: float) -> float:
        return 0.0 if self.steady_since is None else now - self.steady_since

    def apply(self, kind: str, data: dict[str, Any], t: float) -> None:
        if kind == ev.FAULT_LIVE and self.live_at is None:
            self.live_at = t
        elif kind == ev.MONITOR_CHANGED and self.live_at is not None and not data.get("ok"):
            self.broken_seen = True
        elif kind == ev.MITIGATED:
            self.mitigated_at = t
