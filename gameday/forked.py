"""Run a job in a forked child on the machine's other core, and bring its failure back.

Writing a long drill's scorecard is three independent pieces of CPU work (the YAML with the
whole timeline, the Markdown and HTML pages, the terminal summary) after one shared piece
(reading and scoring). A forked child starts with everything the parent has already read and
imported, so nothing is pickled on the way in: on two cores ``gameday score`` of 10,000 events
writes its pages in a child while the parent shows the summary and then writes the YAML
(``later``), in about the time of the larger share instead of the sum (benchmarks/README.md).

Forking is only safe in a process with one thread (a child of a threaded process may inherit
a lock another thread held: the import lock, a logging handler's), so ``start`` runs the job
in place in the runner, the web server and anywhere else a thread is running, on a one-core
machine, and where ``os.fork`` does not exist. A child never returns into the caller's code:
it leaves through ``os._exit`` (no atexit handlers, no second flush of the parent's buffers),
reporting its exception, pickled, through a pipe; ``Job.wait`` raises it in the parent.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable

from gameday.errors import GamedayError

__all__ = ["Job", "can_fork", "later", "start"]


def can_fork() -> bool:
    """True where a child can safely run a job alongside the parent."""
    return (
        hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and threading.current_thread() is threading.main_thread()
    )


class Job:
    """A job from ``start`` or ``later``: ``wait`` returns once it is done, raising its error."""

    def __init__(
        self,
        pid: int | None,
        pipe: int | None,
        error: BaseException | None,
        deferred: Callable[[], None] | None = None,
    ) -> None:
        self._pid, self._pipe, self._error, self._deferred = pid, pipe, error, deferred

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def wait(self) -> None:
        if self._deferred is not None:
            job, self._deferred = self._deferred, None
            try:
                job()
            except Exception as exc:
                self._error = exc
        if self._pid is not None and self._pipe is not None:
            pid, pipe = self._pid, self._pipe
            self._pid = self._pipe = None
            try:
                report = _read_all(pipe)
            finally:
                os.close(pipe)
            _, status = os.waitpid(pid, 0)
            self._error = _error_of(report, status)
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def start(job: Callable[[], None], *, fork: bool = True) -> Job:
    """``job`` running in a forked child when ``fork`` and ``can_fork()``, else already run here.
    Either way its exception (a ``GamedayError`` as it was) comes out of ``Job.wait``."""
    if not (fork and can_fork()):
        try:
            job()
        except Exception as exc:
            return Job(None, None, exc)
        return Job(None, None, None)
    for stream in (sys.stdout, sys.stderr):  # nothing buffered is written twice
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, leave without returning into the caller
        code = 0
        try:
            os.close(read)
            try:
                job()
            except BaseException as exc:  # carried to the parent, whatever it is
                code = 1
                _write_all(write, _report(exc))
        finally:
            os._exit(code)
    os.close(write)
    return Job(pid, read, None)


def later(job: Callable[[], None]) -> Job:
    """``job`` run here by ``Job.wait``: the share of the work the caller keeps for itself, done
    after what it shows first. Two cores run the caller and one child without either waiting
    for the other; a second child would only take turns with them, and costs its fork."""
    return Job(None, None, None, job)


def _report(exc: BaseException) -> bytes:
    import pickle
    import traceback

    try:
        data = pickle.dumps(exc)
        pickle.loads(data)  # an exception whose class cannot be rebuilt is sent as text
        return data
    except Exception:
        text = "".join(traceback.format_exception(exc)).strip()
        return pickle.dumps(RuntimeError(f"a forked job failed: {text}"))


def _error_of(report: bytes, status: int) -> BaseException | None:
    if report:
        import pickle

        try:
            got = pickle.loads(report)
        except Exception:
            got = None
        if isinstance(got, BaseException):
            return got
    if os.WIFSIGNALED(status):
        return GamedayError(f"a forked job was killed by signal {os.WTERMSIG(status)}")
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
        return GamedayError(f"a forked job exited with status {os.WEXITSTATUS(status)}")
    return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    return b"".join(chunks)
