"""The drill room (``gameday.drill.web``) as a session part: the API for remote responders and
``watch``, the responders' console, the dashboard, the facilitator's console, the status page.

Started first, so the join links are on the facilitator's screen before anything happens, and
closed last, after ``drill.ended`` is recorded: a responder watching sees the drill end. The
tokens are shown here, in the facilitator's own terminal, and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.drill.part import Part, Session

if TYPE_CHECKING:
    from gameday.drill.web import WebServer


class Endpoint(Part):
    name = "endpoint"
    required = True

    def __init__(self, bind: str = "127.0.0.1", port: int = 0) -> None:
        self.bind = bind
        self.port = port
        self.url: str | None = None
        self._server: WebServer | None = None

    def start(self, session: Session) -> None:
        from gameday.drill.web import start_web

        drill = session.drill
        if not drill.meta().facilitator_token:  # a drill from before the facilitator console
            from gameday.drill.locate import new_token

            drill.update(facilitator_token=new_token())
        self._server, self.url = start_web(
            drill,
            host=self.bind,
            port=self.port,
            clock=session.clock,
            target=session.target,
            scenario=session.plan.scenario,
            playbook=session.plan.playbook,
        )
        session.say(f"drill {drill.id}: responders join at {self._server.join_url}")
        session.say(f"  (CLI: --server {self.url} --token={drill.meta().token})")
        session.say(f"  facilitator console (keep it to yourself): {self._server.facilitator_url}")

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
