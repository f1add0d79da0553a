"""The shop's services log what a real service would: `docker logs` tells each fault's story.

Each test breaks the real stack with a seed fault, makes one customer request (its request id
is in the answer's ``X-Request-Id``, as support would quote it), restores, and reads the
containers' logs the way a responder would: the proxy's access line, the API's error line with
the cause, the provider's and the database's view, joined by that id where it travels.
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from typing import Any

import pytest

from gameday.faults.apply import inject_fault, undo_fault
from gameday.faults.seed import tls_handshake
from tests.integration.test_faults_seed import assert_steady

pytestmark = pytest.mark.docker


def checkout(shop: Any) -> tuple[int, str]:
    """One customer checkout through the proxy: (status, request id)."""
    ctx = ssl.create_default_context(cafile=str(shop.ca_path))
    body = json.dumps({"product_id": 3, "quantity": 1, "customer": "log-test"}).encode()
    req = urllib.request.Request(
        f"{shop.endpoints()['proxy']}/checkout",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=20, context=ctx) as resp:
            return resp.status, resp.headers.get("X-Request-Id", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("X-Request-Id", "") or f"(none in {dict(exc.headers)})"


def logs(shop: Any, service: str, since: float) -> str:
    c = shop.container(service)
    return c.logs(since=int(since) - 1, stdout=True, stderr=True).decode(errors="replace")


def wait_logged(shop: Any, service: str, since: float, *needles: str) -> str:
    """The service's log once it holds every needle (log lines arrive a moment later)."""
    deadline = time.monotonic() + 20
    text = ""
    while time.monotonic() < deadline:
        text = logs(shop, service, since)
        if all(n in text for n in needles):
            return text
        time.sleep(0.3)
    missing = [n for n in needles if n not in text]
    raise AssertionError(f"{service} log lacks {missing}:\n{text[-3000:]}")


def line_with(text: str, *needles: str) -> str:
    return next((ln for ln in text.splitlines() if all(n in ln for n in needles)), "")


def test_a_locked_orders_table_in_the_logs(shop: Any) -> None:
    assert_steady(shop)
    since = time.time()
    applied = inject_fault(shop, "heavy_migration", {"hold": "10m"})
    try:
        status, rid = checkout(shop)
    finally:
        undo_fault(applied)
    assert status == 503 and rid, (status, rid)
    proxy = wait_logged(shop, "proxy", since, f"id={rid}")
    assert '"POST /checkout HTTP/1.1" 503' in line_with(proxy, f"id={rid}")
    api = wait_logged(shop, "api", since, f"request_id={rid}")
    error = line_with(api, f"request_id={rid}", "ERROR")
    assert "POST /checkout -> 503" in error and "statement timeout" in error, api[-2000:]
    assert line_with(api, f"request_id={rid}", '"POST /checkout HTTP/1.0" 503')  # access line
    db = wait_logged(shop, "db", since, "still waiting for RowExclusiveLock", "migration_0042")
    assert "shop-api" in line_with(db, "still waiting for RowExclusiveLock")
    assert line_with(db, "migration_0042_add_order_status", "terminating connection")
    assert_steady(shop)


def test_an_upstream_schema_change_in_the_logs(shop: Any) -> None:
    assert_steady(shop)
    since = time.time()
    applied = inject_fault(shop, "upstream_schema_change", {})
    try:
        status, rid = checkout(shop)
    finally:
        undo_fault(applied)
    assert status == 502 and rid
    api = wait_logged(shop, "api", since, f"request_id={rid}")
    assert "cannot parse payment response" in line_with(api, f"request_id={rid}", "ERROR")
    assert "POST /checkout -> 502" in api
    payments = wait_logged(shop, "payments", since, f"request_id={rid}")
    assert "payments_version=v2" in line_with(payments, f"request_id={rid}", "POST /charges")
    assert "default response schema set to v2 (was v1)" in payments
    assert "default response schema changed: v1 -> v2" in payments
    assert_steady(shop)


def test_an_expired_certificate_in_the_proxy_log(shop: Any) -> None:
    assert_steady(shop)
    since = time.time()
    applied = inject_fault(shop, "expired_cert", {"expired_for": "3d"})
    try:
        assert "expired" in (tls_handshake(shop) or "")
    finally:
        undo_fault(applied)
    proxy = wait_logged(shop, "proxy", since, "SSL_do_handshake() failed")
    assert "certificate expired" in line_with(proxy, "SSL_do_handshake() failed"), proxy[-2000:]
    assert_steady(shop)
