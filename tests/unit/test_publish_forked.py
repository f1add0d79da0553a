"""A long drill's scorecard files written by a forked child and the parent's ``wait``
(``gameday.forked``) are the files written in place, byte for byte; a child that cannot write is
the parent's error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gameday.errors import ValidationError
from gameday.scorecard import read_scorecard, start_publish
from gameday.scorecard.publishing import PARALLEL_EVENTS
from gameday.testing import textbook_drill
from gameday.timeline import Timeline


def _long(n: int = 300) -> Timeline:
    b = textbook_drill(severity=1)
    for i in range(n):
        b.at(2000 + i)
        b.stats(200 + i, i % 7, slow=i % 3)
        if i % 5 == 0:
            b.note(f"looked at <logs> {i}", who="ben")
    return b.build()


@pytest.mark.fork
def test_forked_files_are_the_in_place_files(tmp_path: Path) -> None:
    tl = _long()
    here = start_publish(tl, out_dir=tmp_path / "here", fork=False)
    assert here.jobs == []  # written before it returned
    there = start_publish(tl, out_dir=tmp_path / "there", fork=True)
    assert [j.forked for j in there.jobs] == [False, True]  # the YAML is the parent's, in wait
    a, b = here.published, there.published  # known before the files are written
    assert not b.yaml.exists()
    assert b.result == a.result and b.par == a.par
    a, b = here.wait(), there.wait()
    for x, y in ((a.yaml, b.yaml), (a.markdown, b.markdown), (a.html, b.html)):
        assert x.name == y.name and x.read_bytes() == y.read_bytes()
    assert read_scorecard(b.yaml).timeline.events == tl.events


@pytest.mark.fork
def test_a_child_that_cannot_write_fails_the_publish(tmp_path: Path) -> None:
    out = tmp_path / "cards"
    tl = _long(10)
    (out / "2026-05-04-bad-deploy-blue.md").mkdir(parents=True)  # the page cannot be a file
    writing = start_publish(tl, out_dir=out, fork=True)
    with pytest.raises(ValidationError, match=r"2026-05-04-bad-deploy-blue\.md: cannot write"):
        writing.wait()
    assert writing.jobs == []  # the child was waited for
    assert (out / "2026-05-04-bad-deploy-blue.yaml").is_file()  # the parent's share stands


@pytest.mark.fork
def test_a_yaml_that_cannot_be_written_fails_the_publish_once_the_child_ended(
    tmp_path: Path,
) -> None:
    out = tmp_path / "cards"
    (out / "2026-05-04-bad-deploy-blue.yaml.tmp").mkdir(parents=True)  # written, then renamed
    writing = start_publish(_long(10), out_dir=out, fork=True)
    with pytest.raises(ValidationError, match=r"blue\.yaml: cannot write scorecard"):
        writing.wait()
    assert writing.jobs == []
    assert (out / "2026-05-04-bad-deploy-blue.html").is_file()  # the child's pages stand


def test_short_drills_are_written_in_place(tmp_path: Path) -> None:
    tl = textbook_drill(severity=1).build()
    assert len(tl.events) < PARALLEL_EVENTS
    writing = start_publish(tl, out_dir=tmp_path)
    assert writing.jobs == [] and writing.wait().html.is_file()


def test_an_unwritable_folder_fails_before_any_job(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ValidationError, match="cannot write scorecard"):
        start_publish(_long(10), out_dir=tmp_path / "file" / "cards", fork=True)
    assert os.listdir(tmp_path) == ["file"]


def test_the_cli_shows_the_result_while_children_write(tmp_path: Path) -> None:
    from gameday.timeline import write_timeline

    b = textbook_drill(severity=1)
    while len(b.events) < PARALLEL_EVENTS:
        b.at(b.t + 1)
        b.stats(200, 3)
    timeline = write_timeline(b.build(), tmp_path / "long.yaml")
    out = tmp_path / "cards"
    run = subprocess.run(
        [sys.executable, "-m", "gameday", "score", str(timeline), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    wrote = [line for line in run.stdout.splitlines() if line.startswith("wrote ")]
    assert [Path(w.split()[1]).suffix for w in wrote] == [".yaml", ".md", ".html"]
    assert all(Path(w.split()[1]).stat().st_size > 0 for w in wrote)
    assert "100" in run.stdout  # the result was shown

    (out / "2026-05-04-bad-deploy-blue.html").unlink()
    (out / "2026-05-04-bad-deploy-blue.html").mkdir()  # the HTML page cannot be written
    run = subprocess.run(
        [sys.executable, "-m", "gameday", "score", str(timeline), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.startswith("gameday: error: ") and "blue.html: cannot write" in run.stderr
    assert "wrote " not in run.stdout
    run = subprocess.run(
        [sys.executable, "-m", "gameday", "score", str(timeline), "--out", str(out), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and run.stdout == ""  # no JSON naming files that are not there
