"""The timeline schedule and what scripted injects record."""

from __future__ import annotations

from gameday import events as ev
from gameday.drill.injects import inject_events, inject_schedule
from gameday.drill.mitigation import MitigationDetector
from gameday.scenario.model import InjectStep

CEO = InjectStep(
    "ceo-asks", "stakeholder", 60.0, "Customers are tweeting. What is going on?", "CEO"
)
NOISE = InjectStep("billing-disk", "noise", 30.0, "billing-db disk 91% full", "billing-db")


def test_steps_due_after_baseline_offset_in_order_and_once() -> None:
    sched = inject_schedule([CEO, NOISE], offset=10.0)
    assert sched.due(39.0) == []
    assert sched.due(40.0) == [NOISE]
    assert sched.due(75.0) == [NOISE, CEO]
    sched.mark("billing-disk")
    assert sched.due(75.0) == [CEO]
    assert sched.next_at() == 70.0
    sched.mark("ceo-asks")
    assert sched.due(1000.0) == [] and sched.next_at() is None


def test_stakeholder_inject_records_one_delivery() -> None:
    assert inject_events(CEO) == [
        (
            ev.INJECT_DELIVERED,
            {"inject": "ceo-asks", "kind": "stakeholder", "from": "CEO", "message": CEO.message},
        )
    ]


def test_noise_inject_also_raises_an_alert_marked_noise() -> None:
    (k1, d1), (k2, d2) = inject_events(NOISE)
    assert k1 == ev.INJECT_DELIVERED and d1["kind"] == "noise"
    assert k2 == ev.ALERT_FIRED and d2["noise"] is True and d2["monitor"] == "billing-db"


def test_mitigation_needs_live_fault_breakage_and_full_hold() -> None:
    m = MitigationDetector(hold_s=30)
    assert not m.update(0.0, True)  # nothing live yet
    m.apply(ev.FAULT_LIVE, {"fault": "f"}, 10.0)
    assert not m.update(11.0, True)  # live but never seen broken
    assert not m.update(12.0, False)
    assert not m.update(20.0, True)
    assert not m.update(45.0, False)  # flicker resets the hold
    assert not m.update(50.0, True)
    assert not m.update(79.0, True)
    assert m.update(80.0, True)
    m.apply(ev.MITIGATED, {"hold_s": 30}, 80.0)
    assert not m.update(200.0, True) and m.mitigated


def test_mitigation_waits_for_pending_faults() -> None:
    m = MitigationDetector(hold_s=5)
    m.apply(ev.FAULT_LIVE, {}, 1.0)
    m.update(2.0, False)
    assert not m.update(3.0, True, faults_pending=True)
    assert not m.update(30.0, True, faults_pending=True)
    assert not m.update(31.0, True)
    assert m.update(36.0, True)
