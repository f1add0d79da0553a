"""The drill room as an ASGI application (Starlette), built for one drill.

Routes come from the one table in ``routes.py``; every response carries headers that keep the
pages to themselves (no framing, no sniffing, no referrer, a content security policy that
allows only the package's own script and style). A background task folds new events into the
room twice a second, which is what the live streams wait for.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.routing import Route

from gameday.drill.web.handlers import Handlers, error_response
from gameday.drill.web.routes import route_table

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from gameday.drill.web.room import Room

REFRESH_S = 0.5
MIN_REFRESH_S = 0.2  # a burst of actions folds at most five times a second
STOP_S = 5.0  # the refresher's last fold, at the most, when the endpoint stops
HEADERS = [
    (
        b"content-security-policy",
        (
            b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts
    (b"referrer-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in HEADERS if k not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, with_headers)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "") or "error"
    if status == 404:
        detail = f"no route {request.method} {request.url.path}"
    elif status == 405:
        detail = f"{request.method} is not allowed on {request.url.path}"
    return error_response(request, status, str(detail))


def build_app(room: Room) -> Starlette:
    from gameday.drill.actions import ACTIONS

    specs = [spec for _, spec in ACTIONS.items()]  # fixed for the endpoint's life
    handlers = Handlers(room, specs)
    routes = [
        Route(path, fn, methods=[method]) for method, path, fn in route_table(handlers, specs)
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # The refresher is asked to stop, not cancelled: a cancel that landed just after an
        # action (the event set, its wait_for about to return) left the task "cancelling" in
        # asyncio.wait_for for good on Python 3.11, so the server never finished stopping (an
        # action just before the drill's end cost the runner 10 s and left the thread behind).
        stopping = asyncio.Event()
        task = asyncio.create_task(_keep_current(room, stopping))
        try:
            yield
        finally:
            stopping.set()
            room.poke()
            done, _ = await asyncio.wait({task}, timeout=STOP_S)
            if not done:
                task.cancel()

    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.add_middleware(SecurityHeaders)
    app.state.room = room
    return app


async def _keep_current(room: Room, stopping: asyncio.Event) -> None:
    """Fold new events every ``REFRESH_S``, or at once after an action (``room.poke``): many
    actions at once coalesce into one refresh instead of one each. Ends once ``stopping``."""
    wake = asyncio.Event()
    room.poke = wake.set
    while not stopping.is_set():
        try:
            await run_in_threadpool(room.refresh)
        except Exception:  # a torn read, a closed log at the end: try again next time
            pass
        await asyncio.sleep(MIN_REFRESH_S)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), REFRESH_S - MIN_REFRESH_S)
        wake.clear()
