"""The state folder as untrusted input (issue 8): ``GAMEDAY_STATE_DIR`` pointing at a file,
``drills/current`` that is not a small text file, a ``drill.json`` with wrong types, an event
log that is not gameday's -> one ``gameday: error:`` line naming the path (exit 9), never a
traceback and never a wrong "no drill is running".

The corpus ``tests/data/bad/state/*.json`` holds damaged ``drill.json`` files; each says what
it expects in its ``_expect`` value (``KEY|TEXT``; unknown keys are ignored by the reader).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.drill.locate import create_drill
from gameday.state import project_root
from gameday.testing import refuse_docker

ROOT = project_root()
CORPUS = ROOT / "tests" / "data" / "bad" / "state"
METAS = sorted(CORPUS.glob("*.json"))
DRILL_ID = "20260506-140000-abcd"
COMMANDS = (["ack"], ["watch", "--once"], ["end", "--wait", "1s"], ["abort", "--wait", "1s"])


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "state"
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(d))
    monkeypatch.setenv("GAMEDAY_AS", "alice")
    monkeypatch.chdir(tmp_path)
    return d


@pytest.fixture(autouse=True)
def no_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_docker(monkeypatch)


def _drill(state: Path) -> Path:
    drill = create_drill(
        "expired-cert",
        scenario_path=str(ROOT / "scenarios" / "expired-cert.yaml"),
        target=None,
        target_env={},
        pid=1,  # init: alive, but not this drill's runner
        drill_id=DRILL_ID,
    )
    assert drill.dir == state / "drills" / DRILL_ID
    return drill.dir


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, list[str]]:
    code = main(argv)
    err = capsys.readouterr().err.splitlines()
    return code, err


def _refused(code: int, err: list[str], path: Path, *, exit_code: int = 9) -> str:
    assert code == exit_code, err
    lines = [ln for ln in err if not ln.startswith(("gameday: hint:", "gameday: warning:"))]
    assert len(lines) == 1 and lines[0].startswith("gameday: error: "), err
    assert str(path) in lines[0], lines[0]
    assert "no drill is running" not in lines[0], lines[0]
    return lines[0]


def test_the_corpus_covers_drill_json_classes() -> None:
    names = {p.stem for p in METAS}
    assert len(names) >= 12
    assert {"pid-text", "state-bogus", "not-json", "id-traversal"} <= names


@pytest.mark.parametrize("meta", METAS, ids=[p.stem for p in METAS])
@pytest.mark.parametrize("argv", COMMANDS, ids=[a[0] for a in COMMANDS])
def test_a_damaged_drill_json_is_named_with_line_and_key(
    meta: Path, argv: list[str], state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _drill(state)
    (d / "drill.json").write_bytes(meta.read_bytes())
    m = re.search(r'_expect[": ]+(.*?)\|(.*?)"', meta.read_text())
    assert m, meta
    key, text = m.groups()
    code, err = _run(capsys, argv)
    line = _refused(code, err, d / "drill.json")
    assert re.search(rf"drill\.json:\d+: {re.escape(key) + ': ' if key else ''}", line), line
    assert text in line, line


def _current_cases(drills: Path, tmp: Path) -> dict[str, object]:
    def folder() -> None:
        (drills / "current").mkdir()

    def fifo() -> None:
        os.mkfifo(drills / "current")

    def dev_zero() -> None:
        (drills / "current").symlink_to("/dev/zero")

    def garbage() -> None:
        (drills / "current").write_bytes(b"../../etc/passwd\n")

    def binary() -> None:
        (drills / "current").write_bytes(b"\xff\xfe\x00\x01")

    def empty() -> None:
        (drills / "current").write_bytes(b"")

    def huge() -> None:
        (drills / "current").write_bytes(b"a" * 100_000)

    return {f.__name__: f for f in (folder, fifo, dev_zero, garbage, binary, empty, huge)}


CURRENT = ("folder", "fifo", "dev_zero", "garbage", "binary", "empty", "huge")


@pytest.mark.parametrize("case", CURRENT)
@pytest.mark.parametrize("argv", [*COMMANDS, ["run", "scenarios/expired-cert.yaml"]])
def test_a_current_pointer_that_is_not_an_id_is_named(
    case: str, argv: list[str], state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drills = state / "drills"
    drills.mkdir(parents=True)
    _current_cases(drills, tmp_path)[case]()  # type: ignore[operator]
    if argv[0] == "run":
        argv = ["run", str(ROOT / "scenarios" / "expired-cert.yaml")]
    code, err = _run(capsys, argv)
    _refused(code, err, drills / "current")


def test_a_pointer_to_a_vanished_drill_says_so(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drills = state / "drills"
    drills.mkdir(parents=True)
    (drills / "current").write_text("20260101-000000-dead\n")
    code, err = _run(capsys, ["ack"])
    assert code == 8, err
    assert "no drill is running" in err[0] and "folder is gone" in err[0], err


@pytest.mark.parametrize("where", ["file", "under-a-file", "dangling-link"])
@pytest.mark.parametrize(
    "argv", [["ack"], ["end"], ["restore", "--list"], ["run", "x.yaml"], ["watch", "--once"]]
)
def test_a_state_dir_that_cannot_be_a_folder(
    where: str,
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = {
        "file": blocker,
        "under-a-file": blocker / "state",
        "dangling-link": tmp_path / "link",
    }[where]
    if where == "dangling-link":
        target.symlink_to(tmp_path / "nowhere" / "at-all")
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(target))
    monkeypatch.setenv("GAMEDAY_AS", "alice")
    monkeypatch.chdir(tmp_path)
    if argv[0] == "run":
        argv = ["run", str(ROOT / "scenarios" / "expired-cert.yaml")]
    code, err = _run(capsys, argv)
    line = _refused(code, err, target)
    assert "GAMEDAY_STATE_DIR" in line, line


def _schema_elsewhere(log: Path) -> None:
    log.unlink()
    with sqlite3.connect(log) as c:
        c.execute("CREATE TABLE something(x)")


def _no_data_column(log: Path) -> None:
    log.unlink()
    with sqlite3.connect(log) as c:
        c.execute("CREATE TABLE events(id INTEGER PRIMARY KEY, t, wall, actor, kind)")
        c.execute("CREATE TABLE meta(key, value)")


def _row(**values: object) -> object:
    def corrupt(log: Path) -> None:
        with sqlite3.connect(log) as c:
            row = {"t": 1.0, "wall": "2026-05-06T14:00:01+00:00", "actor": "a"}
            row["kind"] = "action.note"  # a kind every reader reads
            row["data"] = "{}"
            row.update(values)
            c.execute(
                "INSERT INTO events(t, wall, actor, kind, data) VALUES (?, ?, ?, ?, ?)",
                (row["t"], row["wall"], row["actor"], row["kind"], row["data"]),
            )

    return corrupt


def _epoch(log: Path) -> None:
    with sqlite3.connect(log) as c:
        c.execute("UPDATE meta SET value = 'yesterday' WHERE key = 'epoch'")


LOGS = {
    "garbage": lambda log: log.write_bytes(b"\x00garbage, not SQLite " * 400),
    "empty": lambda log: log.write_bytes(b""),
    "folder": lambda log: (log.unlink(), log.mkdir()),
    "other-schema": _schema_elsewhere,
    "no-data-column": _no_data_column,
    "row-data-not-json": _row(data="{not json"),
    "row-data-a-list": _row(data="[1, 2]"),
    "row-wall-garbage": _row(wall="half past nine"),
    "row-t-text": _row(t="soon"),
    "epoch-garbage": _epoch,
}


@pytest.mark.parametrize("case", list(LOGS))
@pytest.mark.parametrize("argv", COMMANDS, ids=[a[0] for a in COMMANDS])
def test_a_broken_event_log_is_named(
    case: str, argv: list[str], state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _drill(state)
    for extra in ("-wal", "-shm"):
        (d / f"events.sqlite{extra}").unlink(missing_ok=True)
    LOGS[case](d / "events.sqlite")  # type: ignore[no-untyped-call]
    code, err = _run(capsys, argv)
    if argv[0] == "ack" and case.startswith("row-") and code == 0:
        return  # appending needs no old row (unless its time is garbage): the ack is recorded
    _refused(code, err, d / "events.sqlite")


def test_a_drill_json_from_a_newer_gameday_still_reads(
    state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = _drill(state)
    meta = json.loads((d / "drill.json").read_text())
    meta["room"] = {"anything": [1, 2]}  # a key this gameday does not know
    (d / "drill.json").write_text(json.dumps(meta))
    code, err = _run(capsys, ["note", "still", "works"])
    assert code == 0, err
