"""The session's loop on a real event log and a FakeClock: events in, decisions out, durable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill import control
from gameday.drill.machine import DrillMachine, DrillSettings
from gameday.drill.monitors import Observation
from gameday.drill.part import Part, Session
from gameday.drill.parts.control import ControlFile
from gameday.drill.plan import RunOptions
from gameday.drill.session import DrillSession
from gameday.testing import offline_session
from tests.unit.test_runner_machine import SCENARIO


class Follower(Part):
    """A subscriber part: what a part sees of the drill, and only through the interface."""

    name = "follower"

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.ticks = 0
        self.stages: list[str] = []

    def start(self, session: Session) -> None:
        self.stages.append("start")

    def on_event(self, event: ev.Event) -> None:
        self.seen.append(event.kind)

    def tick(self, now: float) -> None:
        self.ticks += 1

    def halt(self) -> None:
        self.stages.append("halt")

    def stop(self) -> None:
        self.stages.append("stop")

    def close(self) -> None:
        self.stages.append("close")


@pytest.fixture
def session(state_dir: Path) -> DrillSession:
    clock = FakeClock()
    scenario = dataclasses.replace(SCENARIO, faults=())  # nothing touches Docker here
    settings = DrillSettings(roster=("ana", "ben"), escalation_s=5, baseline_s=0, customers=False)
    s = offline_session(scenario, settings, clock=clock, options=RunOptions(users=0, consecutive=2))
    s.start([ControlFile()])
    return s


def _seconds(s: DrillSession, n: int, ok: bool) -> None:
    clock = s.clock
    assert isinstance(clock, FakeClock)
    for _ in range(n):
        clock.advance(1.0)
        s.feed(Observation("storefront", s.now(), ok, 2.0, "" if ok else "HTTP 502"))
        s.tick()


def test_loop_records_alert_page_escalation_and_folds_back_a_responder_ack(
    session: DrillSession,
) -> None:
    _seconds(session, 2, True)
    _seconds(session, 3, False)
    kinds = [e.kind for e in session.log.events()]
    assert ev.ALERT_FIRED in kinds and ev.PAGE_SENT in kinds
    _seconds(session, 6, False)
    assert [e.data["to"] for e in session.log.events(kinds=[ev.PAGE_SENT])] == ["ana", "ben"]
    # a responder in another process appends to the same log; the loop folds it in
    from gameday.drill.locate import open_drill

    other = open_drill(session.drill.id).log(session.clock)
    other.append(ev.ACK, {}, actor="ben")
    _seconds(session, 1, False)
    assert session.machine.pager.acked_by == "ben"


def test_control_file_ends_the_loop_and_is_consumed(session: DrillSession) -> None:
    control.request(session.drill.dir, "end", by="fac")
    session.tick()
    assert session.machine.end_reason == "end"
    assert control.read(session.drill.dir) is None


def test_a_real_incident_stops_the_drill_at_once_and_says_so(session: DrillSession) -> None:
    control.request(session.drill.dir, "real-incident", by="fac")
    session.tick()
    assert session.machine.end_reason == "real-incident"
    (stopping,) = session.log.events(kinds=[ev.DRILL_STOPPING])
    assert stopping.data == {"reason": "real-incident", "by": "fac"}
    from gameday.events.typed import describe

    assert describe(stopping, public=True) == (
        "drill stopped by fac for a REAL incident: responders, stand down from the drill"
    )
    session.tick()  # asked once, said once
    assert len(session.log.events(kinds=[ev.DRILL_STOPPING])) == 1


def test_bad_control_request_is_refused(session: DrillSession) -> None:
    from gameday.errors import DrillError

    with pytest.raises(DrillError):
        control.request(session.drill.dir, "explode")
    (session.drill.dir / control.CONTROL_FILE).write_text("{not json")
    session.tick()
    assert session.machine.end_reason is None


def test_events_recorded_are_durable_and_replayable(session: DrillSession) -> None:
    _seconds(session, 4, False)
    from gameday.drill.locate import open_drill

    events = open_drill(session.drill.id).log(session.clock).events()
    fresh = DrillMachine(session.scenario, session.machine.settings, [])
    for e in events:
        fresh.apply(e)
    assert fresh.pager.pages == session.machine.pager.pages


def test_a_part_follows_every_event_and_ends_in_stages(session: DrillSession) -> None:
    follower = Follower()
    session.start([follower])
    _seconds(session, 5, False)
    session.record(ev.NOTE, {"text": "written by a part"})
    session.tick()
    recorded = [e.kind for e in session.log.events()]
    assert follower.seen == recorded  # every event, in log order, drill.started included
    assert follower.ticks == 6
    result = session.finish("end")
    assert follower.stages == ["start", "halt", "stop", "close"]
    assert follower.seen[-1] == ev.DRILL_ENDED and result.reason == "end"
    assert (session.drill.dir / "summary.json").is_file()


def test_drill_time_is_the_logs_and_a_pause_freezes_it(session: DrillSession) -> None:
    clock = session.clock
    assert isinstance(clock, FakeClock)
    clock.advance(10)
    assert session.now() == pytest.approx(10)
    session.log.pause_clock()
    clock.advance(30)
    assert session.now() == pytest.approx(10)  # escalations and the time limit wait too
    session.log.unpause_clock()
    clock.advance(5)
    assert session.now() == pytest.approx(15)


def test_a_plugin_part_that_fails_is_left_out_and_a_required_one_stops_the_drill(
    state_dir: Path,
) -> None:
    said: list[str] = []
    settings = DrillSettings(roster=("ana",), customers=False)
    session = offline_session(
        dataclasses.replace(SCENARIO, faults=()), settings, clock=FakeClock(), say=said.append
    )

    class Broken(Part):
        name = "broken"

        def start(self, s: Session) -> None:
            raise RuntimeError("no webhook configured")

        def tick(self, now: float) -> None:  # never reached: it did not start
            raise AssertionError

    class Needed(Broken):
        name = "needed"
        required = True

    session.start([Broken()])
    session.tick()
    assert said == [("gameday: broken could not start, the drill goes on without it: "
                    "no webhook configured")]  # fmt: skip
    with pytest.raises(RuntimeError):
        session.start([Needed()])
