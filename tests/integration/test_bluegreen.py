"""Blue/green deploys on compose: the bad version waits warm out of traffic, the switch and
the switch back lose no customer request, and nothing is left behind after the undo."""

from __future__ import annotations

import http.client
import ssl
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from gameday.faults.apply import inject_fault, stage_fault, stage_undo, undo_fault
from gameday.target import switch

pytestmark = pytest.mark.docker


class Customers:
    """Requests through the proxy on a few threads; every answer kept."""

    def __init__(self, shop: Any, threads: int = 3) -> None:
        self.shop = shop
        self.ctx = ssl.create_default_context(cafile=str(shop.ca_path))
        self.answers: list[int | str] = []
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                conn = http.client.HTTPSConnection(
                    "127.0.0.1", self.shop.proxy_port, context=self.ctx, timeout=15
                )
                conn.request("GET", "/products?limit=2")
                resp = conn.getresponse()
                resp.read()
                conn.close()
                self.answers.append(resp.status)
            except Exception as exc:
                self.answers.append(type(exc).__name__)
            time.sleep(0.05)

    def __enter__(self) -> Customers:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(20)


def api_containers(shop: Any) -> list[str]:
    return sorted(str(c.name) for c in switch.service_containers(shop, "api"))


@pytest.fixture
def shop_api(shop: Any) -> Iterator[Any]:
    assert shop.deployed_version("api") == "v1"
    yield shop
    shop.drop_standbys()
    if shop.deployed_version("api") != "v1":
        shop.rollback("api", to="v1")
        shop.drop_standbys()


def test_a_staged_bad_deploy_switches_both_ways_without_a_failed_request(shop_api: Any) -> None:
    shop = shop_api
    params = {"service": "api", "version": "v2"}
    assert "staged" in (stage_fault(shop, "bad_deploy", params) or "")
    assert len(api_containers(shop)) == 2  # the bad version waits beside the good one
    assert [str(c.name) for c in shop.service_containers("api")] == [
        str(switch.active(shop, "api")[0].name)
    ]  # faults, probes and status see the one in traffic only
    assert shop.deployed_version("api") == "v1"
    with Customers(shop) as customers:
        time.sleep(1)
        applied = inject_fault(shop, "bad_deploy", params)
        assert shop.deployed_version("api") == "v2"
        stage_undo(applied)  # the good version warm again, out of traffic
        time.sleep(1)
        undo_fault(applied)
        time.sleep(1)
    assert shop.deployed_version("api") == "v1"
    assert len(customers.answers) > 20
    assert [a for a in customers.answers if a != 200] == []
    assert len(api_containers(shop)) == 1  # the undo leaves one container, as compose has it


def test_up_gives_compose_one_container_per_service_again(shop_api: Any) -> None:
    shop = shop_api
    shop.stage_version("api", "v2")
    assert len(api_containers(shop)) == 2
    shop.up()
    assert len(api_containers(shop)) == 1
    assert shop.deployed_version("api") == "v1"


def test_a_rollback_during_the_deploys_switch_waits_for_it(shop_api: Any) -> None:
    """The bad-deploy drill's flake, made to happen every time: the team's rollback arrives
    while the bad deploy is still switching (the alert fires as soon as the bad version takes
    traffic). It must wait for the switch and the warm-up, then switch back -- never find two
    containers in traffic and fall back to compose ("service api exited while starting")."""
    shop = shop_api
    params = {"service": "api", "version": "v2"}
    stage_fault(shop, "bad_deploy", params)
    switching = threading.Event()
    real_reload = shop.reload_router
    calls = 0

    def reload_router() -> None:  # the first reload: the bad version has just joined
        nonlocal calls
        calls += 1
        if calls == 1:
            switching.set()
            time.sleep(1.0)  # a slow, loaded machine
        real_reload()

    shop.reload_router = reload_router
    errors: list[BaseException] = []

    def rollback() -> None:
        switching.wait(60)
        try:
            shop.rollback("api", to="v1")
        except BaseException as exc:
            errors.append(exc)

    responder = threading.Thread(target=rollback)
    responder.start()
    applied = None
    try:
        applied = inject_fault(shop, "bad_deploy", params)
    finally:
        responder.join(300)
        shop.reload_router = real_reload
        if applied is not None:
            undo_fault(applied)  # the journal entry done: later tests share this state folder
    assert errors == []
    assert shop.deployed_version("api") == "v1"
    assert len(switch.active(shop, "api")) == 1
    shop.drop_standbys("api")
    assert len(api_containers(shop)) == 1
