"""Restore whatever a block injected, however the block ends.

``with restoring() as guard:`` turns SIGTERM into an exception (so ``finally`` blocks run, as for
Ctrl-C), and on the way out undoes every journal entry this process recorded inside the block.
While it restores, further Ctrl-C / SIGTERM are held back: a half-finished restore is worse than
a slow one (and ``kill -9`` stays safe: the journal keeps what is left for ``gameday restore``).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock
from gameday.faults import Progress, _quiet
from gameday.journal import Journal

if TYPE_CHECKING:
    from gameday.faults.restore import RestoreReport
    from gameday.target import Target


class Terminated(SystemExit):
    """SIGTERM arrived; unwinds like Ctrl-C and exits 143 once the restore is done."""

    def __init__(self) -> None:
        super().__init__(143)


def _raise_terminated(signum: int, frame: Any) -> None:
    raise Terminated()


@dataclass
class Guard:
    journal: Journal
    before: set[str]
    report: RestoreReport | None = None
    interrupted: list[int] = field(default_factory=list)

    def mine(self) -> set[str]:
        pid = os.getpid()
        return {e.id for e in self.journal.pending() if e.pid == pid and e.id not in self.before}


@contextmanager
def restoring(
    journal: Journal | None = None,
    *,
    clock: Clock | None = None,
    progress: Progress = _quiet,
    check_steady: bool = True,
    targets: dict[str, Target] | None = None,
) -> Iterator[Guard]:
    from gameday.faults.restore import restore

    journal = journal or Journal()
    guard = Guard(journal=journal, before={e.id for e in journal.pending()})
    main = threading.current_thread() is threading.main_thread()
    old_term = signal.signal(signal.SIGTERM, _raise_terminated) if main else None
    try:
        yield guard
    finally:
        old_int = None
        if main:

            def hold(signum: int, frame: Any) -> None:
                guard.interrupted.append(signum)
                progress("restoring first; interrupting now would leave faults applied")

            signal.signal(signal.SIGTERM, hold)
            old_int = signal.signal(signal.SIGINT, hold)
        try:
            ids = guard.mine()
            if ids:
                guard.report = restore(
                    journal=journal,
                    only=ids,
                    clock=clock,
                    progress=progress,
                    check_steady=check_steady,
                    targets=targets,
                )
        finally:
            if main:
                signal.signal(signal.SIGTERM, old_term)
                signal.signal(signal.SIGINT, old_int)
