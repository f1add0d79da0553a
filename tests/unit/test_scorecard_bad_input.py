"""Scorecard folders as untrusted input (issue 8): one bad scorecard is skipped with a warning
naming it, never the whole folder; ``show``/``compare``/``review draft`` refuse it in one line
naming file, line and key; the summary cache lives outside the folder, is rebuilt when it does
not parse, and read-only commands write nothing into the folder.

The corpus ``tests/data/bad/scorecard/`` holds one file per class (wrong-typed summary,
malformed result, bad version, control characters, an alias bomb in the timeline...); each
file's last line is ``# expect: KEY|TEXT``.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.scorecard.query import _index_path, list_scorecards, load_summaries, trends
from gameday.scorecard.rows import cache_path
from gameday.state import project_root

ROOT = project_root()
CORPUS = ROOT / "tests" / "data" / "bad" / "scorecard"
BAD = sorted(CORPUS.glob("*.yaml"))
GOOD = sorted((ROOT / "scorecards" / "examples").glob("*.yaml"))
# list, trends and compare read only the summary line: these files' summaries are fine
SUMMARY_OK = ("result-", "timeline-", "alias-bomb", "nul-char")


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(cache))
    return cache


def expectation(path: Path) -> tuple[str, str]:
    last = path.read_text(encoding="utf-8", errors="replace").rstrip("\n").rsplit("\n", 1)[-1]
    m = re.fullmatch(r"# expect: (.*?)\|(.*)", last)
    assert m, f"{path} must end with '# expect: KEY|TEXT'"
    return m.group(1), m.group(2)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three good scorecards and the whole bad corpus in one folder."""
    d = tmp_path / "cards"
    d.mkdir()
    for p in [*GOOD, *BAD]:
        shutil.copy(p, d / p.name)
    return d


def _files(d: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in d.iterdir()}


def test_corpus_covers_the_classes() -> None:
    names = {p.stem for p in BAD}
    assert len(names) >= 15
    assert {"summary-total-text", "result-criteria-ints", "version-true"} <= names


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_show_and_review_draft_refuse_in_one_line(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key, text = expectation(path)
    shown = str(path.relative_to(ROOT))
    for argv in (
        ["scorecard", "show", shown],
        ["review", "draft", shown, "--out", str(tmp_path / "review.md")],
        ["scorecard", "compare", str(GOOD[0]), shown],
    ):
        code = main(argv)
        err = capsys.readouterr().err.splitlines()
        if argv[1] == "compare" and path.stem.startswith(SUMMARY_OK):
            assert code == 0, err  # compare reads summaries only
            continue
        assert code == 2, argv
        assert len([ln for ln in err if not ln.startswith("gameday: hint:")]) == 1, err
        prefix = rf"gameday: error: {re.escape(shown)}:\d+: "
        assert re.match(prefix + (re.escape(key) + ": " if key else ""), err[0]), err[0]
        assert text in err[0], err[0]
    assert not (tmp_path / "review.md").exists()


def test_list_and_trends_skip_each_bad_file_with_a_warning(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(folder)
    assert main(["scorecard", "list", "--dir", str(folder), "--json"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    listed = {Path(r["file"]).name for r in rows}
    assert {p.name for p in GOOD} <= listed
    warned = {
        Path(m.group(1)).name
        for m in re.finditer(r"^gameday: warning: skipped (\S+?):", err, re.MULTILINE)
    }
    summary_bad = {p.name for p in BAD if not p.stem.startswith(SUMMARY_OK)}
    assert summary_bad <= warned, summary_bad - warned
    assert not (listed & warned)
    assert main(["scorecard", "trends", "--dir", str(folder), "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["scorecards"] == len(rows)
    assert err.count("gameday: warning: skipped") == len(warned)
    assert main(["scorecard", "trends", "--dir", str(folder)]) == 0
    capsys.readouterr()
    assert _files(folder) == before  # read-only commands write nothing into the folder


def test_the_caches_live_outside_the_folder_and_are_rebuilt_when_corrupt(
    folder: Path, own_cache: Path
) -> None:
    # the summaries (load_summaries: par, history, the trends page)
    first_summaries = load_summaries(folder, on_skip=lambda e: None)
    index = _index_path(folder)
    assert index is not None and index.is_file() and own_cache in index.parents
    for garbage in (b"\x00\xff not json", b"[1, 2]", b'{"version": 2, "files": []}'):
        index.write_bytes(garbage)
        assert load_summaries(folder, on_skip=lambda e: None) == first_summaries
        assert json.loads(index.read_text())["version"] == 2  # rebuilt
    # a cached summary with the right key but wrong types is not trusted
    data = json.loads(index.read_text())
    name = GOOD[0].name
    data["files"][name]["summary"] = {"total": "lots", "criteria": 5}
    index.write_text(json.dumps(data))
    summaries = {p.name: s for p, s in load_summaries(folder, on_skip=lambda e: None)}
    assert isinstance(summaries[name]["total"], float)

    # the rows of list and trends
    skipped: list[str] = []
    first = list_scorecards(folder, on_skip=lambda e: skipped.append(str(e)))
    first_trends = trends(folder, on_skip=lambda e: None)
    rows = cache_path(folder, ".rows.json")
    assert rows is not None and rows.is_file() and own_cache in rows.parents
    assert not any(p.name.startswith(".") for p in folder.iterdir())
    again: list[str] = []
    assert list_scorecards(folder, on_skip=lambda e: again.append(str(e))) == first
    assert again == skipped  # bad files warned about on every run, cache or not
    good = rows.read_bytes()
    head, body = good.split(b"\n", 1)
    tampered = body.replace(b'"met"', b'"mex"').replace(b"1.0", b"0.5")
    for garbage in (
        b"\x00\xff not json",
        b"[1, 2]\n{}",
        head + b"\n" + tampered,  # fails its digest
        head.replace(b'"version": 1', b'"version": 99') + b"\n" + body,
    ):
        rows.write_bytes(garbage)
        assert list_scorecards(folder, on_skip=lambda e: None) == first
        assert rows.read_bytes() == good  # rebuilt
        rows.write_bytes(garbage)
        assert trends(folder, on_skip=lambda e: None) == first_trends


def test_an_unwritable_cache_still_lists(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(blocker))
    assert len(load_summaries(folder)) >= len(GOOD)


def test_non_regular_entries_are_skipped_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import os

    d = tmp_path / "cards"
    d.mkdir()
    shutil.copy(GOOD[0], d / GOOD[0].name)
    os.mkfifo(d / "fifo.yaml")
    (d / "zero.yaml").symlink_to("/dev/zero")
    (d / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    (d / "folder.yaml").mkdir()
    assert main(["scorecard", "list", "--dir", str(d), "--json"]) == 0
    out, err = capsys.readouterr()
    assert [Path(r["file"]).name for r in json.loads(out)] == [GOOD[0].name]
    for name in ("fifo.yaml", "zero.yaml", "dangling.yaml", "folder.yaml"):
        assert f"skipped {d / name}" in err, err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["scorecard", "list", "--dir", "nope"], "scorecard folder nope does not exist"),
        (["scorecard", "trends", "--dir", "nope"], "scorecard folder nope does not exist"),
        (["scorecard", "list", "--dir", __file__], "is not a folder"),
        (["review", "schedule", "24h", "--dir", "nope"], "does not exist"),
        (["scorecard", "trends", "--width", "-1"], "argument --width: -1 is out of range"),
        (["scorecard", "trends", "--width", "0"], "out of range"),
        (["scorecard", "trends", "--width", "nan"], "is not a whole number"),
        (["scorecard", "trends", "--width", "9" * 5000], "is not a whole number"),
        (["score", "x.yaml", "--out", __file__], "argument --out"),
        (["watch", "--interval", "-1"], "argument --interval"),
        (["watch", "--interval", "nan"], "argument --interval"),
        (["run", "x.yaml", "--port", "70000"], "argument --port: 70000 is out of range"),
        (["run", "x.yaml", "--users", "-3"], "argument --users"),
        (["run", "x.yaml", "--poll", "0s"], "argument --poll"),
        (["run", "x.yaml", "--bind", "not a host"], "argument --bind"),
        (["run", "x.yaml", "--time-limit", "1e300s"], "argument --time-limit"),
        (["end", "--wait", ".inf"], "argument --wait"),
        (["target", "up", "--timeout", "nan"], "argument --timeout"),
    ],
)
def test_arguments_are_checked_in_one_line(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(tmp_path / "state"))
    with pytest.raises(SystemExit) as exc:
        code = main(argv)
        raise SystemExit(code)
    err = capsys.readouterr().err.splitlines()
    assert exc.value.code == 2
    assert err[0].startswith("gameday: error: ") and message in err[0], err
    assert all(line.startswith("gameday: hint:") for line in err[1:]), err


def test_no_argument_takes_an_unchecked_number() -> None:
    """Every numeric argument of every command has a range (``gameday.cli.args``)."""
    import argparse

    from gameday.cli import build_parser

    def walk(p: argparse.ArgumentParser) -> list[argparse.Action]:
        out = []
        for a in p._actions:
            out.append(a)
            if isinstance(a, argparse._SubParsersAction):
                for sub in a.choices.values():
                    out += walk(sub)
        return out

    bare = [a.dest for a in walk(build_parser()) if a.type in (int, float)]
    assert bare == [], bare


def test_trends_width_is_checked_by_the_library_too(folder: Path) -> None:
    from gameday.errors import UsageError

    with pytest.raises(UsageError):
        trends(folder, width=-1)
