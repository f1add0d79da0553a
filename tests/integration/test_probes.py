"""Every probe kind against the real staging stack: healthy when it is, and a clear not-ok
detail when a real fault is in place (expired certificate, stopped container, held lock)."""

from __future__ import annotations

import datetime as dt
import sys
import time

import pytest

from gameday.probes import PROBES, bind, check_steady_state
from gameday.scenario.loader import load_scenario
from gameday.scenario.model import ProbeSpec
from gameday.state import project_root

pytestmark = pytest.mark.docker

COMPLETE = project_root() / "tests" / "data" / "scenarios" / "complete.yaml"


def spec(kind: str, **params: object) -> ProbeSpec:
    return ProbeSpec(f"it-{kind}", kind, dict(params))


def test_every_probe_kind_passes_on_the_healthy_stack(shop) -> None:
    specs = [
        spec("http", url="{proxy}/products?limit=2", body='"products"'),
        spec("http", url="{health}"),
        spec("tcp", address="{db.host}:{db.port}"),
        spec("tcp", address="{proxy}"),
        spec("sql", query="SELECT count(*) > 1000 FROM orders", expect="^t$"),
        spec("container", service="db"),
        spec("command", argv=[sys.executable, "-c", "import sys; sys.exit(0)"]),
    ]
    assert {s.kind for s in specs} == set(PROBES.names())
    results = check_steady_state(shop, specs)
    assert [r.ok for r in results] == [True] * len(specs), [r.line() for r in results]


def test_complete_example_steady_state_holds(shop) -> None:
    scenario = load_scenario(COMPLETE)
    results = check_steady_state(shop, scenario.steady_state)
    assert all(r.ok for r in results), [r.line() for r in results]


def test_http_names_an_expired_certificate(shop) -> None:
    probe = bind(shop, spec("http", url="{health}"))
    now = dt.datetime.now(dt.UTC)
    shop.install_certificate(now - dt.timedelta(days=30), now - dt.timedelta(days=1))
    try:
        r = probe.check()
        assert not r.ok
        assert "TLS certificate verification failed: certificate has expired" in r.detail
    finally:
        shop.renew_certificate()
    assert probe.check().ok


def test_sql_and_http_report_a_held_lock_within_their_timeout(shop) -> None:
    """A lock on orders: the sql probe fails on lock_timeout instead of hanging."""
    import threading

    lock = "BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;"
    holder = threading.Thread(
        target=shop.exec,
        args=("db", ["psql", "-U", "shop", "-d", "shop", "-c", lock]),
        kwargs={"timeout": 30},
        daemon=True,
    )
    lock_probe = bind(shop, spec("sql", query="SELECT count(*) FROM orders", timeout="1s"))
    browse = bind(shop, spec("http", url="{proxy}/products?limit=1"))
    holder.start()
    try:
        for _ in range(50):  # wait until the lock is really held
            r = bind(
                shop,
                spec(
                    "sql",
                    query="SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                    "WHERE c.relname = 'orders' AND l.mode = 'AccessExclusiveLock' AND l.granted",
                    expect="^1$",
                ),
            ).check()
            if r.ok:
                break
            time.sleep(0.1)
        r = lock_probe.check()
        assert not r.ok and "lock timeout" in r.detail, r.detail
        assert browse.check().ok  # browsing reads products only
    finally:
        holder.join(30)
    assert lock_probe.check().ok


def test_container_probe_sees_a_paused_service(shop) -> None:
    probe = bind(shop, spec("container", service="payments"))
    container = shop.container("payments")
    container.pause()
    try:
        r = probe.check()
        assert not r.ok and r.detail == "payments is paused"
    finally:
        container.unpause()
    # the healthcheck timed out while paused: leave the stack healthy for the next test
    for _ in range(120):
        if probe.check().ok:
            break
        time.sleep(0.5)
    assert probe.check().ok


def test_command_probe_runs_curl_against_the_proxy_with_the_staging_ca(shop) -> None:
    r = bind(shop, spec("command", argv=["curl", "-fsS", "--cacert", "{ca}", "{health}"])).check()
    assert r.ok, r.detail
