"""Every route of the drill room, declared in one table (add a route here, e.g. a webhook).

``(method, path, handler)``: the handler is a method of ``gameday.drill.web.handlers.Handlers``
(or any ``async def f(request) -> Response``). The action routes come from the action specs, so
a plugin's action gets its own ``POST /api/actions/<name>`` and its form in the console.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from gameday.drill.api import action_routes
from gameday.integrations.alertmanager import ROUTE as ALERTMANAGER_ROUTE

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from gameday.drill.actionspec import ActionSpec
    from gameday.drill.web.handlers import Handlers

Handler = Callable[["Request"], Awaitable["Response"]]


def route_table(h: Handlers, specs: list[ActionSpec]) -> list[tuple[str, str, Handler]]:
    return [
        # public
        ("GET", "/healthz", h.healthz),
        ("GET", "/", h.status_page),
        ("GET", "/status", h.status_page),
        ("GET", "/static/{name}", h.static),
        # programs (a token in a header): today's API, unchanged
        ("GET", "/api/state", h.api_state),
        ("GET", "/api/actions", h.api_actions),
        *[("POST", r.path, partial(h.api_action, r.action)) for r in action_routes(specs)],
        ("POST", ALERTMANAGER_ROUTE, h.alertmanager),  # an alert source (integrations)
        ("GET", "/api/facilitator/state", h.api_facilitator_state),
        ("POST", "/api/facilitator/{name}", h.api_control),
        # browsers (the join link sets a cookie; forms carry the CSRF value)
        ("GET", "/join", partial(h.join, "responder")),
        ("GET", "/facilitator/join", partial(h.join, "facilitator")),
        ("GET", "/room", h.console),
        ("POST", "/room/name", h.pick_name),
        ("POST", "/room/act/{name}", h.room_act),
        ("GET", "/dashboard", h.dashboard),
        ("GET", "/facilitator", h.facilitator),
        ("POST", "/facilitator/control/{name}", h.facilitator_control),
        ("GET", "/events/{view}", h.events),
    ]
