"""End requests from other terminals: ``gameday end``/``abort`` write the drill's control file.

Checked every tick (one ``stat`` when there is none) and cleared once taken, which tells the
requester the runner has it (``gameday.drill.control``).
"""

from __future__ import annotations

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
            s.request_end(str(req["request"]))
