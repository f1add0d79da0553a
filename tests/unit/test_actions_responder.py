"""The responder's side: who acts by default, local vs remote, the dead-runner warning."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.responder import act, default_actor
from gameday.drill.web import start_web as start_server
from gameday.errors import DrillError, NoDrillRunning
from gameday.state import project_root

MODEL = project_root() / "scenarios" / "teams" / "model-team.yaml"


def test_default_actor_order(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    drill = create_drill("x", team_file=str(MODEL))
    monkeypatch.setenv("GAMEDAY_AS", "erin")
    assert default_actor(drill) == "erin"
    monkeypatch.delenv("GAMEDAY_AS")
    assert default_actor(drill) == "alice"
    assert default_actor(None) == getpass.getuser()
    drill.update(team_file=str(state_dir / "missing.yaml"))  # a broken team file is not fatal
    assert default_actor(drill) == getpass.getuser()


def test_local_act_warns_when_the_runner_is_gone(state_dir: Path) -> None:
    drill = create_drill("x", pid=2**22 + 12345)  # no such process
    rec = act("note", {"text": "hello"}, actor="bob")
    assert rec.drill_id == drill.id and rec.event.kind == ev.NOTE
    assert rec.warning and "resume" in rec.warning
    drill.mark_running(os.getpid())  # a runner attached (pid and process identity)
    assert act("ack", {}, actor="bob").warning is None


def test_local_act_without_drill_and_token_without_server(state_dir: Path) -> None:
    with pytest.raises(NoDrillRunning):
        act("ack", {}, actor="bob")
    with pytest.raises(DrillError, match="only makes sense with --server"):
        act("ack", {}, actor="bob", token="abc")


def test_remote_act(state_dir: Path) -> None:
    drill = create_drill("x")
    server, url = start_server(drill)
    try:
        rec = act("declare", {"sev": 1}, actor="zoe", server=url, token=drill.meta().token)
        assert rec.event.data == {"sev": 1} and rec.event.actor == "zoe"
        assert drill.log().events()[-1].id == rec.event.id
    finally:
        server.shutdown()
        server.server_close()
        drill.close()
