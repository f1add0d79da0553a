"""Autopilot scripts: parsing with file:line: key errors, and playing them on a FakeClock."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.autopilot import AutopilotPlayer, load_script
from gameday.drill.locate import create_drill
from gameday.errors import ValidationError
from gameday.state import project_root

SCRIPTS = sorted((project_root() / "scenarios" / "teams" / "autopilot").glob("*/*.yaml"))


def _script(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "script.yaml"
    p.write_text(text)
    return p


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_bundled_scripts_are_valid(path: Path) -> None:
    script = load_script(path)
    assert script.team == path.parent.name and script.scenario == path.stem
    assert any(s.do == "resolve" for s in script.steps)
    assert any(s.do in ("remediate", "rollback") for s in script.steps)


def test_at_least_the_seed_scenarios_have_scripts() -> None:
    names = {(p.parent.name, p.stem) for p in SCRIPTS}
    for team in ("model-team", "sloppy-team"):
        for sc in (
            "expired-cert",
            "heavy-migration",
            "upstream-schema",
            "bad-deploy",
            "queue-backlog",
            "queue-redis-maxmemory",
        ):
            assert (team, sc) in names


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("steps:\n  - {at: 10s, do: dance}\n", ":2: steps[0].do: unknown action 'dance'"),
        ("steps:\n  - {at: soon, do: ack}\n", ":2: steps[0].at: 'soon' is not a duration"),
        ("steps:\n  - {do: ack}\n", ":2: steps[0].at: required key is missing"),
        ("steps:\n  - at: 1s\n    do: declare\n    sev: two\n", ":4: steps[0].sev: declare:"),
        ("steps:\n  - at: 1s\n    do: declare\n    sevv: 2\n", ":4: steps[0].sevv: declare:"),
        ("steps:\n  - {at: 1s, do: ack, after: later}\n", ":2: steps[0].after:"),
        ("steps:\n  - {at: 1s, do: remediate}\n", "remediate needs remedy"),
        ("steps:\n  - {at: 1s, do: remediate, remedy: magic}\n", "unknown remediation 'magic'"),
        (
            (
                "steps:\n  - at: 1s\n    do: remediate\n    remedy: pin_upstream_version\n"
                "    params: {versoin: v1}\n"
            ),
            ":5: steps[0].params.versoin: unknown parameter",
        ),
        ("steps: []\n", ":1: steps: needs at least 1 item"),
        ("stepz: []\n", ":1: stepz: unknown key"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, where: str) -> None:
    path = _script(tmp_path, text)
    with pytest.raises(ValidationError) as info:
        load_script(path)
    assert str(info.value).startswith(str(path)) and where in str(info.value)


SCRIPT = """
team: t
steps:
  - {at: 5s, after: page.sent, as: alice, do: ack}
  - {at: 1s, do: declare, sev: 2}
  - {at: 10s, after: page.sent, as: alice, do: channel, name: "#incident-{date}"}
  - {at: 12s, after: page.sent, as: bob, do: remediate, remedy: renew_certificate}
  - {at: 13s, after: page.sent, as: bob, do: rollback, service: api}
  - {at: 2s, after: stakeholder, as: carol, do: notify, text: on it}
  - {at: 3s, after: drill.mitigated, as: alice, do: review, when: "{now+24h}"}
  - {at: 3s, after: drill.mitigated, as: alice, do: resolve}
  - {at: 4s, after: drill.mitigated, as: alice, do: notify, text: hi, reply_to: nobody-asked}
"""


class _Target:
    def rollback(self, service: str) -> tuple[str, str]:
        return "v2", "v1"


def test_player_follows_the_clock_and_anchors(state_dir: Path, tmp_path: Path) -> None:
    clock = FakeClock()
    drill = create_drill("expired-cert", clock=clock)
    log = drill.log(clock)
    remedies: list[tuple[str, dict]] = []

    def remediate(name: str, params: dict) -> str:
        remedies.append((name, params))
        return f"did {name}"

    player = AutopilotPlayer(
        load_script(_script(tmp_path, SCRIPT)),
        drill,
        clock=clock,
        target=_Target(),
        default_actor="ann",
        poll_s=0.5,
        remediate=remediate,
    )
    player.run(until_t=4.0)
    # only the absolute step ran: nobody has been paged yet
    assert [(e.kind, e.actor, e.t) for e in log.events()] == [(ev.DECLARE, "ann", 1.0)]

    log.append(ev.PAGE_SENT, {"to": "alice", "level": 0})  # the runner pages at t=4
    log.append(ev.INJECT_DELIVERED, {"inject": "q", "kind": "noise"})
    player.run(until_t=20.0)
    kinds = [(e.kind, e.t) for e in log.events(kinds=[ev.ACK, ev.CHANNEL, ev.ROLLBACK])]
    assert kinds == [(ev.ACK, 9.0), (ev.CHANNEL, 14.0), (ev.ROLLBACK, 17.0)]
    assert log.first(ev.CHANNEL).data["name"] == "#incident-20260101"
    assert log.first(ev.ROLLBACK).data["to_version"] == "v1"
    assert remedies == [("renew_certificate", {})]
    assert log.first(ev.NOTIFY) is None  # a noise inject is not a stakeholder message

    log.append(ev.INJECT_DELIVERED, {"inject": "ceo", "kind": "stakeholder"})
    log.append(ev.MITIGATED, {"hold_s": 30})  # at t=20
    player.run()
    assert player.done
    assert log.first(ev.NOTIFY).t == 22.0
    resolve = log.first(ev.RESOLVE)
    assert resolve.t == 23.0 and resolve.data == {"premature": False}
    assert log.first(ev.REVIEW).data["when"].startswith("2026-01-02T09:00:23")
    # a step that fails validation at play time is reported, not fatal
    failed = [r for r in player.results if not r.ok]
    assert len(failed) == 1 and "no message 'nobody-asked' has arrived" in failed[0].detail
    assert len(player.results) == 9


def test_player_thread_stops(state_dir: Path, tmp_path: Path) -> None:
    clock = FakeClock()
    drill = create_drill("expired-cert", clock=clock)
    text = "steps:\n  - {at: 1s, after: page.sent, do: ack}\n"
    player = AutopilotPlayer(load_script(_script(tmp_path, text)), drill, clock=clock, poll_s=0.01)
    thread = player.start()
    player.stop()
    assert not thread.is_alive()
    assert not player.done and drill.log().events() == []


def test_player_stops_when_the_drill_ends(state_dir: Path, tmp_path: Path) -> None:
    clock = FakeClock()
    drill = create_drill("expired-cert", clock=clock)
    text = "steps:\n  - {at: 1s, do: ack}\n  - {at: 2s, do: resolve}\n"
    player = AutopilotPlayer(load_script(_script(tmp_path, text)), drill, clock=clock)
    drill.mark_ended("abort", clock)
    results = player.run()
    assert [r.ok for r in results] == [False] and "ended" in results[0].detail
