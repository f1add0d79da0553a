"""Paging: the first alert pages the primary, silence escalates, an ack stops it."""

from __future__ import annotations

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.paging import Pager


def _run(pager: Pager, clock: FakeClock, alert: str | None = None) -> list[tuple[str, dict]]:
    out = pager.decide(clock.monotonic(), alert)
    for kind, data in out:
        pager.apply(kind, data, clock.monotonic())
    return out


def test_no_alert_no_page() -> None:
    pager = Pager(["ana", "ben"], timeout_s=30)
    assert pager.decide(100.0) == []


def test_first_alert_pages_primary_then_escalates_in_order() -> None:
    clock = FakeClock()
    pager = Pager(["ana", "ben", "cy"], timeout_s=30)
    clock.advance(10)
    assert _run(pager, clock, "shop failing") == [
        (ev.PAGE_SENT, {"to": "ana", "level": 0, "alert": "shop failing"})
    ]
    clock.advance(29)
    assert _run(pager, clock) == []
    clock.advance(1)
    out = _run(pager, clock)
    assert out[0] == (ev.PAGE_ESCALATED, {"from": "ana", "to": "ben", "level": 1, "after_s": 30.0})
    assert out[1] == (ev.PAGE_SENT, {"to": "ben", "level": 1, "alert": "shop failing"})
    assert pager.next_escalation_at() == 70.0
    clock.advance(30)
    assert [d["to"] for k, d in _run(pager, clock) if k == ev.PAGE_SENT] == ["cy"]
    clock.advance(300)
    assert _run(pager, clock) == []  # roster exhausted: nobody left to page
    assert [p[1] for p in pager.pages] == ["ana", "ben", "cy"]


def test_ack_stops_escalation() -> None:
    clock = FakeClock()
    pager = Pager(["ana", "ben"], timeout_s=30)
    _run(pager, clock, "a")
    clock.advance(12)
    pager.apply(ev.ACK, {}, clock.monotonic(), actor="ana")
    clock.advance(100)
    assert _run(pager, clock, "another alert") == []
    assert pager.acked_by == "ana" and pager.next_escalation_at() is None


def test_later_alerts_do_not_page_again() -> None:
    clock = FakeClock()
    pager = Pager(["ana", "ben"], timeout_s=30)
    _run(pager, clock, "a")
    clock.advance(5)
    assert _run(pager, clock, "b") == []


def test_state_rebuilt_from_recorded_events_continues_the_same_chain() -> None:
    pager = Pager(["ana", "ben", "cy"], timeout_s=20)
    pager.apply(ev.PAGE_SENT, {"to": "ana", "level": 0, "alert": "a"}, 5.0)
    pager.apply(ev.PAGE_ESCALATED, {"from": "ana", "to": "ben", "level": 1}, 25.0)
    pager.apply(ev.PAGE_SENT, {"to": "ben", "level": 1, "alert": "a"}, 25.0)
    assert pager.decide(44.0) == []
    out = pager.decide(45.0)
    assert out[1][1]["to"] == "cy" and out[1][1]["level"] == 2


def test_empty_roster_never_pages() -> None:
    assert Pager([], timeout_s=1).decide(10.0, "a") == []
