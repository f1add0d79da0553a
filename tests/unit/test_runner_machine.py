"""The drill's phase machine on a FakeClock: a whole drill, decided from events and monitors."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.alerts import default_rules
from gameday.drill.machine import DrillMachine, DrillSettings
from gameday.drill.monitors import CustomerStats, Observation
from gameday.events import Event
from gameday.incident import metrics
from gameday.scenario.model import FaultStep, InjectStep, ProbeSpec, RootCause, Scenario

SCENARIO = Scenario(
    id="expired-cert",
    title="Expired certificate",
    briefing="Customers cannot reach the shop.",
    difficulty="easy",
    target="targets/shop",
    severity=1,
    steady_state=(ProbeSpec("storefront", "http", {}),),
    faults=(FaultStep("cert", "expired_cert", 5.0),),
    injects=(
        InjectStep("ceo", "stakeholder", 20.0, "What is going on?", "CEO"),
        InjectStep("disk", "noise", 8.0, "billing disk 91%", "billing-db"),
    ),
    root_cause=RootCause("certificate", ("expired", "certificate")),
    remediation=(),
)


class Harness:
    """Feeds a machine the way the runner does: transitions are recorded, then folded back."""

    def __init__(self, settings: DrillSettings) -> None:
        self.clock = FakeClock()
        self.machine = DrillMachine(
            SCENARIO, settings, default_rules(["storefront"], consecutive=2, customers=True)
        )
        self.log: list[Event] = []

    def now(self) -> float:
        return self.clock.monotonic()

    def record(self, kind: str, data: dict, actor: str = ev.SYSTEM_ACTOR) -> Event:
        e = Event(len(self.log) + 1, self.now(), datetime.now(UTC), actor, kind, dict(data))
        self.log.append(e)
        self.machine.apply(e)
        return e

    def record_all(self, transitions: list) -> None:
        for kind, data in transitions:
            self.record(kind, data)

    def second(self, *, probe_ok: bool, fail: int = 0) -> None:
        """One second of drill: a probe poll, a Locust interval, a loop step."""
        self.clock.advance(1.0)
        t = self.now()
        m = self.machine
        self.record_all(
            m.observe(Observation("storefront", t, probe_ok, 3.0, "" if probe_ok else "TLS"))
        )
        stats = CustomerStats(t, 10.0, fail / 10, 40.0, 0, 0, 0, 10, fail)
        self.record_all(m.customer_stats(stats))
        for step in m.faults_due(t):
            self.record(ev.FAULT_INJECTED, {"fault": step.name, "type": step.type})
            self.record(ev.FAULT_LIVE, {"fault": step.name, "type": step.type})
        self.record_all(m.step(t))

    def kinds(self) -> list[str]:
        return [e.kind for e in self.log]

    def first(self, kind: str) -> Event:
        return next(e for e in self.log if e.kind == kind)


SETTINGS = DrillSettings(
    roster=("ana", "ben", "cy"), escalation_s=10, hold_s=5, baseline_s=3, time_limit_s=300
)


def test_a_whole_drill_with_escalation_mitigation_and_resolve() -> None:
    h = Harness(SETTINGS)
    h.record(ev.DRILL_STARTED, {"scenario": "expired-cert"})
    for _ in range(7):  # baseline; fault is due at 3 + 5 = 8 s
        h.second(probe_ok=True)
    assert ev.FAULT_INJECTED not in h.kinds()
    h.second(probe_ok=True)
    assert h.first(ev.FAULT_LIVE).t == 8.0
    for _ in range(14):  # broken; nobody acks for a while
        h.second(probe_ok=False, fail=10)
    alert = h.first(ev.ALERT_FIRED)
    assert alert.t > h.first(ev.FAULT_LIVE).t and alert.data["noise"] is False
    page = h.first(ev.PAGE_SENT)
    assert page.data == {"to": "ana", "level": 0, "alert": alert.data["alert"]}
    esc = h.first(ev.PAGE_ESCALATED)
    assert esc.data["from"] == "ana" and esc.data["to"] == "ben" and esc.t - page.t >= 10
    # the noise inject raised an alert marked noise that did not page anyone itself
    noise = [e for e in h.log if e.kind == ev.ALERT_FIRED and e.data["noise"]]
    assert [e.data["alert"] for e in noise] == ["disk"]
    h.record(ev.ACK, {}, actor="ben")
    h.record(ev.RESOLVE, {"premature": True}, actor="ben")  # too early: drill goes on
    assert h.machine.end_reason is None and h.machine.premature_resolves == 1
    for _ in range(20):
        h.second(probe_ok=False, fail=10)
    assert h.kinds().count(ev.PAGE_SENT) == 2  # ack stopped the chain at ben
    delivered = [e.data["inject"] for e in h.log if e.kind == ev.INJECT_DELIVERED]
    assert delivered == ["disk", "ceo"]
    fixed_at = h.now()
    for _ in range(5):
        h.second(probe_ok=True)
    assert ev.MITIGATED not in h.kinds()  # the hold period has not passed yet
    for _ in range(15):
        h.second(probe_ok=True)
    mitigated = h.first(ev.MITIGATED)
    assert mitigated.data == {"hold_s": 5} and mitigated.t - fixed_at >= 5
    assert ev.ALERT_RESOLVED in h.kinds()
    h.record(ev.RESOLVE, {"premature": False}, actor="ana")
    assert h.machine.end_reason is None  # a proper resolve opens the wrap-up, it ends nothing
    assert h.machine.incident.phase == "resolved"
    h.second(probe_ok=True)
    wrapup = h.first(ev.WRAPUP)
    assert wrapup.data["window_s"] == SETTINGS.wrapup_s
    assert wrapup.data["until_t"] == pytest.approx(wrapup.t + SETTINGS.wrapup_s, abs=0.01)
    assert h.machine.incident.phase == "wrapup" and h.machine.end_reason is None
    h.record(ev.STATUS, {"text": "fixed", "state": "resolved"}, actor="ana")  # still recorded
    while h.now() < wrapup.data["until_t"]:
        h.second(probe_ok=True)
    assert h.machine.end_reason == "resolved"
    assert h.kinds().count(ev.WRAPUP) == 1
    detect = metrics(h.machine.incident)["time_to_detect"]
    assert detect == alert.t - h.first(ev.FAULT_INJECTED).t


def test_extend_moves_the_time_limit_and_no_wrapup_window_ends_at_resolve() -> None:
    from dataclasses import replace

    h = Harness(replace(SETTINGS, wrapup_s=0.0))
    h.record(ev.EXTENDED, {"by_s": 60, "time_limit_s": SETTINGS.time_limit_s + 60})
    assert h.machine.time_limit_s == SETTINGS.time_limit_s + 60
    h.record(ev.MITIGATED, {"hold_s": 5})
    h.record(ev.RESOLVE, {"premature": False}, actor="ana")
    h.second(probe_ok=True)
    assert h.machine.end_reason == "resolved" and ev.WRAPUP not in h.kinds()


def test_monitor_changed_only_on_state_changes() -> None:
    h = Harness(SETTINGS)
    for ok in (True, True, False, False, True):
        h.second(probe_ok=ok)
    changes = [
        e.data["ok"]
        for e in h.log
        if e.kind == ev.MONITOR_CHANGED and e.data["monitor"] == "storefront"
    ]
    assert changes == [True, False, True]


def test_customers_stats_event_about_every_five_seconds() -> None:
    h = Harness(SETTINGS)
    for _ in range(21):
        h.second(probe_ok=True)
    times = [e.t for e in h.log if e.kind == ev.CUSTOMERS_STATS]
    assert len(times) in (4, 5) and all(b - a >= 4.5 for a, b in itertools.pairwise(times))


def test_stats_events_count_per_interval_even_across_a_locust_restart() -> None:
    """docs/timeline.md: counts are since the previous event, so impact is a plain sum."""
    m = DrillMachine(SCENARIO, SETTINGS, [])
    running = [(100, 10, 2), (250, 70, 5), (30, 30, 0)]  # Locust totals; the last after restart
    events = [
        m.stats_event(CustomerStats(i * 5.0, 1.0, 0.0, 5.0, *r)) for i, r in enumerate(running)
    ]
    assert [(e["requests"], e["failures"], e["slow"]) for e in events] == [
        (100, 10, 2),
        (150, 60, 3),
        (30, 30, 0),
    ]
    assert sum(e["requests"] for e in events) == 280


def test_time_limit_ends_the_drill() -> None:
    h = Harness(DrillSettings(roster=("ana",), time_limit_s=4, baseline_s=100))
    for _ in range(3):
        h.second(probe_ok=True)
    assert h.machine.end_reason is None
    h.second(probe_ok=True)
    assert h.machine.end_reason == "time_limit"
    assert h.machine.faults_due(1000.0) == []  # nothing new is injected while ending


def test_replaying_the_log_rebuilds_the_same_state() -> None:
    h = Harness(SETTINGS)
    for i in range(25):
        h.second(probe_ok=i < 9, fail=0 if i < 9 else 10)
    fresh = DrillMachine(SCENARIO, SETTINGS, default_rules(["storefront"], consecutive=2))
    for e in h.log:
        fresh.apply(e)
    m = h.machine
    assert fresh.pager.pages == m.pager.pages and fresh.pager.level == m.pager.level
    assert set(fresh.alerts.firing) == set(m.alerts.firing)
    assert fresh.faults.done == m.faults.done and fresh.injects.done == m.injects.done
    assert fresh.faults_due(h.now()) == []  # a resumed runner never re-injects
    # and the resumed machine keeps escalating on the same schedule
    t = h.now() + 30
    assert [k for k, _ in fresh.pager.decide(t)] == [k for k, _ in m.pager.decide(t)]


def test_alert_already_firing_at_resume_still_pages() -> None:
    m = DrillMachine(SCENARIO, SETTINGS, [])
    m.apply(
        Event(1, 10.0, datetime.now(UTC), "gameday", ev.ALERT_FIRED, {"alert": "a", "noise": False})
    )
    out = m.step(11.0)
    assert (ev.PAGE_SENT, {"to": "ana", "level": 0, "alert": "a"}) in out


def test_garbage_responder_payloads_do_not_break_the_machine() -> None:
    m = DrillMachine(SCENARIO, SETTINGS, [])
    for kind, data in [
        (ev.ACK, {"junk": [1, 2]}),
        (ev.RESOLVE, {"premature": "yes"}),
        (ev.INJECT_DELIVERED, {}),
        ("action.unknown", {"x": 1}),
        (ev.PAGE_SENT, {"to": None}),
    ]:
        m.apply(Event(1, 1.0, datetime.now(UTC), "x", kind, data))
    assert m.end_reason is None
    m.step(2.0)
