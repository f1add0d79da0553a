"""The drill's event log: durability settings, ordering, drill time, several writer processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from gameday.clock import FakeClock
from gameday.drill.log import LOG_FILE, EventLog
from gameday.errors import DrillError
from gameday.events import ACK, DRILL_STARTED, NOTE


def test_opens_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    log = EventLog.open(tmp_path)
    conn = log._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    log.close()


def test_append_returns_event_that_a_fresh_connection_sees(tmp_path: Path) -> None:
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    log.start_clock()
    clock.advance(12.5)
    ev = log.append(NOTE, {"text": "db is slow"}, actor="bob")
    assert (ev.id, ev.t, ev.actor, ev.kind, ev.data) == (
        1,
        12.5,
        "bob",
        NOTE,
        {"text": "db is slow"},
    )
    # another connection (another process would do the same) reads it without any flush call
    other = sqlite3.connect(tmp_path / LOG_FILE)
    row = other.execute("SELECT t, actor, kind, data FROM events").fetchone()
    assert row == (12.5, "bob", NOTE, '{"text":"db is slow"}')
    other.close()
    log.close()


def test_events_are_ordered_and_filterable(tmp_path: Path) -> None:
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    log.start_clock()
    for i in range(5):
        clock.advance(1)
        log.append(ACK if i % 2 else NOTE, {"i": i})
    all_ = log.events()
    assert [e.data["i"] for e in all_] == [0, 1, 2, 3, 4]
    assert [e.id for e in log.events(since_id=3)] == [4, 5]
    assert [e.data["i"] for e in log.events(kinds=[ACK])] == [1, 3]
    assert log.first(NOTE).data == {"i": 0}
    assert log.first("nothing.here") is None
    assert log.last_id() == 5


def test_explicit_time_never_goes_back(tmp_path: Path) -> None:
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    log.start_clock()
    log.append(NOTE, {}, t=30.0)
    late = log.append(NOTE, {}, t=10.0)
    assert late.t == 30.0
    ts = [e.t for e in log.events()]
    assert ts == sorted(ts)


def test_drill_time_is_zero_before_the_clock_starts_and_start_is_idempotent(
    tmp_path: Path,
) -> None:
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    assert log.now_t() == 0.0
    first = log.start_clock()
    clock.advance(5)
    assert log.start_clock() == first  # a resumed runner does not reset the clock
    assert log.now_t() == 5.0


def test_pause_freezes_and_unpause_continues(tmp_path: Path) -> None:
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    log.start_clock()
    clock.advance(10)
    assert log.pause_clock() == 10.0
    clock.advance(100)
    assert log.now_t() == 10.0
    assert log.append(NOTE, {}).t == 10.0
    assert log.unpause_clock() == 10.0
    clock.advance(2)
    assert log.now_t() == pytest.approx(12.0)


def test_time_is_shared_by_every_opener_even_after_a_crash(tmp_path: Path) -> None:
    clock = FakeClock()
    runner = EventLog.open(tmp_path, clock=clock)
    runner.start_clock()
    clock.advance(60)
    runner.close()  # the runner "dies"; the outage goes on
    clock.advance(30)
    responder = EventLog.open(tmp_path, clock=clock)
    assert responder.append(ACK, {}, actor="bob").t == 90.0
    assert responder.epoch is not None
    assert responder.epoch + timedelta(seconds=90) == clock.now()


def test_open_without_create_refuses_a_missing_log(tmp_path: Path) -> None:
    with pytest.raises(DrillError, match="no event log"):
        EventLog.open(tmp_path / "nope", create=False)


def test_timeline_export_round_trips_events(tmp_path: Path) -> None:
    from gameday.timeline import timeline_from_dict

    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    log.start_clock()
    log.append(DRILL_STARTED, {"scenario": "x"})
    clock.advance(3)
    log.append(ACK, {}, actor="alice")
    tl = log.to_timeline(drill="d1", scenario="x", team="t")
    assert (tl.drill, tl.scenario, tl.team, tl.started) == ("d1", "x", "t", log.epoch)
    back = timeline_from_dict(tl.to_dict())
    assert [e.to_dict() for e in back.events] == [e.to_dict() for e in log.events()]


def _writer(path: str, who: str, n: int) -> None:
    log = EventLog.open(path)
    for i in range(n):
        log.append(NOTE, {"i": i}, actor=who)
    log.close()


def test_two_processes_append_concurrently_without_loss(tmp_path: Path) -> None:
    EventLog.open(tmp_path).start_clock()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(str(tmp_path), who, 40)) for who in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    events = EventLog.open(tmp_path).events()
    assert len(events) == 80
    assert [e.id for e in events] == list(range(1, 81))
    for who in ("a", "b"):  # each writer's own order is kept
        assert [e.data["i"] for e in events if e.actor == who] == list(range(40))
    ts = [e.t for e in events]
    assert ts == sorted(ts)  # ids and drill time rise together across processes


def _append_then_die(path: str) -> None:
    import os
    import signal

    EventLog.open(path).append(ACK, {}, actor="victim")
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no checkpoint, no atexit


def test_an_event_survives_kill_9_right_after_append(tmp_path: Path) -> None:
    EventLog.open(tmp_path).start_clock()
    ctx = multiprocessing.get_context("spawn")
    p = ctx.Process(target=_append_then_die, args=(str(tmp_path),))
    p.start()
    p.join(60)
    assert p.exitcode == -9
    (event,) = EventLog.open(tmp_path).events()
    assert (event.kind, event.actor) == (ACK, "victim")


def test_drill_time_has_one_definition_that_every_reader_shares(tmp_path: Path) -> None:
    """The session, a view turning wall-stamped samples into drill time, and the exported
    timeline all read the log's clock, so a pause shifts none of them apart."""
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    start = clock.now()
    log.start_clock()
    log.append(DRILL_STARTED, {}, t=0.0)
    clock.advance(10)
    log.pause_clock()
    clock.advance(60)
    assert log.drill_time().at(clock.now()) == 10.0  # paused: frozen for every reader
    log.unpause_clock()
    clock.advance(5)
    now = log.drill_time()
    assert log.now_t() == now.at(clock.now()) == now.at_timestamp(clock.now().timestamp()) == 15
    log.append(NOTE, {"text": "after the pause"})
    timeline = log.to_timeline(drill="d")
    assert timeline.started == start  # the drill's real start, not the epoch the pause moved
    assert [e.t for e in timeline.events] == [0.0, 15.0]
    log.close()
