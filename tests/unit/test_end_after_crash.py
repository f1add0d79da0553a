"""``gameday end`` on a drill whose runner died (issue 8's crash path), without Docker.

The runner is a real process recorded in ``drill.json`` and killed with SIGKILL, left unreaped
(a zombie still answers ``kill(pid, 0)``); its "Locust" is a real process in its own session.
``end`` must not wait for either: it ends the leftover, restores (nothing is journaled here),
records the end and writes what the runner's own end writes -- summary, timeline, scorecard --
through the same writer. The integration test ``test_end_after_kill9`` does this on the stack.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.cli import main
from gameday.drill import proc
from gameday.drill.locate import open_drill
from gameday.state import project_root
from gameday.testing import drill_from_timeline, textbook_drill
from gameday.timeline import load_timeline

ROOT = project_root()
SCENARIO = ROOT / "scenarios" / "bad-deploy.yaml"
RECORD = {"summary.json", "summary.txt", "timeline.yaml"}


@pytest.fixture(autouse=True)
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)


def _sleeper(*tag: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)", *tag], start_new_session=True
    )


def _crashed(tmp_path: Path, *, score: bool = True) -> tuple[Path, subprocess.Popen[bytes]]:
    """A drill mid-incident whose runner was just killed (not reaped) and whose Locust lives."""
    runner = _sleeper("gameday-runner")
    locust = _sleeper("locust")
    tl = textbook_drill(skip=frozenset({"review"})).build()
    options = {"score": score, "scorecards": str(tmp_path / "cards")}
    drill = drill_from_timeline(
        tl,
        scenario_path=str(SCENARIO),
        runner_pid=runner.pid,
        extra={"options": options, "locust_pid": locust.pid},
    )
    assert drill.runner_alive()
    os.kill(runner.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert proc.zombie(runner.pid) and proc.exists(runner.pid)  # kill(pid, 0) still answers
    assert not drill.runner_alive()
    return drill.dir, locust


@pytest.mark.parametrize("request_", ["end", "abort"])
def test_end_after_a_crash_writes_the_drill_record_at_once(
    request_: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drill_dir, locust = _crashed(tmp_path)
    try:
        start = time.monotonic()
        code = main([request_])
        took = time.monotonic() - start
        out, err = capsys.readouterr()
        assert code == 0, err
        assert locust.wait(timeout=10) is not None  # the dead runner's Locust was ended
    finally:
        if locust.poll() is None:
            locust.kill()
    assert took < 30, took  # generous: the point is "not 180 s of waiting for a zombie"
    assert "had no live runner" in out
    files = {p.name for p in drill_dir.iterdir()}
    assert files >= RECORD, files
    cards = sorted(p.suffix for p in (tmp_path / "cards").glob("*")) if request_ == "end" else []
    if request_ == "end":
        assert cards == [".html", ".md", ".yaml"], cards
        assert "score " in out and "wrote " in out
    else:
        assert not (tmp_path / "cards").exists()  # abort: no scorecard, as for the runner
    summary = json.loads((drill_dir / "summary.json").read_text())
    assert summary["reason"] == request_
    timeline = load_timeline(drill_dir / "timeline.yaml", check_references=False)
    kinds = [e.kind for e in timeline.events]
    assert kinds[-2:] == [ev.RESTORED, ev.DRILL_ENDED]
    assert kinds.count(ev.ACK) == 1
    meta = open_drill(drill_dir).meta()
    assert meta.state == "ended" and meta.end_reason == request_ and meta.pid is None


def test_no_score_drills_get_no_scorecard_after_a_crash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drill_dir, locust = _crashed(tmp_path, score=False)
    try:
        assert main(["end"]) == 0
    finally:
        locust.kill()
        locust.wait()
    assert {p.name for p in drill_dir.iterdir()} >= RECORD
    assert not (tmp_path / "cards").exists()
    assert "score " not in capsys.readouterr().out


def test_the_record_is_the_one_the_runner_writes(tmp_path: Path) -> None:
    """Ending by hand and the runner's own end go through ``report.write_record``: the same
    timeline events, the same summary keys, the same scorecard criteria."""
    from gameday.drill.report import write_record
    from gameday.playbook import load_playbook
    from gameday.scenario.loader import load_scenario
    from gameday.scorecard import read_scorecard

    drill_dir, locust = _crashed(tmp_path)
    try:
        assert main(["end"]) == 0
    finally:
        locust.kill()
        locust.wait()
    drill = open_drill(drill_dir)
    scenario = load_scenario(SCENARIO)
    again = tmp_path / "again"
    record = write_record(
        drill,
        drill.log().events(),
        reason="end",
        scenario=scenario,
        playbook=load_playbook("default"),
        team=drill.meta().team,
        out_dir=again,
        say=lambda m: None,
    )
    mine = json.loads((drill_dir / "summary.json").read_text())
    assert set(mine) == set(record.summary) - {"score"}  # summary.json is written before scoring
    (card,) = [read_scorecard(p) for p in (tmp_path / "cards").glob("*.yaml")]
    (ref,) = [read_scorecard(p) for p in again.glob("*.yaml")]
    assert card.result["criteria"] == ref.result["criteria"]
    assert card.summary["total"] == ref.summary["total"]


def test_a_live_runner_is_asked_and_a_dying_one_is_finished_here(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A runner that dies after the request was written (it never takes it) is noticed at
    once: ``end`` finishes the drill itself instead of waiting out ``--wait``."""
    runner = _sleeper("gameday-runner")
    tl = textbook_drill().build()
    drill = drill_from_timeline(tl, scenario_path=str(SCENARIO), runner_pid=runner.pid)

    def die_soon() -> None:
        time.sleep(1.0)
        runner.kill()

    import threading

    threading.Thread(target=die_soon, daemon=True).start()
    start = time.monotonic()
    assert main(["end", "--wait", "5m"]) == 0, capsys.readouterr().err
    assert time.monotonic() - start < 60
    assert "had no live runner" in capsys.readouterr().out
    assert open_drill(drill.dir).meta().state == "ended"
    runner.wait()


def test_score_takes_a_drill_id_or_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tl = textbook_drill().build()
    drill = drill_from_timeline(tl, scenario_path=str(SCENARIO))  # running, no record yet
    for ref in (drill.id, str(drill.dir)):
        assert main(["score", ref, "--no-write", "--json"]) == 0, capsys.readouterr().err
        live = json.loads(capsys.readouterr().out)["result"]
        assert live["total"] > 0
    assert main(["end"]) == 0  # writes timeline.yaml: scoring reads that from now on
    capsys.readouterr()
    assert main(["score", drill.id, "--out", str(tmp_path / "rescored"), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in again["result"]["criteria"]] == [c["name"] for c in live["criteria"]]
    assert len(again["files"]) == 3
    assert main(["score", "no-such-drill"]) == 2
    err = capsys.readouterr().err
    assert "no-such-drill: no such timeline file, and no drill 'no-such-drill'" in err


def test_score_of_a_drill_whose_scenario_is_gone_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tl = textbook_drill().build()
    gone = tmp_path / "gone.yaml"
    drill = drill_from_timeline(tl, scenario_path=str(gone))
    assert main(["score", drill.id, "--no-write"]) != 0
    err = capsys.readouterr().err.splitlines()
    assert (
        err[0]
        == f"gameday: error: drill {drill.id}: its scenario cannot be read: {gone}: no such file"
    )
    drill.update(scenario_path="")
    assert main(["score", drill.id, "--no-write"]) != 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"gameday: error: {drill.meta_path}: scenario_path is empty")
