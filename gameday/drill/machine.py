"""The drill's phase machine, pure: recorded events in, due transitions out.

Everything the runner decides (alerts, pages, escalations, injects, which fault is due,
mitigation, the time limit, the end on a real resolve) is decided here from the event log and
the monitors, with no I/O and no clock of its own, so it is unit-tested on a ``FakeClock`` and a
resumed runner rebuilds the exact state by replaying the log through ``apply``.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from gameday import events as ev
from gameday.drill.alerts import AlertEngine, AlertRule
from gameday.drill.injects import Schedule, inject_events, inject_schedule
from gameday.drill.mitigation import MitigationDetector
from gameday.drill.monitors import CUSTOMERS, CustomerStats, MonitorSet, Observation
from gameday.drill.paging import Pager
from gameday.events import Event
from gameday.incident import Incident
from gameday.records import record
from gameday.scenario.model import FaultStep, Scenario

Transition = tuple[str, dict[str, Any]]
STATS_EVERY_S = 5.0


@record
class DrillSettings:
    roster: tuple[str, ...]
    escalation_s: float = 120.0
    hold_s: float = 30.0
    baseline_s: float = 10.0
    time_limit_s: float = 45 * 60.0
    customers: bool = True
    customer_fail_ratio: float = 0.2  # the customers monitor is "not ok" above this
    wrapup_s: float = 15 * 60.0  # after a proper resolve (default: the playbook's final_status)


class DrillMachine:
    def __init__(self, scenario: Scenario, settings: DrillSettings, rules: list[AlertRule]) -> None:
        self.scenario = scenario
        self.settings = settings
        names = [p.name for p in scenario.steady_state]
        if settings.customers:
            names.append(CUSTOMERS)
        self.monitors = MonitorSet(names)
        self.alerts = AlertEngine(rules)
        self.pager = Pager(list(settings.roster), settings.escalation_s)
        self.faults: Schedule[FaultStep] = Schedule(
            scenario.faults, offset=settings.baseline_s, at=lambda s: s.at, key=lambda s: s.name
        )
        self.injects = inject_schedule(scenario.injects, settings.baseline_s)
        self.mitigation = MitigationDetector(settings.hold_s)
        self.faults_started: set[str] = set()  # handed to the injector, maybe not recorded yet
        self.faults_live: dict[str, float] = {}
        self.faults_undone: set[str] = set()
        self.end_reason: str | None = None
        self.started = False
        self.ended = False
        self.recent: deque[Event] = deque(maxlen=200)
        self.last_stats: CustomerStats | None = None
        self._stats_emitted_t = -1e9
        self._stats_emitted_totals = (0, 0, 0)  # Locust's cumulative counts at the last event
        self.premature_resolves = 0
        self.time_limit_s = settings.time_limit_s  # the facilitator may extend it
        self.wrapup_until: float | None = None  # set by ``drill.wrapup``: the room closes then
        self._wrapup_due = False
        # The incident as every view tells it (milestones, metrics, impact): the dashboard
        # reads it from here, so live numbers are the summary's and the scorecard's.
        self.incident = Incident(roster=settings.roster)

    # --- folding recorded events ----------------------------------------------------------
    def apply(self, e: Event) -> None:
        self.incident.apply(e)
        self.recent.append(e)
        d = e.data
        if e.kind in (ev.ALERT_FIRED, ev.ALERT_RESOLVED):
            self.alerts.apply(e.kind, d)
        if e.kind in (ev.PAGE_SENT, ev.ACK):
            self.pager.apply(e.kind, d, e.t, e.actor)
        if e.kind == ev.FAULT_INJECTED:
            self.faults.mark(str(d.get("fault")))
            self.faults_started.add(str(d.get("fault")))
        elif e.kind == ev.FAULT_LIVE:
            self.faults_live.setdefault(str(d.get("fault")), e.t)
        elif e.kind == ev.FAULT_UNDONE:
            self.faults_undone.add(str(d.get("fault")))
        elif e.kind == ev.INJECT_DELIVERED:
            self.injects.mark(str(d.get("inject")))
        elif e.kind == ev.DRILL_STARTED:
            self.started = True
        elif e.kind == ev.DRILL_ENDED:
            self.ended = True
        elif e.kind == ev.RESOLVE:
            premature = bool(d.get("premature", not self.mitigation.mitigated))
            if premature or not self.mitigation.mitigated:
                self.premature_resolves += 1
            elif self.end_reason is None and self.wrapup_until is None:
                self._wrapup_due = True  # step() opens the wrap-up window
        elif e.kind == ev.WRAPUP:
            until = d.get("until_t")
            self.wrapup_until = float(until) if isinstance(until, int | float) else e.t
            self._wrapup_due = False
        elif e.kind == ev.EXTENDED:
            limit = d.get("time_limit_s")
            if isinstance(limit, int | float) and not isinstance(limit, bool):
                self.time_limit_s = float(limit)
        self.mitigation.apply(e.kind, d, e.t)

    @property
    def in_wrapup(self) -> bool:
        return self.wrapup_until is not None

    # --- inputs from the monitors ---------------------------------------------------------
    def observe(self, obs: Observation) -> list[Transition]:
        if self.monitors.observe(obs):
            return [
                (ev.MONITOR_CHANGED, {"monitor": obs.monitor, "ok": obs.ok, "detail": obs.detail})
            ]
        return []

    def customer_stats(self, stats: CustomerStats) -> list[Transition]:
        """Feed one Locust interval; the customers monitor and a periodic stats event."""
        self.monitors.add_customer_stats(stats)
        self.last_stats = stats
        out: list[Transition] = []
        window = self.monitors.customer_window(stats.t, STATS_EVERY_S)
        requests = sum(s.interval_requests for s in window)
        failures = sum(s.interval_failures for s in window)
        ratio = failures / requests if requests else 0.0
        ok = requests == 0 or ratio <= self.settings.customer_fail_ratio
        detail = f"{ratio:.0%} of {requests} requests failed in {STATS_EVERY_S:.0f}s"
        if self.settings.customers:
            out += self.observe(Observation(CUSTOMERS, stats.t, ok, stats.p95_ms, detail))
        if stats.t - self._stats_emitted_t >= STATS_EVERY_S - 0.5:
            self._stats_emitted_t = stats.t
            out.append((ev.CUSTOMERS_STATS, self.stats_event(stats)))
        return out

    def stats_event(self, stats: CustomerStats) -> dict[str, Any]:
        """A ``customers.stats`` payload whose counts cover only the time since the previous one.

        docs/timeline.md defines the counts per interval, so customer impact is a plain sum over
        any stretch of the timeline. Locust reports running totals; a Locust restarted by a
        resumed runner starts them at zero again, which must not read as negative traffic.
        """
        totals = (stats.requests, stats.failures, stats.slow)
        before = self._stats_emitted_totals
        if any(now < then for now, then in zip(totals, before, strict=True)):
            before = (0, 0, 0)
        self._stats_emitted_totals = totals
        data = stats.to_event()
        data["requests"], data["failures"], data["slow"] = (
            now - then for now, then in zip(totals, before, strict=True)
        )
        return data

    def final_transitions(self) -> list[Transition]:
        """At the end: one last ``customers.stats`` covering the traffic since the previous one
        (the periodic ones are throttled, the tail of the drill must not be lost)."""
        if self.last_stats is None:
            return []
        return [(ev.CUSTOMERS_STATS, self.stats_event(self.last_stats))]

    # --- what is due now -------------------------------------------------------------------
    def faults_due(self, now: float) -> list[FaultStep]:
        """Faults whose time has come; each is handed out once (the injector records it)."""
        if self.end_reason is not None or self.in_wrapup:
            return []
        due = [s for s in self.faults.due(now) if s.name not in self.faults_started]
        self.faults_started.update(s.name for s in due)
        return due

    def faults_pending(self) -> bool:
        return any(s.name not in self.faults_live for s in self.faults.steps)

    def step(self, now: float) -> list[Transition]:
        """Alerts, pages, injects, mitigation and the time limit at drill time ``now``."""
        out: list[Transition] = []
        if self.ended:
            return out
        transitions = self.alerts.evaluate(self.monitors, now)
        out += transitions
        new_alert = next((d["alert"] for k, d in transitions if k == ev.ALERT_FIRED), None)
        if new_alert is None and not self.pager.paging and self.alerts.firing:
            new_alert = next(iter(self.alerts.firing))  # fired before a resume, never paged
        out += self.pager.decide(now, new_alert)
        if self.end_reason is None and not self.in_wrapup:
            for step in self.injects.due(now):
                out += inject_events(step)
        all_ok = self.monitors.all_ok()
        if self.mitigation.update(now, all_ok, self.faults_pending()):
            out.append((ev.MITIGATED, {"hold_s": self.settings.hold_s}))
        if self._wrapup_due and self.end_reason is None:
            self._wrapup_due = False
            if self.settings.wrapup_s <= 0:
                self.end_reason = "resolved"
            else:
                window = self.settings.wrapup_s
                out.append((ev.WRAPUP, {"until_t": round(now + window, 3), "window_s": window}))
                self.wrapup_until = now + window
        if self.end_reason is None:
            if self.wrapup_until is not None:
                if now >= self.wrapup_until:
                    self.end_reason = "resolved"
            elif now >= self.time_limit_s:
                self.end_reason = "time_limit"
        return out

    def request_end(self, reason: str) -> None:
        if self.end_reason is None:
            self.end_reason = reason
