"""Client of the payments provider (an external service the shop does not control)."""

from __future__ import annotations

import json
import logging
import os
import time
import urllib.error
import urllib.request

from shop_api.config import SETTINGS

PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "http://payments:8080")
TIMEOUT_S = SETTINGS.payments_timeout_s
# A timed-out charge is retried (the same idempotency reference), like most payment SDKs do:
# when the provider slows down, every checkout waits up to (1 + RETRIES) * TIMEOUT_S and the
# worker threads fill up -- the pile-up a responder sees before the errors.
RETRIES = int(os.environ.get("SHOP_PAYMENTS_RETRIES", "1"))
SLOW_S = 1.0  # an answer slower than this is logged
log = logging.getLogger("shop_api")


class PaymentsUnavailable(Exception):
    """The provider did not answer usefully (down, slow, error status)."""


def charge(amount_cents: int, currency: str, reference: str, version: str = "") -> tuple[dict, str]:
    """POST a charge; returns the decoded response and the schema version it was served in."""
    body = json.dumps(
        {"amount": amount_cents, "currency": currency, "reference": reference}
    ).encode()
    from shop_api.logs import request_id

    headers = {"Content-Type": "application/json", "X-Request-Id": request_id()}
    if version:
        headers["Payments-Version"] = version
    headers["Idempotency-Key"] = reference
    attempts = 1 + max(0, RETRIES)
    for attempt in range(1, attempts + 1):
        req = urllib.request.Request(f"{PAYMENTS_URL}/charges", data=body, headers=headers)
        start = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
                raw = resp.read()
                served = resp.headers.get("Payments-Version", version or "?")
            took = time.monotonic() - start
            if took >= SLOW_S:
                log.warning("payments slow: POST /charges answered in %.0f ms", took * 1000)
            break
        except urllib.error.HTTPError as exc:
            raise PaymentsUnavailable(f"payments answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            waited = time.monotonic() - start
            timed_out = "timed out" in str(exc) or isinstance(exc, TimeoutError)
            if timed_out and attempt < attempts:
                log.warning("payments charge %s timed out after %.1f s (attempt %d/%d), retrying",
                            reference[:12], waited, attempt, attempts)
                continue
            raise PaymentsUnavailable(
                f"payments unreachable after {attempt} attempt(s), {waited:.1f} s: {exc}"
            ) from exc
    try:
        return json.loads(raw), served
    except ValueError as exc:
        raise PaymentsUnavailable(f"payments sent invalid JSON: {raw[:200]!r}") from exc


def healthy() -> str:
    try:
        with urllib.request.urlopen(f"{PAYMENTS_URL}/health", timeout=2) as resp:
            return "ok" if resp.status == 200 else f"HTTP {resp.status}"
    except Exception as exc:
        return f"unreachable: {exc}"
