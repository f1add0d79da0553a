"""gameday's own actions on a stack, marked so the engine's events can be told apart.

During a drill the engine reports every change to the target's containers: the team's
restarts and ``docker exec``\\s, and gameday's own (a fault's inject, its checks, its undo).
The engine cannot say who asked, so gameday marks what it does in
``<state_dir>/journal/own-actions.jsonl``, from any process: every command it runs in a
container (``Target.exec``, a fault's job) as an ``exec`` line naming the command, and every
stretch of time a fault acts (``gameday.faults.apply``: stage, inject, verify, undo; restores)
as a ``begin`` line before and an ``end`` line after. The recorder
(``gameday.drill.parts.stack``) follows the file and leaves out the engine's exec events whose
command gameday ran just then, and its other events that fall in a window of the project (a
responder's exec is kept even while a fault is acting).

Best effort by design: a mark never stops a fault (an unwritable file is ignored), and a window
a crashed process left open closes ``STALE_S`` after it began.

What the autopilot's scripted team does to the stack (``do: remediate``) runs ``as_team()``:
unmarked, so it is recorded as a person's change would be, and the scorecard's "fix landed"
shows the scripted fix as it shows a human's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from gameday.clock import Clock, RealClock
from gameday.linetail import LineTail
from gameday.records import record
from gameday.state import subdir

FILE_NAME = "own-actions.jsonl"
ROTATE_BYTES = 8 << 20  # then the file starts afresh (the old one kept once, as .1)
EXEC_WINDOW_S = 30.0  # an exec's engine event comes this long after its mark at the latest
KEEP_S = 900.0  # the reader forgets marks older than this
GRACE_S = 1.5  # engine events that follow the action (a die after a kill) still count
STALE_S = 300.0  # a window its process never closed (kill -9) ends this long after it began
EARLY_S = 0.2  # clocks of the engine and of this host read the same, give or take


def own_actions_path() -> Path:
    return subdir("journal") / FILE_NAME


def _append(path: Path, record: dict[str, object]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if record.get("op") != "end" and path.exists() and path.stat().st_size > ROTATE_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
        line = (json.dumps(record, separators=(",", ":")) + "\n").encode()
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)  # one short O_APPEND write: lines never interleave
        finally:
            os.close(fd)
    except OSError:
        pass  # a mark is advice for the recorder; the fault goes on


_AS_TEAM: ContextVar[bool] = ContextVar("gameday_as_team", default=False)


@contextmanager
def as_team() -> Iterator[None]:
    """What this thread does inside the block is the team's doing, not gameday's: no marks."""
    token = _AS_TEAM.set(True)
    try:
        yield
    finally:
        _AS_TEAM.reset(token)


@contextmanager
def own_action(
    project: str, what: str, *, clock: Clock | None = None, path: Path | None = None
) -> Iterator[None]:
    """Mark the block as gameday acting on ``project`` (``what``: ``inject migration``)."""
    if _AS_TEAM.get():
        yield
        return
    clock = clock or RealClock()
    where = path or own_actions_path()
    import uuid  # here: it imports platform, and validate imports the faults that mark

    mark = uuid.uuid4().hex[:12]
    _append(
        where,
        {"op": "begin", "id": mark, "project": project, "what": what, "t": clock.now().timestamp()},
    )
    try:
        yield
    finally:
        _append(where, {"op": "end", "id": mark, "t": clock.now().timestamp()})


def mark_exec(project: str, argv: list[str], *, clock: Clock | None = None) -> None:
    """Mark a command gameday is about to run in one of ``project``'s containers."""
    if not project or _AS_TEAM.get():
        return
    t = (clock or RealClock()).now().timestamp()
    _append(own_actions_path(), {"op": "exec", "project": project, "cmd": " ".join(argv), "t": t})


@record
class Window:
    begin: float  # epoch seconds
    end: float | None  # None: still open
    what: str

    def covers(self, t: float) -> bool:
        end = self.end if self.end is not None else self.begin + STALE_S
        return self.begin - EARLY_S <= t <= end + GRACE_S


class OwnActions:
    """The marks of one project, followed incrementally (cheap to ask per engine event)."""

    def __init__(self, project: str, path: Path | None = None) -> None:
        self.project = project
        self.path = path or own_actions_path()
        self._tail = LineTail(self.path)
        self._begins: dict[str, tuple[float, str]] = {}
        self._ends: dict[str, float] = {}
        self._execs: dict[str, list[float]] = {}  # command -> mark times, oldest first

    def _follow(self) -> None:
        lines = self._tail.read()  # a rotated file is read afresh
        for line in lines:
            self._take(line)
        if lines:
            self._prune()

    def _take(self, line: bytes) -> None:
        try:
            rec = json.loads(line)
            t = float(rec["t"])
        except (ValueError, KeyError, TypeError):
            return  # a torn or foreign line
        if not isinstance(rec, dict):
            return
        op = rec.get("op")
        if op == "end":
            self._ends[str(rec.get("id"))] = t
        elif rec.get("project") != self.project:
            return
        elif op == "begin":
            self._begins[str(rec.get("id"))] = (t, str(rec.get("what", "")))
        elif op == "exec":
            self._execs.setdefault(str(rec.get("cmd", "")), []).append(t)

    def _prune(self) -> None:
        if not self._begins and not self._execs:
            return
        newest = max(
            [b for b, _ in self._begins.values()] + [ts[-1] for ts in self._execs.values() if ts]
        )
        horizon = newest - KEEP_S
        for mark, (b, _) in list(self._begins.items()):
            if b < horizon and self._ends.get(mark, b) < horizon:
                self._begins.pop(mark)
                self._ends.pop(mark, None)
        for cmd, times in list(self._execs.items()):
            kept = [t for t in times if t >= horizon]
            if kept:
                self._execs[cmd] = kept
            else:
                self._execs.pop(cmd)

    def windows(self) -> list[Window]:
        self._follow()
        return [Window(b, self._ends.get(m), what) for m, (b, what) in self._begins.items()]

    def covering(self, t: float) -> Window | None:
        """The window of gameday's own action at epoch time ``t``, if any."""
        return next((w for w in self.windows() if w.covers(t)), None)

    def ran(self, command: str, t: float) -> bool:
        """gameday ran ``command`` (as the engine writes it) just before epoch time ``t``; the
        mark is used up, so a responder typing the same command later is still seen."""
        self._follow()
        times = self._execs.get(command) or []
        for i, marked in enumerate(times):
            if marked - EARLY_S <= t <= marked + EXEC_WINDOW_S:
                del times[i]
                return True
        return False
