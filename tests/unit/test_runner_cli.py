"""`gameday run/end/abort` mistakes give one clear line, never a traceback; timing summary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.cli import main
from gameday.drill.report import summary_lines, timings
from gameday.events import Event


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    return code, err


def test_run_needs_a_scenario(state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(["run"], capsys)
    assert code == 2 and "needs a SCENARIO" in err and "Traceback" not in err


def test_run_with_a_missing_scenario_fails_before_touching_anything(
    state_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, err = _run(["run", str(tmp_path / "nope.yaml"), "--plain"], capsys)
    assert code != 0 and "nope.yaml" in err and "Traceback" not in err
    assert not (state_dir / "drills" / "current").exists()


def test_run_with_a_broken_team_file_names_file_and_key(
    state_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from gameday.state import project_root

    team = tmp_path / "team.yaml"
    team.write_text("team: t\npeople: [ana]\noncall: [bob]\n")
    scenario = project_root() / "scenarios" / "expired-cert.yaml"
    code, err = _run(["run", str(scenario), "--team", str(team), "--plain"], capsys)
    assert code == 2 and "team.yaml:3" in err and "oncall" in err


def test_bad_flag_values_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "x.yaml", "--hold", "soon"])
    assert exc.value.code == 2 and "not a duration" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["run", "x.yaml", "--users", "-3"])


@pytest.mark.parametrize("cmd", ["end", "abort"])
def test_end_without_a_drill(cmd: str, state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run([cmd], capsys)
    assert code == 8 and "no drill is running" in err


def test_end_of_an_ended_drill_is_refused(
    state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gameday.drill.locate import create_drill

    drill = create_drill("expired-cert", team="t")
    drill.mark_ended("resolved")
    code, err = _run(["end", "--drill", drill.id], capsys)
    assert code == 8 and "already ended" in err


def test_end_finishes_a_drill_whose_runner_is_gone(
    state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gameday.drill.locate import create_drill

    drill = create_drill("expired-cert", team="t", pid=2**22 + 12345)  # no such process
    assert main(["end"]) == 0
    assert "no live runner" in capsys.readouterr().out
    kinds = [e.kind for e in drill.log().events()]
    assert kinds == [ev.DRILL_STOPPING, ev.RESTORED, ev.DRILL_ENDED]
    assert drill.meta().state == "ended" and drill.meta().end_reason == "end"


def test_abort_for_a_real_incident_without_a_runner_still_stands_the_pager_down(
    state_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gameday.drill.locate import create_drill
    from gameday.testing import LoopbackReceiver

    monkeypatch.setenv("GAMEDAY_PAGERDUTY_ROUTING_KEY", "k")
    with LoopbackReceiver() as pd:
        team = state_dir / "team.yaml"
        team.write_text(
            "team: t\npeople: [ana]\noncall: [ana]\n"
            f"integrations:\n  pagerduty: {{url: '{pd.url}'}}\n"
        )
        drill = create_drill("expired-cert", team="t", team_file=str(team), pid=2**22 + 12345)
        drill.log().append(ev.PAGE_SENT, {"to": "ana", "level": 0, "alert": "checkout"})
        assert main(["abort", "--real-incident"]) == 0
    assert "stopped it for a real incident" in capsys.readouterr().out
    events = drill.log().events()
    stopping = next(e for e in events if e.kind == ev.DRILL_STOPPING)
    assert stopping.data["reason"] == "real-incident"
    assert events[-1].kind == ev.DRILL_ENDED and events[-1].data["reason"] == "real-incident"
    assert drill.meta().end_reason == "real-incident"
    assert [b["event_action"] for b in pd.bodies()] == ["trigger", "resolve"]


def _e(i: int, t: float, kind: str, data: dict | None = None, actor: str = "gameday") -> Event:
    return Event(i, t, datetime(2026, 1, 1, tzinfo=UTC), actor, kind, data or {})


def test_timings_are_the_incident_folds() -> None:
    """The summary measures what the scorecard measures: from the fault starting to act."""
    events = [
        _e(1, 0, ev.DRILL_STARTED),
        _e(2, 8, ev.ALERT_FIRED, {"noise": False}),  # before the fault: not a detection
        _e(3, 10, ev.FAULT_INJECTED, {"fault": "f"}),
        _e(4, 12, ev.FAULT_LIVE, {"fault": "f"}),
        _e(5, 13, ev.ALERT_FIRED, {"noise": True}),
        _e(6, 15, ev.ALERT_FIRED, {"noise": False}),
        _e(7, 16, ev.PAGE_SENT),
        _e(8, 30, ev.ACK, actor="bob"),
        _e(9, 40, ev.RESOLVE, {"premature": True}, actor="bob"),
        _e(10, 50, ev.CUSTOMERS_STATS, {"requests": 100, "failures": 40}),
        _e(11, 60, ev.MITIGATED),
        _e(12, 70, ev.RESOLVE, {"premature": False}, actor="bob"),
        _e(13, 71, ev.CUSTOMERS_STATS, {"requests": 100, "failures": 0}),  # after recovery
        _e(14, 75, ev.DRILL_ENDED, {"reason": "resolved"}),
    ]
    t = timings(events)
    m = t["metrics"]
    assert (m["time_to_detect"], m["time_to_acknowledge"]) == (5, 14)
    assert (m["time_to_mitigate"], m["time_to_resolve"]) == (50, 60)
    assert t["milestones"]["started"] == 10 and t["milestones"]["resolved"] == 70
    assert t["premature_resolves"] == 1 and t["alerts"] == 2 and t["duration_s"] == 75
    imp = t["impact"]
    assert (imp["requests"], imp["failures"], imp["window"]) == (100, 40, [10, 60])
    lines = summary_lines(t)
    assert lines[0].startswith("time to detect") and " 5s " in lines[0]
    assert "fault starts acting" in lines[0]
    assert "incident start 10s → mitigated 1m00s" in lines[-5] and "40 failed" in lines[-5]
    assert t["cost"]["per_minute"] == 48.0 and t["cost"]["saved"] == 40
    assert lines[-4].startswith("cost of delay: 40 failed requests over 50s of incident")
    assert lines[-3] == t["load"]["label"] and lines[-3].startswith("load: ")
    assert lines[-2].startswith("fix: no change by the team was recorded")  # nobody changed a thing


def test_timings_of_a_drill_that_never_broke() -> None:
    t = timings([_e(1, 0, ev.DRILL_STARTED), _e(2, 5, ev.DRILL_ENDED, {"reason": "abort"})])
    assert t["metrics"]["time_to_detect"] is None and t["phase"] == "ended"
    assert " - " in summary_lines(t)[0]


def test_a_second_drill_is_refused_while_one_is_left_running(
    state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gameday.drill.locate import create_drill
    from gameday.state import project_root

    drill = create_drill("expired-cert", team="t", pid=2**22 + 12345)
    scenario = project_root() / "scenarios" / "expired-cert.yaml"
    code, err = _run(["run", str(scenario), "--plain"], capsys)
    assert code == 8 and drill.id in err and "--resume" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--workers", "-1"], "argument --workers: -1 is out of range (0..64"),
        (["--workers", "65"], "65 is out of range (0..64 Locust worker processes on this host)"),
        (["--workers", "two"], "argument --workers: 'two' is not a whole number"),
        (["--remote-workers", "2000"], "out of range (0..1024"),
        (["--master-port", "70000"], "argument --master-port: 70000 is out of range"),
        (["--master-bind", "not a host!"], "is not an IP address or a host name"),
    ],
)
def test_worker_options_are_checked_while_parsing(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["run", "x.yaml", *argv])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--users", "0", "--workers", "2"], "--workers and --remote-workers need customers"),
        (["--remote-workers", "2", "--master-bind", "0.0.0.0"], "needs a fixed --master-port"),
        (
            ["--remote-workers", "2", "--master-port", "5557"],
            "--remote-workers needs a master other hosts can reach",
        ),
    ],
)
def test_worker_option_combinations_are_refused_before_anything_runs(
    argv: list[str], message: str, state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gameday.state import project_root

    scenario = project_root() / "scenarios" / "expired-cert.yaml"
    code, err = _run(["run", str(scenario), "--plain", *argv], capsys)
    assert code != 0 and message in err and "Traceback" not in err
    assert not (state_dir / "drills" / "current").exists()


@pytest.mark.parametrize(
    ("master", "message"),
    [
        ("10.0.0.5", "is not HOST:PORT"),
        ("10.0.0.5:http", "has no port number"),
        ("10.0.0.5:0", "port 0 is out of range (1..65535)"),
        ("bad host:5557", "is not an IP address or a host name"),
    ],
)
def test_workers_command_checks_the_master_address(
    master: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["workers", "--master", master])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err


def test_workers_command_without_a_locustfile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["workers", "--master", "127.0.0.1:5557", "--target", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0 and "no locustfile at" in err and "Traceback" not in err
