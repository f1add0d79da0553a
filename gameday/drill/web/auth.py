"""Who is asking: the join token (responders), the facilitator's token, and CSRF for browsers.

Programs send a token in a header (``Authorization: Bearer T`` or ``X-Gameday-Token: T``);
browsers get it once in the join link, which sets a cookie and redirects, so the token never
stays in the address bar, a page or a log. The cookie holds an HMAC of the token, not the token;
it is ``HttpOnly`` and ``SameSite=Strict``. Every state-changing request a cookie authenticates
must also carry the page's CSRF value (an HMAC too) and, when the browser sends one, an
``Origin`` of this very host. Tokens are compared in constant time. A responder's token or
cookie never opens a facilitator route.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from starlette.requests import Request

Role = Literal["responder", "facilitator"]
COOKIES: dict[Role, str] = {"responder": "gameday_room", "facilitator": "gameday_facilitator"}
NAME_COOKIE = "gameday_as"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class Denied(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _mac(token: str, purpose: str) -> str:
    return hmac.new(token.encode(), f"gameday:{purpose}".encode(), hashlib.sha256).hexdigest()


def _same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


class Tokens:
    """The drill's two tokens and what is derived from them."""

    def __init__(self, responder: str, facilitator: str) -> None:
        self.secrets: dict[Role, str] = {"responder": responder, "facilitator": facilitator}

    def session(self, role: Role) -> str:
        return _mac(self.secrets[role], f"{role}-session")

    def csrf(self, role: Role) -> str:
        return _mac(self.secrets[role], f"{role}-csrf")

    def role_of_token(self, token: str) -> Role | None:
        # the facilitator's first: it may do everything a responder may
        for role in ("facilitator", "responder"):
            if _same(token, self.secrets[role]):
                return role
        return None

    def role_of_cookie(self, request: Request, role: Role) -> bool:
        return _same(request.cookies.get(COOKIES[role], ""), self.session(role))


def header_token(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    return token or request.headers.get("x-gameday-token", "").strip()


def authenticate(tokens: Tokens, request: Request, need: Role) -> tuple[Role, bool]:
    """(the caller's role, whether a cookie said so); ``Denied`` 401/403 when not allowed.

    ``need="responder"`` admits both roles; ``"facilitator"`` only the facilitator."""
    token = header_token(request)
    if token:
        role = tokens.role_of_token(token)
        if role is None:
            raise Denied(403, "wrong join token")
        if need == "facilitator" and role != "facilitator":
            raise Denied(403, "this needs the facilitator's token, not the join token")
        return role, False
    if tokens.role_of_cookie(request, "facilitator"):
        return "facilitator", True
    if tokens.role_of_cookie(request, "responder"):
        if need == "facilitator":
            raise Denied(403, "the facilitator console needs the facilitator's link")
        return "responder", True
    raise Denied(401, "missing join token (Authorization: Bearer <token>, or open the join link)")


def check_csrf(tokens: Tokens, request: Request, role: Role, sent: str) -> None:
    """A cookie-authenticated change must carry the page's CSRF value and come from here."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null":
        host = request.headers.get("host", "")
        if urlsplit(origin).netloc != host:
            raise Denied(403, "cross-site request refused")
    elif origin == "null":
        raise Denied(403, "cross-site request refused")
    if not _same(sent, tokens.csrf(role)):
        raise Denied(403, "missing or stale form token (reload the page)")
