"""The drill clock, injected everywhere time matters.

Scoring, timelines and escalation are tested with ``FakeClock``; real drills use ``RealClock``.
Drill time is seconds since the drill started (a float); wall time is a timezone-aware UTC
datetime, used only for display and for deadlines that outlive the drill (the review).

Every wait ("until the stack is healthy", "until the fault is live", "until the runner took the
request") is one ``poll_until`` on a clock, so a ``FakeClock`` drives timeouts in tests
without sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Generic, Protocol, TypeVar

from gameday.records import record

T = TypeVar("T")


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""

    def now(self) -> datetime:
        """Current wall time (UTC, aware)."""

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds`` of this clock's time."""


class RealClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class FakeClock:
    """A clock that moves only when told to; ``sleep`` advances it instantly."""

    def __init__(self, start: datetime | None = None) -> None:
        self._mono = 0.0
        self._start = start or datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self._mono

    def now(self) -> datetime:
        with self._lock:
            return self._start + timedelta(seconds=self._mono)

    def sleep(self, seconds: float) -> None:
        self.advance(max(0.0, seconds))

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._mono += seconds


@record
class Polled(Generic[T]):
    """How a ``poll_until`` ended: ``ok`` (done, else timed out), the last value ``check``
    returned (what to put in the timeout message) and how long it waited."""

    ok: bool
    value: T
    waited: float


def poll_until(
    check: Callable[[], T],
    done: Callable[[T], bool] = bool,
    *,
    timeout: float,
    interval: float = 0.5,
    clock: Clock | None = None,
    on_wait: Callable[[T], None] | None = None,
) -> Polled[T]:
    """Call ``check`` every ``interval`` (start to start) until ``done(value)`` or ``timeout``
    seconds of ``clock`` have passed (``math.inf``: a periodic loop that ``done`` ends).

    ``check`` runs at least once, and once more at the deadline (the last sleep is cut short
    to it), so a slow start is not reported as a timeout a second early. ``on_wait`` sees each
    value that is not done yet (progress). An exception from ``check`` ends the wait: that is
    how a caller fails fast (a container that exited will never become healthy). The caller
    words its own timeout from ``Polled.value``.
    """
    clock = clock or RealClock()
    start = clock.monotonic()
    deadline = start + timeout
    while True:
        began = clock.monotonic()
        value = check()
        if done(value):
            return Polled(True, value, clock.monotonic() - start)
        now = clock.monotonic()
        if now >= deadline:
            return Polled(False, value, now - start)
        if on_wait is not None:
            on_wait(value)
        clock.sleep(min(max(0.0, interval - (now - began)), deadline - now))
