"""End requests from other terminals: ``gameday end``/``abort`` write the drill's control file.

Checked every tick (one ``stat`` when there is none) and cleared once taken, which tells the
requester the runner has it (``gameday.drill.control``). Taking it records ``drill.stopping``
at once, so the integrations stand the channel and the pager down before the restore runs
(``gameday abort --real-incident``: the people are needed elsewhere now).
"""

from __future__ import annotations

from gameday import events as ev
from gameday.drill import control
from gameday.drill.part import Part, Session


class ControlFile(Part):
    name = "control"
    required = True

    def __init__(self) -> None:
        self._session: Session | None = None

    def start(self, session: Session) -> None:
        self._session = session

    def tick(self, now: float) -> None:
        s = self._session
        if s is None:
            return
        req = control.read(s.drill.dir)
        if req is not None:
            control.clear(s.drill.dir)
            reason = str(req["request"])
            if s.machine.end_reason is None:  # said at once: pages stop before the restore
                s.record(ev.DRILL_STOPPING, {"reason": reason, "by": str(req.get("by") or "")})
            s.request_end(reason)
