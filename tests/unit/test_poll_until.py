"""``poll_until``: the one wait every loop uses, driven here by a FakeClock (no real sleeping)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gameday.clock import FakeClock, poll_until


def test_it_returns_as_soon_as_done_with_the_value_and_the_time_waited() -> None:
    clock = FakeClock()
    values = iter([None, None, "up"])
    polled = poll_until(lambda: next(values), timeout=60, interval=2, clock=clock)
    assert polled.ok and polled.value == "up" and polled.waited == 4
    assert clock.monotonic() == 4


def test_a_timeout_keeps_the_last_value_and_checks_once_more_at_the_deadline() -> None:
    clock = FakeClock()
    seen: list[float] = []

    def check() -> int:
        seen.append(clock.monotonic())
        return len(seen)

    polled = poll_until(check, lambda n: n > 100, timeout=5, interval=2, clock=clock)
    assert not polled.ok and polled.value == 4
    assert seen == [0, 2, 4, 5]  # the last sleep is cut short to the deadline


def test_the_interval_runs_from_the_start_of_each_check() -> None:
    clock = FakeClock()
    starts: list[float] = []

    def slow_check() -> bool:
        starts.append(clock.monotonic())
        clock.advance(0.75)  # the check itself takes time
        return len(starts) == 3

    assert poll_until(slow_check, timeout=60, interval=1, clock=clock).ok
    assert starts == [0, 1, 2]


def test_on_wait_sees_each_value_that_is_not_done_and_a_check_may_fail_fast() -> None:
    clock = FakeClock()
    waited: list[int] = []
    values = iter([1, 2, 3])
    poll_until(
        lambda: next(values), lambda v: v == 3, timeout=9, clock=clock, on_wait=waited.append
    )
    assert waited == [1, 2]

    def exited() -> bool:
        raise RuntimeError("the container exited")

    with pytest.raises(RuntimeError, match="exited"):
        poll_until(exited, timeout=60, clock=clock)


def test_an_endless_loop_is_ended_by_done() -> None:
    clock = FakeClock()
    ticks = iter(range(1000))
    polled = poll_until(lambda: next(ticks), lambda n: n == 10, timeout=math.inf, clock=clock)
    assert polled.ok and clock.monotonic() == 5.0  # ten half-second intervals


@given(
    timeout=st.floats(0, 1e4, allow_nan=False),
    interval=st.floats(0.01, 100, allow_nan=False),
)
def test_it_never_waits_past_the_deadline(timeout: float, interval: float) -> None:
    clock = FakeClock()
    polled = poll_until(lambda: False, timeout=min(timeout, interval * 50), interval=interval,
                        clock=clock)  # fmt: skip
    assert not polled.ok
    assert polled.waited == pytest.approx(min(timeout, interval * 50))
