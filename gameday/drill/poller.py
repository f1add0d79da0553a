"""Polling one probe on its interval, each poll in its own thread, answers in start order.

Detection is a race against the slowest probe. A checkout stuck behind a migration's lock
hangs until its 6 s timeout; polled one after another, three failed polls took 18 s to see.
So polls start on the interval whatever the previous ones are doing (up to ``MAX_IN_FLIGHT``
at once), and a poll with a latency objective (the scenario's ``max_latency``) that has not
answered within it counts as failing at that moment ("no answer within 1000 ms"), not at its
timeout: a hang is seen in about the time a fast failure is. Its request runs on to its own
timeout in the background; its late answer is not reported again.

While the probe fails, confirmation polls follow every ``confirm_s`` (a quarter of the
interval), as synthetic monitors retry a failed check: three failures in a row are then a
second apart, not three, and a recovery is seen as soon. Observations reach ``sink`` in the
order their polls started, each exactly once, so "N consecutive failures" keeps its meaning.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from gameday.clock import Clock, RealClock, poll_until
from gameday.drill.monitors import Check, Observation

MAX_IN_FLIGHT = 8  # polls of one probe at once; more means every one of them already hangs


class _Poll:
    __slots__ = ("confirm", "obs", "started", "t")

    def __init__(self, t: float, confirm: bool) -> None:
        self.t = t  # drill time it started at
        self.started = time.monotonic()  # for how long it has waited (real time)
        self.confirm = confirm
        self.obs: Observation | None = None


class Poller:
    """Polls one probe every ``interval_s`` (start to start, on ``clock``) and hands each
    observation to ``sink``; ``objective_s``: a poll that has not answered by then fails."""

    def __init__(
        self,
        name: str,
        check: Check,
        sink: Callable[[Observation], None],
        now: Callable[[], float],
        interval_s: float = 1.0,
        clock: Clock | None = None,
        *,
        objective_s: float | None = None,
        confirm_s: float | None = None,
    ) -> None:
        self.name = name
        self._check = check
        self._sink = sink
        self._now = now
        self.interval_s = interval_s
        self.objective_s = objective_s
        self.confirm_s = interval_s / 4 if confirm_s is None else confirm_s
        self._clock = clock or RealClock()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: list[_Poll] = []  # started, not yet handed to the sink, in start order
        self._in_flight = 0
        self._confirming = False  # a confirmation poll is waiting, running or unreported
        self._pool = ThreadPoolExecutor(MAX_IN_FLIGHT + 1, thread_name_prefix=f"probe-{name}")
        self._thread = threading.Thread(target=self._run, name=f"monitor-{name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def poll_once(self) -> Observation:
        """One check, here and now (its exceptions become a failed observation)."""
        t = self._now()
        return self._observe(t, self._timed_check())

    # --- the schedule --------------------------------------------------------------------
    def _run(self) -> None:
        poll_until(self._tick, timeout=math.inf, interval=self.interval_s, clock=self._clock)

    def _tick(self) -> bool:
        """Start this interval's poll; True once stopped."""
        if self._stop.is_set():
            return True
        self._launch(confirm=False)
        return self._stop.is_set()

    def _launch(self, *, confirm: bool) -> bool:
        """Start a poll now (a confirmation: after ``confirm_s``) unless ``MAX_IN_FLIGHT`` of
        this probe's polls are out already; False when none was started."""
        with self._lock:
            if self._in_flight >= MAX_IN_FLIGHT or self._stop.is_set():
                return False
            self._in_flight += 1
            poll = None
            if not confirm:  # its time and place in line are taken now, on the schedule
                poll = _Poll(self._now(), confirm=False)
                self._pending.append(poll)
        try:
            self._pool.submit(self._poll, poll)
        except RuntimeError:  # stopped meanwhile: the pool takes no more work
            with self._lock:
                self._in_flight -= 1
            return False
        return True

    def _poll(self, poll: _Poll | None) -> None:
        try:
            if poll is None:  # a confirmation: it starts (and takes its place) after the wait
                self._clock.sleep(self.confirm_s)
                with self._lock:
                    if self._stop.is_set():
                        return
                    poll = _Poll(self._now(), confirm=True)
                    self._pending.append(poll)
            late = None
            if self.objective_s is not None:
                late = threading.Timer(self.objective_s, self._too_slow, (poll,))
                late.daemon = True
                late.start()
            try:
                result = self._timed_check()
            finally:
                if late is not None:
                    late.cancel()
            self._resolve(poll, self._observe(poll.t, result))
        except Exception as exc:  # never leave a poll unanswered: later ones queue behind it
            if poll is not None:
                self._resolve(poll, self._observe(poll.t, (False, None, f"poller: {exc}")))
        finally:
            with self._lock:
                self._in_flight -= 1

    def _timed_check(self) -> tuple[bool, float | None, str]:
        try:
            ok, latency_ms, detail = self._check()
        except Exception as exc:  # a probe bug must not kill the monitor
            ok, latency_ms, detail = False, None, f"{exc.__class__.__name__}: {exc}"
        return bool(ok), latency_ms, str(detail)

    def _observe(self, t: float, result: tuple[bool, float | None, str]) -> Observation:
        ok, latency_ms, detail = result
        return Observation(self.name, t, ok, latency_ms, detail[:300])

    def _too_slow(self, poll: _Poll) -> None:
        assert self.objective_s is not None
        waited = (time.monotonic() - poll.started) * 1000.0
        limit = self.objective_s * 1000.0
        detail = f"no answer within {limit:.0f} ms (the probe's max_latency); still waiting"
        self._resolve(poll, Observation(self.name, poll.t, False, waited, detail))

    # --- answers, in start order ---------------------------------------------------------
    def _resolve(self, poll: _Poll, obs: Observation) -> None:
        """The first answer of ``poll`` counts; hand over every answered poll at the front,
        and while the probe fails keep one confirmation poll coming."""
        confirm = False
        with self._lock:
            if poll.obs is not None:
                return  # already failed for want of an answer in time
            poll.obs = obs
            while self._pending and self._pending[0].obs is not None:
                done = self._pending.pop(0)
                if done.confirm:
                    self._confirming = False
                if self._stop.is_set() or done.obs is None:
                    continue
                self._sink(done.obs)
                if not done.obs.ok and not self._confirming and self.confirm_s > 0:
                    self._confirming = confirm = True
        if confirm and not self._launch(confirm=True):
            with self._lock:
                self._confirming = False
