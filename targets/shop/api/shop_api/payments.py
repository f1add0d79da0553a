"""Client of the payments provider (an external service the shop does not control)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from shop_api.config import SETTINGS

PAYMENTS_URL = os.environ.get("PAYMENTS_URL", "http://payments:8080")
TIMEOUT_S = SETTINGS.payments_timeout_s


class PaymentsUnavailable(Exception):
    """The provider did not answer usefully (down, slow, error status)."""


def charge(amount_cents: int, currency: str, reference: str, version: str = "") -> tuple[dict, str]:
    """POST a charge; returns the decoded response and the schema version it was served in."""
    body = json.dumps(
        {"amount": amount_cents, "currency": currency, "reference": reference}
    ).encode()
    headers = {"Content-Type": "application/json"}
    if version:
        headers["Payments-Version"] = version
    req = urllib.request.Request(f"{PAYMENTS_URL}/charges", data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            raw = resp.read()
            served = resp.headers.get("Payments-Version", version or "?")
    except urllib.error.HTTPError as exc:
        raise PaymentsUnavailable(f"payments answered HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PaymentsUnavailable(f"payments unreachable: {exc}") from exc
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
