"""Ctrl-C and SIGTERM end the drill the proper way (restore, then score) instead of killing it.

Installed by ``run_drill`` right after preflight (a Ctrl-C during preflight just stops: there is
nothing to undo yet) and before the drill exists, so it cannot be a plain request to a session
that is not there yet: it remembers the signal and asks the session at the first tick.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from gameday.drill.part import Part, Session

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts(Part):
    name = "interrupts"
    required = True

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.reason: str | None = None
        self._session: Session | None = None
        self._old: dict[int, Any] = {}
        self._sent = False

    def install(self) -> None:
        """Take over SIGINT/SIGTERM (only the main thread may; elsewhere nothing changes)."""
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in SIGNALS:
            self._old[sig] = signal.signal(sig, self._handle)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        ending = self._session is not None and self._session.machine.end_reason is not None
        if self.reason is not None or ending:
            self.say("gameday: restoring the stack, please wait")
            return
        self.reason = "signal"

    def start(self, session: Session) -> None:
        self._session = session

    def tick(self, now: float) -> None:
        if self.reason is not None and self._session is not None and not self._sent:
            self._sent = True
            self._session.request_end(self.reason)

    def close(self) -> None:
        """Give the signals back (a drill run inside a longer process, a benchmark)."""
        for sig, old in self._old.items():
            signal.signal(sig, old)
        self._old.clear()
