"""The runner's HTTP endpoint: remote responder actions, the ``watch`` state, the status page.

Stdlib ``ThreadingHTTPServer`` in a daemon thread of the runner: nothing to install on a
facilitator's laptop, and one slow client never blocks another. Every request is handled inside
one ``try``: a bad request gets a JSON 4xx, a bug a JSON 500, and the runner never dies of it.
Action and state routes need the drill's join token (``Authorization: Bearer T`` or
``X-Gameday-Token: T``), compared in constant time.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import socket
import threading
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gameday.clock import Clock
from gameday.drill.actions import ACTIONS, record_action
from gameday.drill.api import (
    ACTIONS_PATH,
    ActionRoute,
    BadRequest,
    action_routes,
    actions_listing,
    parse_action_body,
)
from gameday.drill.locate import Drill
from gameday.drill.view import responder_state, status_page_html
from gameday.errors import DrillError, GamedayError, NoDrillRunning

if TYPE_CHECKING:
    from gameday.target import Target

MAX_BODY = 16 * 1024


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class DrillServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self, addr: tuple[str, int], drill: Drill, clock: Clock | None, target: Target | None
    ) -> None:
        super().__init__(addr, Handler)
        self.drill = drill
        self.clock = clock
        self.target = target
        self.token = drill.meta().token
        drill.log(clock)  # open once here, not racing in the request threads
        # Routes from the action specs (built-in and plugin), fixed for the server's life.
        self.specs = [spec for _, spec in ACTIONS.items()]
        self.action_routes: dict[str, ActionRoute] = {r.path: r for r in action_routes(self.specs)}
        self.lock = threading.Lock()  # one exclusive action (rollback) at a time
        from gameday.integrations.alertmanager import settings_for

        self.alertmanager = settings_for(drill)  # None: not an alert source of this drill

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A broken connection must not print tracebacks over the facilitator's dashboard."""


class Handler(BaseHTTPRequestHandler):
    server: DrillServer
    server_version = "gameday"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 15  # seconds a client may stall mid-request before its thread gives up

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the runner owns the tty
        return None

    # --- plumbing --------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj, default=str).encode(), "application/json")

    def _dispatch(self, routes: dict[str, Any]) -> None:
        try:
            path = urlsplit(self.path).path
            handler = routes.get(path)
            if handler is None:
                raise HttpError(404, f"no route {self.command} {path}")
            handler()
        except HttpError as exc:
            self.close_connection = True  # the body may be unread: never parse it as a request
            self._json(exc.status, {"error": exc.message})
        except NoDrillRunning as exc:
            self.close_connection = True
            self._json(409, {"error": str(exc)})
        except GamedayError as exc:
            self.close_connection = True
            self._json(400 if isinstance(exc, DrillError) else 422, {"error": str(exc)})
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as exc:  # never let a request take the runner down
            self.close_connection = True
            try:
                self._json(500, {"error": f"internal error: {exc.__class__.__name__}: {exc}"})
            except OSError:
                pass

    def _require_token(self) -> None:
        auth = self.headers.get("Authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        token = token or self.headers.get("X-Gameday-Token", "")
        if not token:
            raise HttpError(401, "missing join token (Authorization: Bearer <token>)")
        if not hmac.compare_digest(token.encode(), self.server.token.encode()):
            raise HttpError(403, "wrong join token")

    def _body_json(self, limit: int = MAX_BODY) -> Any:
        length_h = self.headers.get("Content-Length")
        if length_h is None:
            raise HttpError(411, "Content-Length required")
        try:
            length = int(length_h)
        except ValueError:
            raise HttpError(400, "bad Content-Length") from None
        if length < 0:
            raise HttpError(400, "bad Content-Length")
        if length > limit:
            raise HttpError(413, f"body is {length} bytes; the limit is {limit}")
        ctype = self.headers.get("Content-Type", "application/json").split(";")[0].strip()
        if ctype != "application/json":
            raise HttpError(415, f"send application/json, not {ctype}")
        raw = self.rfile.read(length)
        try:
            return json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise HttpError(400, f"malformed JSON: {exc}") from None

    # --- routes ----------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._dispatch(
            {
                "/healthz": self._healthz,
                "/status": self._status,
                "/": self._status,
                "/api/state": self._state,
                ACTIONS_PATH: self._actions,
            }
        )

    do_HEAD = do_GET

    def do_POST(self) -> None:
        from gameday.integrations.alertmanager import ROUTE

        routes = self.server.action_routes
        table = {path: partial(self._action, r.action) for path, r in routes.items()}
        self._dispatch({**table, ROUTE: self._alertmanager})

    def _alertmanager(self) -> None:
        """Alertmanager's webhook as an alert source (gameday.integrations.alertmanager)."""
        from gameday.integrations.alertmanager import MAX_BODY as AM_BODY
        from gameday.integrations.alertmanager import webhook

        self._require_token()
        body = self._body_json(AM_BODY)
        status, answer = webhook(
            self.server.drill, body, self.server.alertmanager, clock=self.server.clock
        )
        if status >= 400:
            self.close_connection = True
        self._json(status, answer)

    def _healthz(self) -> None:
        self._json(200, {"ok": True, "drill": self.server.drill.id})

    def _status(self) -> None:
        page = status_page_html(self.server.drill)
        self._send(200, page.encode(), "text/html; charset=utf-8")

    def _state(self) -> None:
        self._require_token()
        self._json(200, responder_state(self.server.drill))

    def _actions(self) -> None:
        self._require_token()
        self._json(200, actions_listing(self.server.specs))

    def _action(self, action: str | None) -> None:
        self._require_token()
        try:
            name, actor, params = parse_action_body(self._body_json(), action)
        except BadRequest as exc:
            raise HttpError(400, str(exc)) from None
        exclusive = name in ACTIONS and ACTIONS.get(name).exclusive
        with self.server.lock if exclusive else contextlib.nullcontext():
            event = record_action(
                self.server.drill,
                name,
                params,
                actor=actor,
                clock=self.server.clock,
                target=self.server.target,
            )
        self._json(200, {"event": event.to_dict()})


def _advertised_host(bound: str) -> str:
    """The address to tell remote responders: the bound one, or this host's outward address
    when bound to every interface (a UDP "connect" sends nothing, it only picks a route)."""
    if bound not in ("0.0.0.0", "", "::"):
        return f"[{bound}]" if ":" in bound else bound
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return str(s.getsockname()[0])
    except OSError:
        return "127.0.0.1"


def start_server(
    drill: Drill,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    clock: Clock | None = None,
    target: Target | None = None,
) -> tuple[DrillServer, str]:
    """Serve ``drill`` from a daemon thread; return the server and its base URL (saved in meta).

    Port 0 picks a free port. Stop with ``server.shutdown(); server.server_close()``.
    """
    try:
        server = DrillServer((host, port), drill, clock, target)
    except OSError as exc:
        raise DrillError(f"cannot serve the drill endpoint on {host}:{port}: {exc}") from None
    bound_host, bound_port = server.server_address[:2]
    shown = _advertised_host(str(bound_host))
    url = f"http://{shown}:{bound_port}"
    threading.Thread(
        target=server.serve_forever, args=(0.1,), name="gameday-http", daemon=True
    ).start()
    drill.update(url=url)
    return server, url
