"""The malformed corpus of every format (``tests/data/bad/<format>/``, one file per class of
issue 8), run through the real CLI entry point: exit code 2, one line per problem naming
``file:line: key:``, the expected message first, and nothing written. Non-regular files (a FIFO,
``/dev/zero``, a directory) are refused at once, for every format."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.state import project_root
from gameday.testing import refuse_docker

ROOT = project_root()
CORPUS = ROOT / "tests" / "data" / "bad"
FORMATS = ("scenario", "playbook", "team", "autopilot", "timeline")
FILES = sorted(p for fmt in FORMATS for p in (CORPUS / fmt).glob("*.yaml"))
GOOD_TIMELINE = ROOT / "tests" / "data" / "timelines" / "tabletop-expired-cert.yaml"


@pytest.fixture(autouse=True)
def no_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_docker(monkeypatch)


def expectation(path: Path) -> tuple[str, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    m = re.fullmatch(r"# expect: (.*?)\|(.*)", first)
    assert m, f"{path} must start with '# expect: KEY|TEXT'"
    return m.group(1), m.group(2)


def test_every_format_has_a_corpus_covering_the_classes() -> None:
    for fmt in FORMATS:
        names = {p.stem for p in (CORPUS / fmt).glob("*.yaml")}
        assert len(names) >= 12, fmt
        assert {"tag-int", "int-4300-digits", "alias-bomb"} & names, fmt
    assert {"sev-9", "role-boss", "after-unknown-kind", "placeholder-bad"} <= {
        p.stem for p in (CORPUS / "autopilot").glob("*.yaml")
    }


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_validate_refuses_with_file_line_and_key(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key, text = expectation(path)
    shown = str(path.relative_to(ROOT))
    code = main(["validate", "--quiet", "--format", path.parent.name, shown])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err, "an invalid file must report something"
    for line in err:
        assert re.match(rf"{re.escape(shown)}:\d+: ", line), line
    prefix = rf"{re.escape(shown)}:\d+: " + (rf"{re.escape(key)}: " if key else "")
    assert re.match(prefix, err[0]), f"{err[0]!r} should name key {key!r}"
    assert text in err[0], err[0]


SCORED = [p for p in FILES if p.parent.name in ("playbook", "timeline")]


@pytest.mark.parametrize("path", SCORED, ids=[f"{p.parent.name}/{p.stem}" for p in SCORED])
def test_score_refuses_in_one_line_and_writes_nothing(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cards"
    shown = str(path.relative_to(ROOT))
    if path.parent.name == "playbook":
        argv = ["score", str(GOOD_TIMELINE), "--playbook", shown, "--out", str(out)]
    else:
        argv = ["score", shown, "--out", str(out)]
    code = main(argv)
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert re.match(rf"gameday: error: {re.escape(shown)}:\d+: ", err[0]), err
    assert all(line.startswith("gameday: hint:") for line in err[1:]), err
    assert not out.exists() or not any(out.iterdir())


def _special(kind: str, where: Path) -> Path:
    if kind == "fifo":
        p = where / "fifo.yaml"
        os.mkfifo(p)
        return p
    if kind == "dev-zero":
        return Path("/dev/zero")
    if kind == "symlink-to-dev-zero":
        p = where / "zero.yaml"
        p.symlink_to("/dev/zero")
        return p
    p = where / "folder.yaml"
    p.mkdir()
    return p


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "symlink-to-dev-zero", "directory"])
def test_non_regular_files_are_refused_at_once(
    fmt: str, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _special(kind, tmp_path)
    start = time.monotonic()
    code = main(["validate", "--format", fmt, str(path)])
    assert time.monotonic() - start < 10  # a FIFO with no writer must not block
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err == [err[0]] and err[0].startswith(f"{path}: ")
    assert "regular file" in err[0] or "directory" in err[0]


def test_list_shows_a_bad_local_scenario_with_its_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    local = tmp_path / "scenarios"
    local.mkdir()
    bad = sorted((CORPUS / "scenario").glob("*.yaml"))
    for p in bad:
        shutil.copy(p, local / p.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GAMEDAY_SCENARIO_PATH", "")
    assert main(["list", "--json"]) == 0
    import json

    rows = {Path(r["path"]).name: r for r in json.loads(capsys.readouterr().out)}
    for p in bad:
        row = rows[p.name]
        assert row["valid"] is False and row["error"].startswith(f"scenarios/{p.name}:"), row
        assert "\n" not in row["error"]
