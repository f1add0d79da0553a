"""The wrap-up window as a session part: after a proper resolve the stack is restored at once,
and the drill stays open for what the playbook still asks (the final status post, the review
booking, notes, chat) until the window closes or the facilitator ends it.

The machine decides (``drill.wrapup``, and the end when the window closes); this part only
restores, on its own thread, so the loop keeps recording while the faults are undone. It is
the end-of-drill restore (``lifecycle.restore_drill``), so the one at the end finds nothing
left to undo.
"""

from __future__ import annotations

import threading

from gameday import events as ev
from gameday.drill import lifecycle
from gameday.drill.part import Part, Session
from gameday.events import Event

JOIN_S = 180.0


class WrapUpRestore(Part):
    name = "wrapup"

    def __init__(self) -> None:
        self._session: Session | None = None
        self._thread: threading.Thread | None = None

    def start(self, session: Session) -> None:
        self._session = session
        if session.machine.in_wrapup:  # a resumed drill already in wrap-up
            self._begin()

    def on_event(self, event: Event) -> None:
        if event.kind == ev.WRAPUP:
            self._begin()

    def _begin(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._restore, name="wrapup", daemon=True)
            self._thread.start()

    def _restore(self) -> None:
        s = self._session
        assert s is not None
        s.say("gameday: resolved; restoring the stack while the wrap-up window is open")
        try:
            outcome = lifecycle.restore_drill(s.drill.id, s.target, s.say)
        except Exception as exc:  # the end of the drill restores again, through the journal
            s.say(f"gameday: restore at wrap-up failed ({exc}); it is retried at the end")
            return
        lifecycle.record_restore(s.record, outcome)

    def halt(self) -> None:
        if self._thread is not None:
            self._thread.join(JOIN_S)
