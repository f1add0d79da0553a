"""Drill parts are plugins: gameday's own through the same hook as a team's, checked at
registration, assembled in order for each drill."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.machine import DrillSettings
from gameday.drill.part import Part, PartSpec, Session
from gameday.drill.parts import assemble
from gameday.plugins import hookimpl, new_manager
from gameday.testing import offline_session
from tests.unit.test_runner_machine import SCENARIO


class Relay(Part):
    """What an outbound integration looks like: it follows the log, posts somewhere."""

    name = "relay"

    def __init__(self) -> None:
        self.posted: list[str] = []

    def on_event(self, event: ev.Event) -> None:
        if event.kind == ev.ALERT_FIRED:
            self.posted.append(str(event.data.get("alert")))


def _plugin(*specs: PartSpec) -> object:
    @hookimpl
    def gameday_drill_parts() -> tuple[PartSpec, ...]:
        return specs

    return SimpleNamespace(gameday_drill_parts=gameday_drill_parts)


def _session(state_dir: Path) -> Session:
    settings = DrillSettings(roster=("ana",), customers=False)
    return offline_session(dataclasses.replace(SCENARIO, faults=()), settings, clock=FakeClock())


def test_the_builtin_parts_and_a_plugins_part_are_assembled_in_order(state_dir: Path) -> None:
    relay = Relay()
    pm = new_manager([("team", _plugin(PartSpec("relay", "posts alerts", lambda s: relay, 45)))])
    parts = assemble(_session(state_dir), registry=pm.registries.drill_parts)
    # --users 0 and no autopilot script: those two parts do not apply to this drill
    assert [p.name for p in parts] == [
        "endpoint", "monitors", "injector", "relay", "control", "wrapup"
    ]  # fmt: skip
    assert parts[3] is relay
    assert pm.registries.drill_parts.owner("relay") == "team"


@pytest.mark.parametrize(
    ("piece", "message"),
    [
        (SimpleNamespace(name="bad"), "is a SimpleNamespace, not a PartSpec"),
        (PartSpec("bad", "takes nothing", lambda: None), "build must take the session"),  # type: ignore[arg-type,misc]
        (PartSpec("bad", "bool order", lambda s: None, True), "order must be an int"),
    ],
)
def test_a_malformed_part_is_refused_saying_what_was_expected(piece: object, message: str) -> None:
    pm = new_manager([("team", _plugin(piece))])  # type: ignore[arg-type]
    assert "bad" not in pm.registries.drill_parts and "relay" not in pm.registries.drill_parts
    (problem,) = pm.problems
    assert message in problem.message and "PartSpec(name, summary, build=" in problem.message


def test_a_plugin_part_that_cannot_be_built_is_left_out(state_dir: Path) -> None:
    def broken(s: Session) -> Part:
        raise RuntimeError("SLACK_WEBHOOK is not set")

    pm = new_manager([("team", _plugin(PartSpec("slack", "posts to Slack", broken)))])
    said: list[str] = []
    session = offline_session(
        dataclasses.replace(SCENARIO, faults=()),
        DrillSettings(roster=("ana",), customers=False),
        clock=FakeClock(),
        say=said.append,
    )
    parts = assemble(session, registry=pm.registries.drill_parts)
    assert "slack" not in [p.name for p in parts]
    assert said == [("gameday: drill part 'slack' could not be built, left out: "
                    "SLACK_WEBHOOK is not set")]  # fmt: skip


def test_the_wrap_up_closes_once_the_autopilot_team_has_played_its_last_step(
    state_dir: Path, tmp_path: Path
) -> None:
    from gameday.drill.autopilot import load_script
    from gameday.drill.parts.autopilot import Autopilot

    script = tmp_path / "script.yaml"
    script.write_text("steps:\n  - {at: 0s, as: ana, do: note, text: looked at the logs}\n")
    said: list[str] = []
    settings = DrillSettings(roster=("ana",), customers=False, baseline_s=0)
    session = offline_session(
        dataclasses.replace(SCENARIO, faults=()), settings, clock=FakeClock(), say=said.append
    )
    part = Autopilot(load_script(script))
    session.start([part])
    try:
        for _ in range(500):  # the player's thread plays the step due at 0 s
            if part.player is not None and part.player.done:
                break
            time.sleep(0.01)
        session.tick()
        assert session.machine.end_reason is None  # not in the wrap-up: the drill goes on
        session.record(ev.WRAPUP, {"until_t": 600.0, "window_s": 600.0})
        session.tick()
        assert session.machine.end_reason == "resolved"
        assert any("played its last step" in m for m in said)
    finally:
        part.halt()


def test_steps_waiting_for_what_never_comes_close_the_wrap_up_after_a_quiet_spell(
    state_dir: Path, tmp_path: Path
) -> None:
    from gameday.drill.autopilot import load_script
    from gameday.drill.parts.autopilot import QUIET_S, Autopilot

    script = tmp_path / "script.yaml"
    script.write_text(
        "steps:\n"
        "  - {at: 0s, as: ana, do: note, text: looked at the logs}\n"
        "  - {after: stakeholder, at: 30s, as: ana, do: notify, audience: stakeholders,\n"
        "     text: answered}\n"
    )
    said: list[str] = []
    clock = FakeClock()
    settings = DrillSettings(roster=("ana",), customers=False, baseline_s=0)
    session = offline_session(
        dataclasses.replace(SCENARIO, faults=()), settings, clock=clock, say=said.append
    )
    part = Autopilot(load_script(script))
    session.start([part])
    try:
        for _ in range(500):
            if part.player is not None and part.player.left == 1 and part.player.waiting:
                break
            time.sleep(0.01)
        session.record(ev.WRAPUP, {"until_t": 900.0, "window_s": 900.0})
        session.tick()  # quiet from now on
        assert session.machine.end_reason is None
        start = session.now()
        while session.now() - start < QUIET_S:  # the player's polls move the fake clock on
            time.sleep(0.01)
        session.tick()
        assert session.machine.end_reason == "resolved"
        assert any("1 step(s) left wait for what never came" in m for m in said)
    finally:
        part.halt()
