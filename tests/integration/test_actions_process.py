"""Responder commands from other processes: zero configuration, durable before they return."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.log import LOG_FILE
from gameday.drill.web import start_web as start_server

TARGET_ENV = ("GAMEDAY_PROJECT", "GAMEDAY_PROXY_PORT", "GAMEDAY_DB_PORT")


def _gameday(args: list[str], state: Path, **env: str) -> subprocess.CompletedProcess:
    """Run gameday as a responder's fresh terminal would: only the state dir is shared."""
    full_env = {k: v for k, v in os.environ.items() if k not in (*TARGET_ENV, "GAMEDAY_AS")}
    full_env.update({"GAMEDAY_STATE_DIR": str(state), **env})
    return subprocess.run(
        [sys.executable, "-m", "gameday", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _rows(drill_dir: Path) -> list[tuple]:
    conn = sqlite3.connect(drill_dir / LOG_FILE)  # a reader that shares nothing with the writer
    try:
        return conn.execute("SELECT id, actor, kind, data FROM events ORDER BY id").fetchall()
    finally:
        conn.close()


def test_ack_from_a_second_process_is_durable(state_dir: Path) -> None:
    drill = create_drill("expired-cert", team="model-team")
    drill.close()
    done = _gameday(["ack", "--as", "bob"], state_dir)
    assert done.returncode == 0, done.stderr
    assert "acknowledged the page" in done.stdout
    assert _rows(drill.dir) == [(1, "bob", ev.ACK, "{}")]


def test_a_burst_of_commands_from_several_processes(state_dir: Path) -> None:
    drill = create_drill("bad-deploy", team="model-team")
    commands = [
        ["declare", "--sev", "2", "--as", "alice"],
        ["role", "ic", "alice", "--as", "alice"],
        ["role", "operations-lead", "bob", "--as", "alice"],
        ["channel", "#incident-20260101", "--as", "alice"],
        ["status", "Checkout", "is", "failing", "--next", "15m", "--as", "carol"],
        ["note", "errors since the deploy", "--as", "bob"],
    ]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "gameday", *c],
            env={**os.environ, "GAMEDAY_STATE_DIR": str(state_dir)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for c in commands
    ]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
    rows = _rows(drill.dir)
    assert sorted(r[2] for r in rows) == sorted(
        [ev.DECLARE, ev.ROLE, ev.ROLE, ev.CHANNEL, ev.STATUS, ev.NOTE]
    )
    assert [r[0] for r in rows] == list(range(1, 7))
    status = next(e for e in drill.log().events() if e.kind == ev.STATUS)
    assert status.data == {"text": "Checkout is failing", "state": "investigating", "next_s": 900.0}
    drill.close()


def test_actor_defaults(state_dir: Path) -> None:
    team = Path(__file__).resolve().parents[2] / "scenarios" / "teams" / "model-team.yaml"
    drill = create_drill("expired-cert", team="model-team", team_file=str(team))
    assert _gameday(["note", "from env"], state_dir, GAMEDAY_AS="erin").returncode == 0
    assert _gameday(["note", "from team"], state_dir).returncode == 0
    actors = [r[1] for r in _rows(drill.dir)]
    assert actors == ["erin", "alice"]  # $GAMEDAY_AS, then the team's default_actor


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["declare", "--sev", "0"], "out of range", 8),
        (["role", "boss", "bob"], "unknown role", 8),
        (["note", ""], "must not be empty", 8),
        (["update", "x", "--next", "whenever"], "not a duration", 8),
        (["notify", "press", "hello"], "only audience", 8),
        (["rollback", "api"], "no target recorded", 8),
        (["ack", "--token", "t"], "--token only makes sense with --server", 8),
    ],
)
def test_mistakes_are_one_line_errors(state_dir: Path, args, message, code) -> None:
    create_drill("expired-cert").close()
    done = _gameday([*args, "--as", "bob"], state_dir)
    assert done.returncode == code
    assert message in done.stderr and "Traceback" not in done.stderr


def test_local_watch_once(state_dir: Path) -> None:
    drill = create_drill("heavy-migration", team="model-team")
    drill.log().append(ev.PAGE_SENT, {"to": "alice", "level": 0, "alert": "checkout-slow"})
    assert _gameday(["status", "Checkout is slow", "--as", "carol"], state_dir).returncode == 0
    shown = _gameday(["watch", "--once"], state_dir)
    assert shown.returncode == 0, shown.stderr
    assert "paged alice" in shown.stdout and "Checkout is slow" in shown.stdout
    assert "migration" not in shown.stdout
    drill.mark_ended("end")
    gone = _gameday(["watch", "--once"], state_dir)
    assert gone.returncode == 8 and "no drill is running" in gone.stderr


def test_no_drill_running(state_dir: Path) -> None:
    done = _gameday(["ack", "--as", "bob"], state_dir)
    assert done.returncode == 8
    assert "no drill is running" in done.stderr and "Traceback" not in done.stderr


def test_remote_commands_and_watch_through_the_endpoint(state_dir: Path, tmp_path: Path) -> None:
    drill = create_drill("expired-cert", team="model-team")
    server, url = start_server(drill)
    other_state = tmp_path / "elsewhere"  # a responder machine: no local drill at all
    try:
        token = drill.meta().token
        done = _gameday(["ack", "--as", "dana", "--server", url, "--token", token], other_state)
        assert done.returncode == 0, done.stderr
        bad = _gameday(["ack", "--as", "dana", "--server", url, "--token", "nope"], other_state)
        assert bad.returncode == 8 and "wrong join token" in bad.stderr
        drill.log().append(
            ev.ALERT_FIRED,
            {
                "alert": "checkout-errors",
                "monitor": "checkout",
                "severity": "critical",
                "message": "5xx > 20%",
                "noise": True,
            },
        )
        shown = _gameday(["watch", "--once", "--server", url, "--token", token], other_state)
        assert shown.returncode == 0, shown.stderr
        assert "checkout-errors" in shown.stdout and "dana" in shown.stdout
        assert "noise" not in shown.stdout and "expired" not in shown.stdout
    finally:
        server.shutdown()
        server.server_close()
    assert _rows(drill.dir)[0][1:3] == ("dana", ev.ACK)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.docker
def test_rollback_from_a_responder_terminal_is_real(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gameday.errors import TargetError
    from gameday.target import resolve_target

    monkeypatch.setenv("GAMEDAY_PROJECT", f"gd-test-act-{os.getpid()}")
    monkeypatch.setenv("GAMEDAY_PROXY_PORT", str(_free_port()))
    monkeypatch.setenv("GAMEDAY_DB_PORT", str(_free_port()))
    shop = resolve_target("targets/shop")
    try:
        shop.up()
        # the runner records its target and GAMEDAY_* settings; the responder has neither
        drill = create_drill("bad-deploy", target=str(shop.path))
        nothing = _gameday(["rollback", "api", "--as", "bob"], state_dir)
        assert nothing.returncode == TargetError.exit_code, nothing.stderr
        assert "no previous version" in nothing.stderr and "Traceback" not in nothing.stderr
        shop.deploy("api", "v2")
        done = _gameday(["rollback", "api", "--as", "bob"], state_dir)
        assert done.returncode == 0, done.stderr
        assert shop.deployed_version("api") == "v1"
        failed, ok = [e for e in drill.log().events() if e.kind == ev.ROLLBACK]
        assert failed.data["ok"] is False
        assert ok.data == {"service": "api", "from_version": "v2", "to_version": "v1", "ok": True}
        assert ok.actor == "bob"
    finally:
        shop.down(keep_data=False)
