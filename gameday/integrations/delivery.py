"""Sending one request to a team's tool: retries where the receiver asks for them, a one-line
reason where it refuses, and never a secret in either.

The rules every receiver here documents: 2xx (PagerDuty and Opsgenie answer 202) is done;
429 means "too many requests": wait (``Retry-After`` when the receiver says how long, else
exponential back-off) and try again; 5xx, 408 and a connection that fails are worth retrying
too; any other 4xx (PagerDuty's 400 "invalid event", Slack's 400 ``invalid_payload``, a 403
for a wrong key) will fail the same way again, so it is not retried and its explanation becomes
the warning. Waiting goes through the injected clock, so the back-off is tested without time
passing. Redirects are not followed (a secret URL must not be replayed to another host).

Stdlib ``urllib``: one JSON POST with a timeout needs no HTTP library, and it keeps the
runner's imports light.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from email.utils import parsedate_to_datetime
from typing import Any

from gameday.clock import Clock
from gameday.integrations.spec import Outbound
from gameday.records import record

RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_REASON = 300
MAX_READ = 64 * 1024


@record
class RetryPolicy:
    attempts: int = 5  # in all, the first one included
    backoff_s: float = 1.0  # 1, 2, 4, 8 ... between attempts
    max_wait_s: float = 30.0  # the longest wait, whatever Retry-After says
    timeout_s: float = 10.0  # per attempt


@record
class Delivery:
    """How sending one request went."""

    outbound: Outbound
    ok: bool
    status: int | None  # the last HTTP status (None: no answer at all)
    attempts: int
    reason: str = ""  # one line when not ok; never holds a secret

    def line(self) -> str:
        if self.ok:
            return f"{self.outbound}: sent (HTTP {self.status})"
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"{self.outbound} failed{tries}: {self.reason}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a 3xx is answered as an error, not followed


_OPENER = urllib.request.build_opener(_NoRedirect())


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return text


def _reason(status: int, raw: bytes) -> str:
    """What the receiver said, in one line: a JSON ``message``/``errors``, else the text."""
    text = raw.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        parts = [str(data[k]) for k in ("message", "error", "status") if data.get(k)]
        errors = data.get("errors")
        if isinstance(errors, list):
            parts += [str(x) for x in errors[:5]]
        elif isinstance(errors, dict):
            parts += [f"{k}: {v}" for k, v in list(errors.items())[:5]]
        text = "; ".join(dict.fromkeys(parts)) or text
    text = " ".join(text.split())
    return f"HTTP {status}" + (f": {text}" if text else "")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        when = parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _attempt(out: Outbound, timeout: float) -> tuple[int | None, bytes, str | None, str]:
    """(status, body, Retry-After, error) of one try; status None when nothing answered."""
    req = urllib.request.Request(
        out.url,
        data=out.data(),
        method=out.method,
        headers={
            "Content-Type": "application/json",
            "User-Agent": "gameday (drill integrations)",
            **out.headers,
        },
    )
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, resp.read(MAX_READ), None, ""
    except urllib.error.HTTPError as exc:
        try:
            body = exc.read(MAX_READ)
        except OSError:
            body = b""
        return exc.code, body, exc.headers.get("Retry-After") if exc.headers else None, ""
    except urllib.error.URLError as exc:
        return None, b"", None, f"cannot reach it ({exc.reason})"
    except (OSError, ValueError) as exc:  # timeouts, resets, a malformed URL
        return None, b"", None, f"cannot reach it ({exc.__class__.__name__}: {exc})"


def send(out: Outbound, *, clock: Clock, policy: RetryPolicy | None = None) -> Delivery:
    """Send ``out``, retrying as the receiver asks; never raises."""
    p = policy or RetryPolicy()
    status: int | None = None
    reason = ""
    for attempt in range(1, max(1, p.attempts) + 1):
        status, body, retry_after, error = _attempt(out, p.timeout_s)
        if status is not None and 200 <= status < 300:
            return Delivery(out, True, status, attempt)
        reason = error or _reason(status or 0, body)
        retry = status is None or status in RETRY_STATUS
        if not retry or attempt >= p.attempts:
            break
        wait = _retry_after(retry_after) if status == 429 else None
        if wait is None:
            wait = p.backoff_s * 2 ** (attempt - 1)
        clock.sleep(min(wait, p.max_wait_s))
    clipped = redact(reason, out.secrets)[:MAX_REASON]
    return Delivery(out, False, status, attempt, clipped)
