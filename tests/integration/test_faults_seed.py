"""The four seed faults on the real shop: each breaks what customers see, as a customer sees
it, and its undo leaves the stack steady."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from gameday.clock import RealClock, poll_until
from gameday.faults import REMEDIATIONS, RemediationContext
from gameday.faults._util import psql
from gameday.faults.apply import inject_fault, undo_fault
from gameday.faults.restore import poll_steady
from gameday.faults.seed import tls_handshake
from gameday.journal import pending_restores
from gameday.probes.runner import bind_all, check_all
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from tests.integration.conftest import undo_leftovers

pytestmark = pytest.mark.docker


def probes(shop: Any) -> dict[str, Any]:
    scenario = load_scenario(project_root() / "scenarios" / "bad-deploy.yaml")
    return {b.name: b for b in bind_all(shop, scenario.steady_state)}


def assert_steady(shop: Any) -> None:
    bound = list(probes(shop).values())
    ok, lines = poll_steady(lambda: check_all(bound), RealClock(), 90.0)
    assert ok, lines


def wait_failing(probe: Any, timeout: float = 30.0) -> Any:
    """The probe's result once it fails (a cache or a reload may take a moment)."""
    clock = RealClock()
    deadline = clock.monotonic() + timeout
    result = probe.check()
    while result.ok and clock.monotonic() < deadline:
        clock.sleep(0.5)
        result = probe.check()
    return result


@pytest.fixture
def shop_clean(shop: Any) -> Iterator[Any]:
    assert_steady(shop)
    yield shop
    left = undo_leftovers(shop.project)
    assert left == [], f"faults left applied (undone now): {left}"


def test_expired_cert(shop_clean: Any) -> None:
    shop = shop_clean
    applied = inject_fault(shop, "expired_cert", {"expired_for": "3d"})
    err = tls_handshake(shop)
    assert err is not None and "expired" in err
    cert = shop.certificate()
    assert cert is not None and cert.not_after < dt.datetime.now(dt.UTC)
    browse = wait_failing(probes(shop)["browse"])
    assert not browse.ok and "expired" in browse.detail.lower()
    undo_fault(applied)
    assert tls_handshake(shop) is None
    assert_steady(shop)


def test_heavy_migration_blocks_checkout_but_not_browsing(shop_clean: Any) -> None:
    shop = shop_clean
    applied = inject_fault(shop, "heavy_migration", {"hold": "10m"})
    activity = psql(
        shop,
        "SELECT application_name, state, query FROM pg_stat_activity "
        "WHERE application_name LIKE 'migration_%'",
    )
    # The migration's own statements hold the lock (a real migration job), never a sleep.
    assert "migration_0042_add_order_status" in activity and "pg_sleep" not in activity, activity
    assert (
        "ALTER TABLE orders ADD COLUMN" in activity or "UPDATE orders SET order_status" in activity
    ), activity
    backfill = poll_until(
        lambda: psql(
            shop,
            "SELECT state || ' ' || query FROM pg_stat_activity "
            "WHERE application_name = 'migration_0042_add_order_status'",
        ),
        # between two batches: a batch's own UPDATE may still be running when it is polled
        lambda q: q.startswith("idle in transaction") and "backfill order_status, batch" in q,
        timeout=10,
        interval=0.2,
        clock=RealClock(),
    )
    assert backfill.ok and "idle in transaction" in backfill.value, backfill.value
    p = probes(shop)
    checkout = wait_failing(p["checkout"])
    assert not checkout.ok, checkout
    browse = p["browse"].check()
    assert browse.ok, browse  # browsing reads products only
    waiting = psql(
        shop,
        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "WHERE c.relname = 'orders' AND l.mode = 'AccessExclusiveLock' AND l.granted",
    )
    assert waiting == "1", waiting
    undo_fault(applied)
    assert "migration_0042" not in psql(
        shop, "SELECT string_agg(application_name, ',') FROM pg_stat_activity"
    )
    cols = psql(
        shop, "SELECT column_name FROM information_schema.columns WHERE table_name = 'orders'"
    )
    assert "order_status" not in cols  # the migration rolled back with its session
    assert_steady(shop)


def test_upstream_schema_change_breaks_checkout_with_a_telling_log_line(shop_clean: Any) -> None:
    shop = shop_clean
    since = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    applied = inject_fault(shop, "upstream_schema_change", {"version": "v2"})
    p = probes(shop)
    assert not wait_failing(p["checkout"]).ok
    assert p["browse"].check().ok
    logs = shop.container("api").logs(since=since).decode(errors="replace")
    assert "cannot parse payment response" in logs and "v2" in logs
    # a responder pins v1 (the remedy); undo must clear that pin too
    pin = REMEDIATIONS.get("pin_upstream_version")
    pin.apply(RemediationContext(target=shop, params=pin.parse_params({"version": "v1"})))
    assert psql(shop, "SELECT value FROM settings WHERE key = 'payments_version'") == "v1"
    undo_fault(applied)
    assert psql(shop, "SELECT value FROM settings WHERE key = 'payments_version'") == ""
    code, out = shop.exec("payments", ["payments-admin", "show"])
    assert code == 0 and "default response schema: v1" in out
    assert_steady(shop)


def test_bad_deploy_is_undone_to_the_recorded_version(shop_clean: Any) -> None:
    shop = shop_clean
    before = shop.deployed_version("api")
    applied = inject_fault(shop, "bad_deploy", {"service": "api", "version": "v2"})
    assert applied.entry.state == {"previous_version": before}
    assert pending_restores()[-1].state == {"previous_version": before}  # durable before acting
    assert shop.deployed_version("api") == "v2"
    assert not wait_failing(probes(shop)["checkout"]).ok
    undo_fault(applied)
    assert shop.deployed_version("api") == before
    assert_steady(shop)
