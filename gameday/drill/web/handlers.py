"""The drill room's request handlers: thin, like the CLI: parse, check who asks, call the
library (``record_action``, ``facilitator.control``, the views), answer.

Every handler runs inside ``guarded``: a refused request gets a clear 4xx (JSON for programs,
a short page for browsers), a bug a 500, and the runner never dies of a request. Blocking work
(SQLite, rendering, a rollback) runs in the thread pool, so the live streams keep flowing.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote

from starlette.concurrency import run_in_threadpool
from starlette.responses import (
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from gameday.drill.api import BadRequest, actions_listing, parse_action_body
from gameday.drill.web import auth, views
from gameday.drill.web.auth import CSRF_FIELD, CSRF_HEADER, NAME_COOKIE, Denied, Role
from gameday.errors import DrillError, GamedayError, NoDrillRunning

if TYPE_CHECKING:
    from starlette.requests import Request

    from gameday.drill.actionspec import ActionSpec
    from gameday.drill.web.room import Room

MAX_BODY = 16 * 1024
STREAM_POLL_S = 0.25
STREAM_EVERY_S = 1.0  # at most one update a second per stream: a burst renders once
STREAM_PING_S = 15.0
STATIC = {"room.css": "text/css", "room.js": "text/javascript"}


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    )


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    page = views.render("error.html.j2", status=status, message=message, view="error")
    return HTMLResponse(page, status_code=status)


def guarded(fn: Callable[..., Awaitable[Response]]) -> Callable[..., Awaitable[Response]]:
    @wraps(fn)
    async def run(*args: Any) -> Response:
        request: Request = args[-1]
        try:
            return await fn(*args)
        except (HttpError, Denied) as exc:
            return error_response(request, exc.status, exc.message)
        except NoDrillRunning as exc:
            return error_response(request, 409, str(exc))
        except GamedayError as exc:
            return error_response(request, 400 if isinstance(exc, DrillError) else 422, str(exc))
        except Exception as exc:  # never let a request take the runner down
            return error_response(request, 500, f"internal error: {exc.__class__.__name__}: {exc}")

    return run


async def read_body(request: Request, limit: int = MAX_BODY) -> bytes:
    """The body, refused past ``limit`` (by its Content-Length, or while it streams in)."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            n = int(length)
        except ValueError:
            raise HttpError(400, "bad Content-Length") from None
        if n < 0:
            raise HttpError(400, "bad Content-Length")
        if n > limit:
            raise HttpError(413, f"body is {n} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HttpError(413, f"body is over the limit of {limit} bytes")
    return bytes(body)


def _ctype(request: Request) -> str:
    return request.headers.get("content-type", "application/json").split(";")[0].strip().lower()


async def json_body(request: Request, limit: int = MAX_BODY) -> Any:
    ctype = _ctype(request)
    if ctype != "application/json":
        raise HttpError(415, f"send application/json, not {ctype}")
    raw = await read_body(request, limit)
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise HttpError(400, f"malformed JSON: {exc}") from None


async def form_body(request: Request) -> dict[str, str]:
    """A browser form (urlencoded) or a JSON object of strings, as one mapping."""
    ctype = _ctype(request)
    raw = await read_body(request)
    if ctype == "application/json":
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise HttpError(400, f"malformed JSON: {exc}") from None
        if not isinstance(data, dict):
            raise HttpError(400, "the body must be a JSON object")
        return {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    if ctype != "application/x-www-form-urlencoded":
        raise HttpError(415, f"send a form or application/json, not {ctype}")
    try:
        pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, max_num_fields=64)
    except (UnicodeDecodeError, ValueError) as exc:
        raise HttpError(400, f"malformed form: {exc}") from None
    return dict(pairs)


def form_params(spec: ActionSpec, form: dict[str, str]) -> dict[str, Any]:
    """A form's fields as the spec's params, typed the way the command line types them; empty
    fields are left out, so the spec's defaults apply as for the CLI."""
    out: dict[str, Any] = {}
    known = {ps.name for ps in spec.params}
    extra = sorted(k for k in form if k not in known and k not in (CSRF_FIELD, "as"))
    if extra:
        raise DrillError(f"{spec.name}: unknown field {extra[0]!r}")
    for ps in spec.params:
        value = form.get(ps.name, "")
        if ps.type == "yes/no":
            if value:
                out[ps.name] = value.lower() in ("1", "on", "true", "yes")
            continue
        if not value.strip():
            if ps.required and ps.name in form and ps.type == "text":
                out[ps.name] = value  # the spec says what is wrong with it, as for the CLI
            continue
        value = value.strip()
        if ps.type in ("whole number", "number"):
            try:
                out[ps.name] = int(value) if ps.type == "whole number" else float(value)
            except ValueError:
                raise DrillError(
                    f"{spec.name}: {ps.name}: {value[:40]!r} is not a {ps.type}"
                ) from None
            continue
        out[ps.name] = value
    return out


class Handlers:
    def __init__(self, room: Room, specs: list[ActionSpec]) -> None:
        self.room = room
        self.specs = {s.name: s for s in specs}

    # --- plumbing ------------------------------------------------------------------------------
    def who(self, request: Request, need: Role = "responder") -> tuple[Role, bool]:
        return auth.authenticate(self.room.tokens, request, need)

    async def changed(self) -> None:
        """Something was recorded: the refresher folds it now (coalescing a burst)."""
        self.room.poke()

    def page(self, template: str, request: Request, role: Role, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(
            views.render(
                template,
                csrf=self.room.tokens.csrf(role),
                role=role,
                drill_id=self.room.drill.id,
                **ctx,
            )
        )

    async def sections(self, view: str) -> dict[str, Any]:
        """A page's sections, current (a page load reads its own writes; the live streams
        follow the throttled refresher)."""
        from gameday.templating import safe

        def current() -> dict[str, str]:
            self.room.refresh()
            return self.room.sections(view, views.RENDERERS[view])

        rendered = await run_in_threadpool(current)
        return {k: safe(v) for k, v in rendered.items()}

    # --- public --------------------------------------------------------------------------------
    @guarded
    async def healthz(self, request: Request) -> Response:
        return JSONResponse({"ok": True, "drill": self.room.drill.id})

    @guarded
    async def static(self, request: Request) -> Response:
        from importlib.resources import files

        name = request.path_params["name"]
        if name not in STATIC:
            raise HttpError(404, f"no file {name}")
        data = (files("gameday.drill.web") / "static" / name).read_bytes()
        return Response(data, media_type=STATIC[name], headers={"Cache-Control": "no-cache"})

    @guarded
    async def status_page(self, request: Request) -> Response:
        sections = await self.sections("status")
        page = views.render("status.html.j2", sections=sections, view="status")
        return HTMLResponse(page)

    # --- the API (programs) ---------------------------------------------------------------------
    @guarded
    async def api_state(self, request: Request) -> Response:
        from gameday.drill import view

        self.who(request)
        return JSONResponse(await run_in_threadpool(view.responder_state, self.room.drill))

    @guarded
    async def api_actions(self, request: Request) -> Response:
        self.who(request)
        return JSONResponse(actions_listing(self.specs.values()))

    @guarded
    async def api_action(self, action: str | None, request: Request) -> Response:
        self.who(request)
        try:
            name, actor, params = parse_action_body(await json_body(request), action)
        except BadRequest as exc:
            raise HttpError(400, str(exc)) from None
        event = await self.record(name, params, actor)
        return JSONResponse({"event": event.to_dict()})

    async def record(self, name: str, params: dict[str, Any], actor: str) -> Any:
        from gameday.drill.actions import ACTIONS, record_action

        room = self.room
        exclusive = name in ACTIONS and ACTIONS.get(name).exclusive

        def run() -> Any:
            if exclusive:
                with room.exclusive:
                    return record_action(
                        room.drill, name, params, actor=actor, clock=room.clock, target=room.target
                    )
            return record_action(
                room.drill, name, params, actor=actor, clock=room.clock, target=room.target
            )

        event = await run_in_threadpool(run)
        await self.changed()
        return event

    @guarded
    async def alertmanager(self, request: Request) -> Response:
        """Alertmanager's webhook as an alert source (``gameday.integrations.alertmanager``):
        the join token, a JSON body up to its own limit, the integration's answer."""
        from gameday.drill.team import team_of
        from gameday.integrations.alertmanager import MAX_BODY as AM_BODY
        from gameday.integrations.alertmanager import settings_for, webhook

        self.who(request)
        body = await json_body(request, AM_BODY)
        room = self.room

        def deliver() -> tuple[int, dict[str, Any]]:
            if room.alertmanager is None:
                room.alertmanager = (settings_for(team_of(room.drill)),)
            return webhook(room.drill, body, room.alertmanager[0], clock=room.clock)

        status, answer = await run_in_threadpool(deliver)
        await self.changed()
        return JSONResponse(answer, status_code=status)

    @guarded
    async def api_facilitator_state(self, request: Request) -> Response:
        self.who(request, "facilitator")

        def state() -> dict[str, Any]:
            from gameday.drill.facilitator import truth

            self.room.refresh()
            ctx = views.facilitator_context(self.room)
            return {
                "truth": truth(self.room.drill, self.room.incident),
                "phase": ctx["phase"],
                "checklist": [
                    {"name": s.name, "title": s.title, "state": s.state} for s in ctx["steps"]
                ],
                "score_so_far": ctx["total"],
                "hint_cost": ctx["hint_cost"],
                "failing_monitors": ctx["failing"],
            }

        return JSONResponse(await run_in_threadpool(state))

    @guarded
    async def api_control(self, request: Request) -> Response:
        self.who(request, "facilitator")
        body = await json_body(request)
        if not isinstance(body, dict) or set(body) - {"as", "params"}:
            raise HttpError(400, "the body must be a JSON object {as, params}")
        params = body.get("params") or {}
        if not isinstance(params, dict):
            raise HttpError(400, "field 'params' must be an object")
        out = await self.control(request.path_params["name"], params, str(body.get("as") or ""))
        return JSONResponse(out)

    async def control(self, name: str, params: dict[str, Any], by: str) -> dict[str, Any]:
        from gameday.drill.facilitator import control

        room = self.room
        result = await run_in_threadpool(
            lambda: control(room.drill, name, params, by=by or "facilitator", clock=room.clock)
        )
        await self.changed()
        if isinstance(result, str):
            return {"message": result}
        from gameday.events.typed import describe

        return {"event": result.to_dict(), "text": describe(result)}

    # --- browsers -----------------------------------------------------------------------------
    @guarded
    async def join(self, role: Role, request: Request) -> Response:
        token = request.query_params.get("token", "")
        if not token:
            raise HttpError(401, "the join link carries a token; ask the facilitator for it")
        found = self.room.tokens.role_of_token(token)
        if found is None or (role == "facilitator" and found != "facilitator"):
            raise HttpError(403, "this link's token is not this drill's")
        where = "/facilitator" if role == "facilitator" else "/room"
        resp = RedirectResponse(where, status_code=303)
        resp.set_cookie(
            auth.COOKIES[role],
            self.room.tokens.session(role),
            httponly=True,
            samesite="strict",
            path="/",
        )
        return resp

    def roster(self) -> list[str]:
        return views.roster(self.room)

    @guarded
    async def console(self, request: Request) -> Response:
        role, _ = self.who(request)
        name = unquote(request.cookies.get(NAME_COOKIE, ""))
        if not name or "change" in request.query_params:
            return self.page(
                "pick.html.j2",
                request,
                role,
                view="pick",
                roster=self.roster(),
                current=name,
                sections={},
                stream="",
            )
        from gameday.drill.actions import BUILTIN_ACTIONS

        order = {s.name: i for i, s in enumerate(BUILTIN_ACTIONS)}
        specs = sorted(self.specs.values(), key=lambda s: (order.get(s.name, len(order)), s.name))
        return self.page(
            "room.html.j2",
            request,
            role,
            view="room",
            name=name,
            sections=await self.sections("room"),
            specs=specs,
            roster=self.roster(),
            stream="/events/room",
        )

    @guarded
    async def pick_name(self, request: Request) -> Response:
        from gameday.drill.actions import check_actor

        role, by_cookie = self.who(request)
        form = await form_body(request)
        if by_cookie:
            auth.check_csrf(self.room.tokens, request, role, form.get(CSRF_FIELD, ""))
        name = check_actor(form.get("name", ""))
        resp = RedirectResponse("/room", status_code=303)
        resp.set_cookie(NAME_COOKIE, quote(name), httponly=True, samesite="strict", path="/")
        return resp

    @guarded
    async def room_act(self, request: Request) -> Response:
        role, by_cookie = self.who(request)
        form = await form_body(request)
        if by_cookie:
            sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD, "")
            auth.check_csrf(self.room.tokens, request, role, sent)
        name = request.path_params["name"]
        spec = self.specs.get(name)
        if spec is None:
            raise HttpError(404, f"unknown action {name!r} (known: {', '.join(self.specs)})")
        actor = form.get("as") or unquote(request.cookies.get(NAME_COOKIE, ""))
        if not actor:
            raise HttpError(400, "pick your name first (open /room)")
        event = await self.record(name, form_params(spec, form), actor)
        return self.answered(request, "/room", {"event": event.to_dict()}, event)

    def answered(self, request: Request, back: str, body: dict[str, Any], event: Any) -> Response:
        if wants_json(request):
            if event is not None:
                from gameday.events.typed import describe

                body = {**body, "text": describe(event, public=True)}
            return JSONResponse(body)
        return RedirectResponse(back, status_code=303)

    @guarded
    async def dashboard(self, request: Request) -> Response:
        role, _ = self.who(request)
        return self.page(
            "dashboard.html.j2",
            request,
            role,
            view="dashboard",
            sections=await self.sections("dashboard"),
            stream="/events/dashboard",
        )

    @guarded
    async def facilitator(self, request: Request) -> Response:
        role, _ = self.who(request, "facilitator")
        sections = await self.sections("facilitator")
        truth = await run_in_threadpool(lambda: views.facilitator_context(self.room)["truth"])
        return self.page(
            "facilitator.html.j2",
            request,
            role,
            view="facilitator",
            sections=sections,
            truth=truth,
            stream="/events/facilitator",
        )

    @guarded
    async def facilitator_control(self, request: Request) -> Response:
        role, by_cookie = self.who(request, "facilitator")
        form = await form_body(request)
        if by_cookie:
            sent = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD, "")
            auth.check_csrf(self.room.tokens, request, role, sent)
        from gameday.drill.facilitator import CONTROLS

        name = request.path_params["name"]
        spec = CONTROLS.get(name)
        params = form_params(spec, form) if spec is not None else {}
        out = await self.control(name, params, "facilitator")
        if wants_json(request):
            return JSONResponse({**out, "text": out.get("text") or out.get("message", "")})
        return RedirectResponse("/facilitator", status_code=303)

    # --- live updates ---------------------------------------------------------------------------
    @guarded
    async def events(self, request: Request) -> Response:
        view = request.path_params["view"]
        if view not in views.RENDERERS:
            raise HttpError(404, f"no live view {view!r}")
        if view == "facilitator":
            self.who(request, "facilitator")
        elif view != "status":
            self.who(request)
        return StreamingResponse(
            self._stream(request, view),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def _stream(self, request: Request, view: str) -> AsyncIterator[bytes]:
        """Server-Sent Events: the view's sections after every change, a ping when quiet."""
        room = self.room
        sent = -1
        quiet = 0.0
        yield b"retry: 2000\n\n"
        await run_in_threadpool(room.refresh)  # the first frame is current
        while True:
            if room.version != sent:
                sent = room.version
                try:
                    rendered = await run_in_threadpool(room.sections, view, views.RENDERERS[view])
                except Exception as exc:  # a view bug: say so on the stream, keep streaming
                    rendered = {"error": f"{exc.__class__.__name__}: {exc}"}
                yield b"event: sections\ndata: " + json.dumps(rendered).encode() + b"\n\n"
                quiet = 0.0
                if room.incident.drill_end is not None:  # the last frame: the page stays put
                    yield b"event: end\ndata: {}\n\n"
                    return
                await asyncio.sleep(STREAM_EVERY_S - STREAM_POLL_S)
            elif quiet >= STREAM_PING_S:
                yield b": ping\n\n"
                quiet = 0.0
            if await request.is_disconnected():
                return
            await asyncio.sleep(STREAM_POLL_S)
            quiet += STREAM_POLL_S
