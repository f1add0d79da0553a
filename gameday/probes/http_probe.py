"""``http``: one request, checked for status and body, TLS verified against the staging CA.

This is the cheap probe the monitors lean on: ``http.client`` on a shared ``SSLContext``
costs a localhost TCP + TLS handshake, a few milliseconds. A failed verification names its
reason (``certificate has expired``), which is exactly what the expired-cert drill is about.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gameday.params import ParamError, ProbeTimeout
from gameday.probes import templates
from gameday.probes.base import ProbeResult, ProbeType
from gameday.records import record

if TYPE_CHECKING:
    import http.client

# http.client, ssl and the TLS helpers are imported by the check, not here: reading a
# scenario's probe params (``gameday validate``) must not load a TLS stack.

BODY_LIMIT = 256 * 1024
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@record
class HttpParams:
    url: str
    method: str = "GET"
    expect_status: int | tuple[int, ...] = 200
    body: str | None = None  # a regular expression the response body must match
    data: str | None = None  # request body to send (POST/PUT)
    headers: dict[str, Any] | None = None
    timeout: ProbeTimeout = 5.0
    verify: bool = True
    ca: str | None = None  # PEM path, "system", or None for the target's staging CA
    server_name: str | None = None  # TLS name to verify when it differs from the URL host

    def __post_init__(self) -> None:
        if self.method.upper() not in METHODS:
            raise ParamError("method", f"{self.method!r} is not one of {', '.join(METHODS)}")
        if not templates.has_placeholder(self.url):
            scheme = urlsplit(self.url).scheme
            if scheme not in ("http", "https"):
                raise ParamError("url", f"{self.url!r} must start with http:// or https://")
        if self.body is not None:
            try:
                re.compile(self.body)
            except re.error as exc:
                raise ParamError("body", f"not a valid regular expression: {exc}") from None
        statuses = (
            self.expect_status if isinstance(self.expect_status, tuple) else (self.expect_status,)
        )
        if not statuses:
            raise ParamError("expect_status", "needs at least one HTTP status")
        for s in statuses:
            if not 100 <= int(s) <= 599:
                raise ParamError("expect_status", f"{s} is not an HTTP status (100..599)")
        if self.timeout <= 0:
            raise ParamError("timeout", "must be more than 0s")
        if self.headers is not None:
            for k, v in self.headers.items():
                if not isinstance(k, str) or not isinstance(v, str | int | float):
                    raise ParamError("headers", f"header {k!r} must map a name to text")


def _connection(
    target: Any, p: HttpParams, scheme: str, host: str, port: int | None
) -> http.client.HTTPConnection:
    import http.client
    import socket
    import ssl

    from gameday.probes import tls

    if scheme == "http":
        return http.client.HTTPConnection(host, port, timeout=p.timeout)
    if p.verify:
        ca = p.ca or str(target.ca_path)
        ctx = tls.client_context(ca)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # explicit opt-out in the scenario
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(host, port, timeout=p.timeout, context=ctx)
    if p.server_name:
        # verify the certificate against server_name while connecting to host
        def connect() -> None:
            sock = socket.create_connection((host, port or 443), p.timeout)
            conn.sock = ctx.wrap_socket(sock, server_hostname=p.server_name)

        conn.connect = connect  # type: ignore[method-assign]
    return conn


def check_http(target: Any, p: HttpParams) -> ProbeResult:
    import http.client
    import ssl

    from gameday.probes import tls

    parts = urlsplit(p.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ProbeResult(False, f"bad URL {p.url!r}: expected http(s)://host[:port]/path")
    try:
        port = parts.port
    except ValueError:
        return ProbeResult(False, f"bad port in URL {p.url!r}")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    where = f"{p.method.upper()} {p.url}"
    try:
        conn = _connection(target, p, parts.scheme, parts.hostname, port)
    except FileNotFoundError:
        return ProbeResult(False, f"staging CA not found at {p.ca or target.ca_path}")
    except ssl.SSLError as exc:
        return ProbeResult(False, f"cannot load CA: {exc}")
    try:
        headers = {str(k): str(v) for k, v in (p.headers or {}).items()}
        conn.request(p.method.upper(), path, body=p.data, headers=headers)
        resp = conn.getresponse()
        content = resp.read(BODY_LIMIT) if p.body is not None else b""
        status = resp.status
    except ssl.SSLError as exc:
        return ProbeResult(False, f"{tls.describe_error(exc)} ({where})")
    except TimeoutError:
        return ProbeResult(False, f"timed out after {p.timeout:g}s ({where})")
    except ConnectionRefusedError:
        return ProbeResult(False, f"connection refused ({where})")
    except (OSError, http.client.HTTPException) as exc:
        reason = str(exc) or exc.__class__.__name__
        return ProbeResult(False, f"{exc.__class__.__name__}: {reason} ({where})")
    finally:
        conn.close()
    allowed = p.expect_status if isinstance(p.expect_status, tuple) else (p.expect_status,)
    if status not in allowed:
        want = " or ".join(str(s) for s in allowed)
        return ProbeResult(False, f"status {status}, expected {want} ({where})")
    if p.body is not None:
        text = content.decode("utf-8", "replace")
        if not re.search(p.body, text):
            snippet = text[:80].replace("\n", " ")
            return ProbeResult(False, f"body does not match /{p.body}/: {snippet!r} ({where})")
    return ProbeResult(True, f"status {status} ({where})")


PROBE = ProbeType(
    name="http",
    params=HttpParams,
    check=check_http,
    summary="HTTP(S) request: expected status, optional body regex, TLS verified by the staging CA",
)
