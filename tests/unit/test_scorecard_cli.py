"""Every command of ``gameday score / scorecard / review``, and clean one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gameday.cli import main
from gameday.state import project_root

ROOT = project_root()
DATA = ROOT / "tests" / "data"
FAST = DATA / "playbooks" / "fast.yaml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cards(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "cards"
    for name in ("rough-heavy-migration", "tabletop-expired-cert", "textbook-bad-deploy"):
        code, _, err = _run(
            capsys, "score", str(DATA / "timelines" / f"{name}.yaml"), "--out", str(out)
        )
        assert code == 0, err
    return out


@pytest.mark.parametrize(
    "argv",
    [
        ["score"],
        ["scorecard"],
        ["scorecard", "list"],
        ["scorecard", "show"],
        ["scorecard", "compare"],
        ["scorecard", "trends"],
        ["review"],
        ["review", "draft"],
        ["review", "schedule"],
    ],
)
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--help"])
    assert exc.value.code == 0
    assert "usage: gameday" in capsys.readouterr().out


def test_score_writes_and_prints(cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    names = sorted(p.name for p in cards.iterdir())
    assert "2026-05-11-heavy-migration-red.yaml" in names
    assert "2026-05-06-expired-cert-green.html" in names
    code, out, _ = _run(
        capsys, "score", str(DATA / "timelines" / "rough-heavy-migration.yaml"), "--no-write"
    )
    assert code == 0 and "first step missed" in out and "Page acknowledged" in out


def test_score_json_with_fast_playbook_and_team(tmp_path: Path, capsys) -> None:
    code, out, _ = _run(
        capsys,
        "score",
        str(DATA / "timelines" / "textbook-bad-deploy.yaml"),
        "--playbook",
        str(FAST),
        "--team",
        "purple",
        "--out",
        str(tmp_path),
        "--json",
    )
    data = json.loads(out)
    assert code == 0 and data["result"]["playbook"] == "fast"
    assert data["files"][0].endswith("2026-05-04-bad-deploy-purple.yaml")
    # minute-scale textbook drill against second-scale deadlines: lots of lateness
    states = {c["name"]: c["state"] for c in data["result"]["criteria"]}
    assert states["ack"] == "late"


def test_list_show_compare_trends(cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "scorecard", "list", "--dir", str(cards), "--json")
    rows = json.loads(out)
    assert code == 0 and [r["team"] for r in rows] == ["blue", "green", "red"]
    code, out, _ = _run(capsys, "scorecard", "list", "--dir", str(cards), "--team", "red")
    assert code == 0 and "heavy-migration" in out and "expired-cert" not in out

    red = cards / "2026-05-11-heavy-migration-red.yaml"
    blue = cards / "2026-05-04-bad-deploy-blue.yaml"
    code, out, _ = _run(capsys, "scorecard", "show", str(red))
    assert code == 0 and "Resolved after recovery" in out and "pending" in out
    code, out, _ = _run(capsys, "scorecard", "show", str(red), "--json")
    assert json.loads(out)["summary"]["team"] == "red"

    code, out, _ = _run(capsys, "scorecard", "compare", str(blue), str(red), "--json")
    cmp = json.loads(out)
    assert cmp["total"]["change"] == "worse"
    code, out, _ = _run(capsys, "scorecard", "compare", str(blue), str(red))
    assert code == 0 and "worse" in out

    code, out, _ = _run(capsys, "scorecard", "trends", "--dir", str(cards), "--json")
    tr = json.loads(out)
    assert tr["scorecards"] == 3 and set(tr["teams"]) == {"blue", "green", "red"}
    code, out, _ = _run(capsys, "scorecard", "trends", "--dir", str(cards))
    assert code == 0 and "teams: total score" in out and "criteria" in out


def test_review_draft_and_schedule(cards: Path, capsys: pytest.CaptureFixture[str]) -> None:
    red = cards / "2026-05-11-heavy-migration-red.yaml"
    code, out, _ = _run(capsys, "review", "draft", str(red))
    draft = cards / "2026-05-11-heavy-migration-red.review.md"
    assert code == 0 and draft.exists() and "## Five whys" in draft.read_text()
    code, out, _ = _run(capsys, "review", "draft", str(red), "--out", "-")
    assert out.startswith("# Post-incident review (draft)")

    code, out, err = _run(
        capsys, "review", "schedule", "2026-05-12T10:00", "--scorecard", str(red), "--as", "gus"
    )
    assert code == 0, err
    assert "met" in out
    shown = json.loads(_run(capsys, "scorecard", "show", str(red), "--json")[1])
    review = next(c for c in shown["result"]["criteria"] if c["name"] == "review")
    assert review["state"] == "met"
    # without --scorecard (and no running drill): the newest scorecard in --dir
    newest = cards / "2026-05-04-bad-deploy-blue.yaml"
    newest.touch()
    code, out, err = _run(capsys, "review", "schedule", "24h", "--dir", str(cards), "--as", "x")
    assert code == 0, err
    assert str(newest) in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["score", "tests/data/timelines/bad/bad-duration.yaml"],
            "bad-duration.yaml:7: events[1].t:",
        ),
        (["score", "tests/data/timelines/nope.yaml"], "nope.yaml: no such file"),
        (
            ["score", "tests/data/timelines/textbook-bad-deploy.yaml", "--playbook", "nope"],
            "no playbook named 'nope'",
        ),
        (
            ["scorecard", "show", "tests/data/timelines/textbook-bad-deploy.yaml"],
            "not a gameday scorecard",
        ),
        (["review", "schedule", "whenever", "--scorecard", "x.yaml"], "WHEN 'whenever'"),
    ],
)
def test_errors_are_one_line_exit_2(argv: list[str], message: str, capsys) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert message in err
    assert err.startswith("gameday: error: ") and err.count("\n") == 1


def test_bad_playbook_file_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "pb.yaml"
    bad.write_text(FAST.read_text().replace("  ack: 8\n", "  ack: 80\n"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gameday",
            "score",
            str(DATA / "timelines" / "textbook-bad-deploy.yaml"),
            "--playbook",
            str(bad),
            "--no-write",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().startswith(f"gameday: error: {bad}:")
    assert "weights add up to 172" in proc.stderr


def test_score_against_a_real_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    from gameday.scenario.catalog import find_scenario

    scenario = find_scenario("bad-deploy")
    code, out, err = _run(
        capsys,
        "score",
        str(DATA / "timelines" / "textbook-bad-deploy.yaml"),
        "--scenario",
        "bad-deploy",
        "--no-write",
        "--json",
    )
    assert code == 0, err
    result = json.loads(out)["result"]
    assert result["severity"]["expected"] == scenario.severity
    states = {c["name"]: c["state"] for c in result["criteria"]}
    assert states["rollback"] == "met"  # the scenario's remediation is a rollback of api
    assert states["root_cause"] == "met"  # "v2 deploy ... checkout" hits its keywords


def test_score_keeps_the_collector_paused_other_commands_resume_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc

    timeline = DATA / "timelines" / "textbook-bad-deploy.yaml"
    was = gc.isenabled()
    try:
        gc.disable()  # as ``run`` does in a fresh process
        assert main(["score", str(timeline), "--out", str(tmp_path)], gc_paused=True) == 0
        assert not gc.isenabled()  # short-lived: its garbage dies with the process
        gc.disable()
        assert main(["scorecard", "list", "--dir", str(tmp_path)], gc_paused=True) == 0
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        if was:
            gc.enable()
        else:
            gc.disable()
    capsys.readouterr()


def test_score_ends_without_teardown_and_loses_no_output(tmp_path: Path) -> None:
    """``run`` ends a short-lived command with ``os._exit`` once its output is flushed: what
    it printed into a file (fully buffered) or a pipe is all there, and its files are written."""
    timeline = DATA / "timelines" / "textbook-bad-deploy.yaml"
    shown = tmp_path / "shown.txt"
    cmd = [sys.executable, "-m", "gameday", "score", str(timeline), "--out", str(tmp_path / "c")]
    with shown.open("w") as out:
        run = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = shown.read_text().splitlines()
    wrote = [line.split()[1] for line in lines if line.startswith("wrote ")]
    assert [Path(w).suffix for w in wrote] == [".yaml", ".md", ".html"]
    assert all(Path(w).stat().st_size > 0 for w in wrote)

    piped = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert json.loads(piped.stdout)["files"] == wrote  # the whole document, flushed

    # a reader that stops after the first line: no traceback, whichever way out is taken
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()
        err = proc.stderr.read().decode()
    assert "Traceback" not in err


def test_hard_exit_is_only_for_short_lived_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``scorecard list`` returns to its caller even when asked to end hard (it is not
    short-lived: the drill room's server calls the same library)."""
    assert main(["scorecard", "list", "--dir", str(tmp_path)], hard_exit=True) == 0
    capsys.readouterr()


def test_score_in_its_own_process_forks_the_pages_of_a_short_drill(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``run`` (a fresh process) forks the pages at any size; ``main`` in a caller's process
    keeps the size rule (a short drill's files written in place)."""
    timeline = DATA / "timelines" / "textbook-bad-deploy.yaml"
    marker = tmp_path / "forked"
    shim = (
        "import sys, gameday.forked as f\n"
        "start = f.start\n"
        "def noted(job, **kw):\n"
        "    job_ = start(job, **kw)\n"
        f"    open({str(marker)!r}, 'a').write(str(job_.forked))\n"
        "    return job_\n"
        "f.start = noted\n"
        "from gameday.cli import run\n"
        f"sys.argv = ['gameday', 'score', {str(timeline)!r}, '--out', {str(tmp_path / 'c')!r}]\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", shim], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "True"
    assert len(list((tmp_path / "c").iterdir())) == 3

    from gameday import forked

    calls: list[bool] = []
    start = forked.start

    def noted(job: Any, **kw: Any) -> Any:
        calls.append(True)
        return start(job, **kw)

    monkeypatch.setattr(forked, "start", noted)
    assert main(["score", str(timeline), "--out", str(tmp_path / "d")]) == 0
    capsys.readouterr()
    assert calls == []  # written in place
