"""Client of the runner's HTTP endpoint, for responders on another machine (``--server/--token``).

Stdlib ``http.client`` only: responder commands must start fast and need nothing installed.
The server is untrusted like any input: the URL and token are checked before anything is sent
(a token with a control character would otherwise be a header injection, and its error would
print the token); every request has one overall deadline (a server that trickles a byte a
second cannot hold a responder's terminal: a watchdog shuts the socket down when it passes);
the answer is bounded (headers by ``http.client``, the body by ``MAX_BODY``) and must be a JSON
object; and every way it can fail -- refused, reset, a bad status line, a truncated body,
huge headers, not JSON, TLS -- is one ``DrillError`` line naming the server.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
import threading
import time
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from gameday.errors import DrillError, NoDrillRunning
from gameday.events import Event
from gameday.records import record

TIMEOUT_S = 30.0  # the whole request: a remote rollback recreates a container
MAX_BODY = 1 << 20  # the responders' view and an event are a few KiB
MAX_URL = 2048
_TOKEN = re.compile(r"[A-Za-z0-9_.~+/=-]{1,512}")
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@record
class Server:
    """A checked ``--server`` URL: scheme, host, port and an optional path prefix."""

    scheme: str
    host: str
    port: int
    prefix: str

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}{self.prefix}"


def parse_server(url: str) -> Server:
    """``--server`` as a ``Server``; ``DrillError`` saying what is wrong with it."""
    raw = url.strip() if isinstance(url, str) else ""
    shown = _shown(raw)
    if not raw:
        raise DrillError("--server needs the drill's URL, like http://host:8080")
    if len(raw) > MAX_URL or _UNPRINTABLE.search(raw) or " " in raw:
        raise DrillError(f"--server {shown} is not a URL (spaces or control characters)")
    try:
        parts = urlsplit(raw)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:  # "[::1" (Invalid IPv6 URL), ":abc" (port not a number)
        raise DrillError(f"--server {shown} is not a valid URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise DrillError(f"--server {shown} must be an http:// or https:// URL")
    if not host:
        raise DrillError(f"--server {shown} names no host")
    if parts.username is not None or parts.password is not None:
        raise DrillError(f"--server {shown}: pass the token with --token, not in the URL")
    if parts.query or parts.fragment:
        raise DrillError(f"--server {shown} must not have a ?query or #fragment")
    if port == 0:
        raise DrillError(f"--server {shown}: port 0 is not a port")
    default = 443 if parts.scheme == "https" else 80
    return Server(parts.scheme, host, port or default, parts.path.rstrip("/"))


def check_token(token: str | None) -> str:
    """The join token as typed; never echoed back in a message (it is a secret)."""
    if not token:
        raise DrillError("--server needs --token (the drill's join token)")
    t = token.strip()
    if not _TOKEN.fullmatch(t):
        bad = "control characters" if _UNPRINTABLE.search(t) else "characters a token never has"
        raise DrillError(
            f"the token (--token) contains {bad}; paste it again as the facilitator's "
            "terminal shows it"
        )
    return t


def _shown(text: str, limit: int = 80) -> str:
    """A hostile value made safe to print on one line."""
    text = _UNPRINTABLE.sub("?", text)
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


class RemoteDrill:
    def __init__(self, url: str, token: str, *, timeout: float = TIMEOUT_S) -> None:
        self.server = parse_server(url)
        self.url = self.server.url
        self.token = check_token(token)
        self.timeout = timeout

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body, allow_nan=False).encode()
        status, reason, raw = self._exchange(method, self.server.prefix + path, data)
        if 200 <= status < 300:
            return self._json(raw) if raw.strip() else None
        try:  # gameday says why in {"error": ...}; a proxy's HTML page says nothing useful
            answer = self._json(raw)
        except DrillError:
            answer = None
        message = answer.get("error") if isinstance(answer, dict) else None
        text = _shown(str(message or reason or "no reason given"), 300)[1:-1]
        if status == 409:
            raise NoDrillRunning(f"{self.url}: {text}")
        if status in (401, 403):
            raise DrillError(
                f"{self.url} refused the token ({status}): {text}",
                hint="ask the facilitator for the drill's join token",
            )
        raise DrillError(f"{self.url} refused ({status}): {text}")

    def _exchange(self, method: str, path: str, data: bytes | None) -> tuple[int, str, bytes]:
        """One request within ``self.timeout`` in all: connect, send, status, headers, body."""
        s = self.server
        deadline = time.monotonic() + self.timeout
        cls = http.client.HTTPSConnection if s.scheme == "https" else http.client.HTTPConnection
        conn = cls(s.host, s.port, timeout=self.timeout)
        expired = threading.Event()

        def cut() -> None:  # the only way to stop a recv() a trickling server keeps alive
            expired.set()
            sock = conn.sock
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), cut)
        watchdog.daemon = True
        watchdog.start()
        try:
            headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
            if data is not None:
                headers["Content-Type"] = "application/json"
            conn.request(method, path or "/", body=data, headers=headers)
            resp = conn.getresponse()
            chunks: list[bytes] = []
            size = 0
            while size <= MAX_BODY:
                chunk = resp.read(min(65536, MAX_BODY + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if size > MAX_BODY:
                raise DrillError(f"{self.url} answered more than {MAX_BODY:,} bytes; not a drill?")
            if resp.length:  # Content-Length promised more than arrived
                raise http.client.IncompleteRead(b"".join(chunks), resp.length)
            return resp.status, str(resp.reason or ""), b"".join(chunks)
        except DrillError:
            raise
        except Exception as exc:  # http.client, socket, TLS: whatever the server did
            if expired.is_set() or isinstance(exc, TimeoutError | socket.timeout):
                raise DrillError(
                    f"{self.url} did not answer within {self.timeout:g}s",
                    hint="is the drill still running, and is this its URL?",
                ) from None
            raise DrillError(f"cannot talk to the drill at {self.url}: {_why(exc)}") from None
        finally:
            watchdog.cancel()
            conn.close()

    def _json(self, raw: bytes) -> Any:
        try:
            return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, UnicodeDecodeError):
            raise DrillError(f"{self.url} did not answer JSON; is it a gameday drill?") from None
        except RecursionError:
            raise DrillError(f"{self.url} answered JSON nested too deep") from None

    def record_action(self, name: str, params: dict[str, Any], *, actor: str) -> Event:
        answer = self._request(
            "POST", "/api/actions", {"action": name, "as": actor, "params": params}
        )
        event = _event(answer.get("event") if isinstance(answer, dict) else None)
        if event is None:
            raise DrillError(f"{self.url} answered something that is not an event")
        return event

    def control(self, name: str, params: dict[str, Any], *, by: str) -> dict[str, Any]:
        """A facilitator control (the token must be the facilitator's)."""
        answer = self._request("POST", f"/api/facilitator/{name}", {"as": by, "params": params})
        if not isinstance(answer, dict):
            raise DrillError(f"{self.url} answered something unexpected: {answer!r}")
        return answer

    def state(self) -> dict[str, Any]:
        answer = self._request("GET", "/api/state")
        if not isinstance(answer, dict) or not isinstance(answer.get("drill"), dict):
            raise DrillError(f"{self.url} answered something unexpected for the state")
        return answer


_KIND = re.compile(r"[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+")


def _event(d: Any) -> Event | None:
    """The recorded event of an answer, checked (a finite time, an aware ISO wall time, a kind
    like ``action.ack``, a mapping of data), or None."""
    if not isinstance(d, dict):
        return None
    eid, t, wall, actor, kind = (d.get(k) for k in ("id", "t", "wall", "actor", "kind"))
    data = d.get("data") or {}
    if not (isinstance(eid, int) and not isinstance(eid, bool) and 0 < eid < 2**63):
        return None
    if not (isinstance(t, int | float) and not isinstance(t, bool) and 0 <= t < 1e10):
        return None
    if not (isinstance(kind, str) and _KIND.fullmatch(kind) and len(kind) <= 100):
        return None
    if not isinstance(actor, str) or _UNPRINTABLE.search(actor) or not isinstance(data, dict):
        return None
    try:
        when = datetime.fromisoformat(wall) if isinstance(wall, str) and len(wall) < 64 else None
    except ValueError:
        when = None
    if when is None:
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return Event(id=eid, t=float(t), wall=when, actor=actor[:200], kind=kind, data=data)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _why(exc: BaseException) -> str:
    """One safe line for a transport failure."""
    if isinstance(exc, http.client.RemoteDisconnected):
        return "it closed the connection without answering"
    if isinstance(exc, http.client.IncompleteRead):
        return "the answer was cut short"
    if isinstance(exc, http.client.LineTooLong):
        return "its answer has a header line too long"
    if isinstance(exc, http.client.BadStatusLine):
        return "its answer is not HTTP"
    if isinstance(exc, http.client.HTTPException):
        return _shown(str(exc) or type(exc).__name__, 120)[1:-1]
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the runner up, and is this its port?)"
    if isinstance(exc, socket.gaierror):
        return f"unknown host ({exc.strerror})"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return _shown(str(exc) or type(exc).__name__, 120)[1:-1]
