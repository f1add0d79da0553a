"""``gameday.forked``: a job in a forked child, its failure raised in the parent as it was."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import pytest

from gameday import forked
from gameday.errors import GamedayError, ValidationError

needs_fork = pytest.mark.fork  # run first, in a process with one thread (tests/conftest.py)


@needs_fork
def test_the_job_runs_in_a_child_and_its_writes_are_there_after_wait(tmp_path: Path) -> None:
    out = tmp_path / "pid"
    job = forked.start(lambda: out.write_text(str(os.getpid())))
    assert job.forked
    job.wait()
    assert int(out.read_text()) != os.getpid()
    job.wait()  # a second wait has nothing more to say


@needs_fork
def test_a_gameday_error_comes_back_whole() -> None:
    def fails() -> None:
        raise ValidationError("cannot write scorecard: Permission denied", file="x.md", line=3)

    job = forked.start(fails)
    with pytest.raises(ValidationError) as got:
        job.wait()
    assert str(got.value) == "x.md:3: cannot write scorecard: Permission denied"
    assert (got.value.file, got.value.line, got.value.exit_code) == ("x.md", 3, 2)


class _Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickle rebuilds with one argument: fails
        super().__init__(f"{a}/{b}")


@needs_fork
def test_an_exception_that_cannot_be_rebuilt_comes_back_as_its_traceback_text() -> None:
    def fails() -> None:
        raise _Unpicklable(1, 2)

    with pytest.raises(RuntimeError, match=r"(?s)a forked job failed: .*_Unpicklable: 1/2"):
        forked.start(fails).wait()


@needs_fork
def test_a_child_killed_by_a_signal_is_an_error() -> None:
    job = forked.start(lambda: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(GamedayError, match="killed by signal 9"):
        job.wait()


def test_without_fork_the_job_runs_in_place_and_its_error_waits_for_wait() -> None:
    ran: list[int] = []

    def fails() -> None:
        ran.append(os.getpid())
        raise ValidationError("no", file="f")

    job = forked.start(fails, fork=False)
    assert ran == [os.getpid()] and not job.forked
    with pytest.raises(ValidationError, match=r"^f: no$"):
        job.wait()


def test_a_process_with_another_thread_never_forks() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
        ran: list[int] = []
        job = forked.start(lambda: ran.append(os.getpid()))
        assert ran == [os.getpid()] and not job.forked
        job.wait()
    finally:
        stop.set()
        other.join()


def test_a_later_job_runs_in_wait_here_and_raises_there() -> None:
    ran: list[int] = []
    job = forked.later(lambda: ran.append(os.getpid()))
    assert ran == [] and not job.forked
    job.wait()
    assert ran == [os.getpid()]
    job.wait()  # once only
    assert ran == [os.getpid()]

    def fails() -> None:
        raise ValidationError("cannot write scorecard: Permission denied", file="x.yaml")

    with pytest.raises(ValidationError, match=r"^x\.yaml: cannot write"):
        forked.later(fails).wait()
