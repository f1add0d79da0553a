"""The probe monitors: one ``Poller`` per steady-state probe, feeding observations.

The machine owns the monitors' state (``MonitorSet``); this part only polls and feeds. A probe
that hangs delays nobody, not even its own next poll, and with a ``max_latency`` it counts as
failing once that has passed (``gameday.drill.poller``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.drill.monitors import Check
from gameday.drill.part import Part, Session
from gameday.drill.poller import Poller

if TYPE_CHECKING:
    from gameday.probes.runner import BoundProbe


class ProbeMonitors(Part):
    name = "monitors"
    required = True

    def __init__(self, interval_s: float = 1.0) -> None:
        self.interval_s = interval_s
        self.pollers: list[Poller] = []

    def start(self, session: Session) -> None:
        from gameday.probes.runner import bind_all

        for bound in bind_all(session.target, session.plan.scenario.steady_state):
            poller = Poller(
                bound.name,
                _check_fn(bound),
                session.feed,
                session.now,
                interval_s=self.interval_s,
                clock=session.clock,
                objective_s=bound.max_latency_s,
            )
            poller.start()
            self.pollers.append(poller)

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()


def _check_fn(bound: BoundProbe) -> Check:
    def check() -> tuple[bool, float | None, str]:
        res = bound.check()
        return res.ok, res.latency_ms, res.detail

    return check
