"""The responder commands' command line: every --help works, flags map to action params."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday import events as ev
from gameday.cli import main
from gameday.cli.actions import command_specs
from gameday.drill.locate import create_drill

NAMES = [s.name for s in command_specs()] + ["watch"]


@pytest.mark.parametrize("name", NAMES)
def test_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert f"gameday {name}" in out
    if name != "watch":
        assert "--as NAME" in out and "--server URL" in out


@pytest.mark.parametrize(
    ("argv", "kind", "data"),
    [
        (["ack"], ev.ACK, {}),
        (["declare", "--sev", "3"], ev.DECLARE, {"sev": 3}),
        (["role", "operations-lead", "bob"], ev.ROLE, {"role": "tech", "person": "bob"}),
        (["channel", "#incident-20260101"], ev.CHANNEL, {"name": "#incident-20260101"}),
        (["status", "All", "good", "--state", "resolved"], ev.STATUS,
         {"text": "All good", "state": "resolved"}),
        (["update", "still digging", "--next", "10m"], ev.UPDATE,
         {"text": "still digging", "next_s": 600.0}),
        (["notify", "stakeholders", "We are on it"], ev.NOTIFY,
         {"audience": "stakeholders", "text": "We are on it"}),
        (["note", "pool", "exhausted"], ev.NOTE, {"text": "pool exhausted"}),
        (["cause", "bad config"], ev.CAUSE, {"text": "bad config"}),
        (["resolve"], ev.RESOLVE, {"premature": True}),
    ],
)  # fmt: skip
def test_commands_record_their_event(
    state_dir: Path, capsys: pytest.CaptureFixture[str], argv: list[str], kind: str, data: dict
) -> None:
    drill = create_drill("x")
    assert main([*argv, "--as", "ann"]) == 0
    (event,) = drill.log().events()
    assert (event.kind, event.actor, event.data) == (kind, "ann", data)
    assert "recorded" in capsys.readouterr().out


def test_declare_needs_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["declare", "--sev", "high"])
    assert info.value.code == 2
    assert "argument --sev: 'high' is not a whole number" in capsys.readouterr().err
