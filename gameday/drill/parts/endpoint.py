"""The drill's HTTP endpoint as a session part: remote responders, ``watch``, the status page.

Started first, so the join URL is on the facilitator's screen before anything happens, and
closed last, after ``drill.ended`` is recorded: a responder watching sees the drill end.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.drill.part import Part, Session

if TYPE_CHECKING:
    from gameday.drill.server import DrillServer


class Endpoint(Part):
    name = "endpoint"
    required = True

    def __init__(self, bind: str = "127.0.0.1", port: int = 0) -> None:
        self.bind = bind
        self.port = port
        self.url: str | None = None
        self._server: DrillServer | None = None

    def start(self, session: Session) -> None:
        from gameday.drill.server import start_server

        drill = session.drill
        self._server, self.url = start_server(
            drill, host=self.bind, port=self.port, clock=session.clock, target=session.target
        )
        session.say(f"drill {drill.id}: responders join at {self.url} (token {drill.meta().token})")

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
