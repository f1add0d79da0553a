"""The runner's loop on a real event log and a FakeClock: events in, decisions out, durable."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill import control
from gameday.drill.machine import DrillMachine, DrillSettings
from gameday.drill.monitors import Observation
from gameday.drill.runner import Runner, RunOptions
from tests.unit.test_runner_machine import SCENARIO


@pytest.fixture
def runner(state_dir: Path) -> Runner:
    from gameday.drill.alerts import default_rules
    from gameday.drill.locate import create_drill

    clock = FakeClock()
    r = Runner(RunOptions(scenario="x.yaml", users=0), say=lambda m: None, clock=clock)
    scenario = dataclasses.replace(SCENARIO, faults=())  # nothing touches Docker here
    r.scenario = scenario
    r.drill = create_drill(scenario.id, team="t", clock=clock)
    r.log = r.drill.log(clock)
    r._epoch = r.log.epoch.timestamp()
    settings = DrillSettings(roster=("ana", "ben"), escalation_s=5, baseline_s=0, customers=False)
    r.machine = DrillMachine(scenario, settings, default_rules(["storefront"], consecutive=2))
    r.emit(ev.DRILL_STARTED, {"scenario": scenario.id}, t=0.0)
    return r


def _seconds(r: Runner, n: int, ok: bool) -> None:
    assert isinstance(r.clock, FakeClock)
    for _ in range(n):
        r.clock.advance(1.0)
        r._obs.put(Observation("storefront", r.now(), ok, 2.0, "" if ok else "HTTP 502"))
        r.tick()


def test_loop_records_alert_page_escalation_and_folds_back_a_responder_ack(runner: Runner) -> None:
    _seconds(runner, 2, True)
    _seconds(runner, 3, False)
    kinds = [e.kind for e in runner.log.events()]
    assert ev.ALERT_FIRED in kinds and ev.PAGE_SENT in kinds
    _seconds(runner, 6, False)
    assert [e.data["to"] for e in runner.log.events(kinds=[ev.PAGE_SENT])] == ["ana", "ben"]
    # a responder in another process appends to the same log; the loop folds it in
    from gameday.drill.locate import open_drill

    other = open_drill(runner.drill.id).log(runner.clock)
    other.append(ev.ACK, {}, actor="ben")
    _seconds(runner, 1, False)
    assert runner.machine.pager.acked_by == "ben"


def test_control_file_ends_the_loop_and_is_consumed(runner: Runner) -> None:
    control.request(runner.drill.dir, "end", by="fac")
    runner.tick()
    assert runner.machine.end_reason == "end"
    assert control.read(runner.drill.dir) is None


def test_bad_control_request_is_refused(runner: Runner) -> None:
    from gameday.errors import DrillError

    with pytest.raises(DrillError):
        control.request(runner.drill.dir, "explode")
    (runner.drill.dir / control.CONTROL_FILE).write_text("{not json")
    runner.tick()
    assert runner.machine.end_reason is None


def test_events_recorded_are_durable_and_replayable(runner: Runner) -> None:
    _seconds(runner, 4, False)
    from gameday.drill.locate import open_drill

    events = open_drill(runner.drill.id).log(runner.clock).events()
    fresh = DrillMachine(runner.scenario, runner.machine.settings, [])
    for e in events:
        fresh.apply(e)
    assert fresh.pager.pages == runner.machine.pager.pages
