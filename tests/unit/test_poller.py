"""The poller: polls keep their schedule while one hangs, a poll past its latency objective
fails at that moment (and only once), answers arrive in start order, failures are confirmed
sooner than the interval."""

from __future__ import annotations

import itertools
import threading
import time

from gameday.drill.monitors import Observation
from gameday.drill.poller import MAX_IN_FLIGHT, Poller


class Probe:
    """A check whose n-th call blocks until released (or answers at once)."""

    def __init__(self, hang: set[int] | None = None, ok: bool = True) -> None:
        self.hang = hang or set()
        self.ok = ok
        self.calls = 0
        self.release = threading.Event()
        self.lock = threading.Lock()

    def __call__(self) -> tuple[bool, float | None, str]:
        with self.lock:
            n = self.calls
            self.calls += 1
        if n in self.hang:
            self.release.wait(10)
            return True, 5000.0, f"late answer {n}"
        return self.ok, 1.0, f"answer {n}"


def run(poller: Poller, seen: list[Observation], until: int, limit: float = 10.0) -> None:
    poller.start()
    deadline = time.monotonic() + limit
    while len(seen) < until and time.monotonic() < deadline:
        time.sleep(0.01)
    poller.stop()
    poller.join(2)


def test_a_hanging_poll_fails_at_its_objective_and_the_schedule_goes_on() -> None:
    probe = Probe(hang={1})
    seen: list[Observation] = []
    t0 = time.monotonic()
    arrived: list[float] = []

    def sink(o: Observation) -> None:
        seen.append(o)
        arrived.append(time.monotonic() - t0)

    p = Poller("checkout", probe, sink, time.monotonic, interval_s=0.2, objective_s=0.3)
    run(p, seen, until=4)
    probe.release.set()
    assert [o.ok for o in seen[:2]] == [True, False]
    assert "no answer within 300 ms" in seen[1].detail
    assert seen[1].latency_ms is not None and seen[1].latency_ms >= 300.0
    # the failure came at the objective, long before the hanging request's own answer
    assert arrived[1] < 2.0
    assert probe.calls >= 3  # later polls started while poll 1 still hung
    assert all(a.t <= b.t for a, b in itertools.pairwise(seen))  # start order


def test_a_late_answer_is_not_reported_twice() -> None:
    probe = Probe(hang={0})
    seen: list[Observation] = []
    p = Poller("x", probe, seen.append, time.monotonic, interval_s=0.1, objective_s=0.05)
    p.start()
    deadline = time.monotonic() + 5
    while len(seen) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    probe.release.set()  # the hanging poll answers now, after it was counted as failing
    time.sleep(0.3)
    p.stop()
    p.join(2)
    assert seen[0].ok is False and "no answer" in seen[0].detail
    assert not any("late answer" in o.detail for o in seen)


def test_without_an_objective_answers_still_come_in_start_order() -> None:
    probe = Probe(hang={0})
    seen: list[Observation] = []
    p = Poller("x", probe, seen.append, time.monotonic, interval_s=0.05)
    p.start()
    time.sleep(0.4)  # later polls answered meanwhile; none may overtake poll 0
    assert seen == []
    probe.release.set()
    deadline = time.monotonic() + 5
    while len(seen) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    p.stop()
    p.join(2)
    assert seen[0].detail == "late answer 0"
    assert [o.t for o in seen] == sorted(o.t for o in seen)


def test_a_failure_is_confirmed_before_the_next_interval() -> None:
    probe = Probe(ok=False)
    seen: list[Observation] = []
    p = Poller("x", probe, seen.append, time.monotonic, interval_s=2.0, confirm_s=0.05)
    run(p, seen, until=3, limit=5)
    assert len(seen) >= 3 and not any(o.ok for o in seen)
    assert seen[2].t - seen[0].t < 1.0  # three failures well inside one 2 s interval


def test_polls_of_one_probe_are_capped() -> None:
    probe = Probe(hang=set(range(100)))
    seen: list[Observation] = []
    p = Poller("x", probe, seen.append, time.monotonic, interval_s=0.01, confirm_s=0)
    p.start()
    time.sleep(0.5)
    calls = probe.calls
    p.stop()
    probe.release.set()
    p.join(2)
    assert calls == MAX_IN_FLIGHT
