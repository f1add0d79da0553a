"""The infrastructure scenarios of the catalogue prove themselves on the real shop stack:
connection-pool exhaustion, disk full, DNS failure and a crash loop after a config change.

Each passes ``selftest`` (steady, broken by its fault, fixed by the documented remedy, restored
clean). Each fault is also left live by an injector killed with ``kill -9``: the break is the
real thing a responder would find (the leaking job's sessions in ``pg_stat_activity``, a full
volume, a name that does not resolve, a container restarting), and ``gameday restore``
undoes it from the journal alone. Timings are printed (``-s``) for the closing note.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from gameday.faults._util import psql
from gameday.scenario.loader import load_scenario
from gameday.selftest import PHASES, selftest
from gameday.state import project_root
from tests.integration.test_restore_kill9 import INJECTOR, env_for, gameday_restore, mine

pytestmark = [pytest.mark.docker, pytest.mark.slow]

ROOT = project_root()
SCENARIOS = ("pool-exhaustion", "disk-full", "dns-failure", "crash-loop-config")


def _path(name: str) -> str:
    return str(ROOT / "scenarios" / f"{name}.yaml")


def _runs_this_checkouts_api(shop: Any) -> bool:
    code, out = shop.exec("api", ["ls", "/opt/shop/shop_api"])
    ours = {p.name for p in (ROOT / "targets" / "shop" / "api" / "shop_api").glob("*.py")}
    return code == 0 and ours <= set(out.split())


@pytest.fixture(autouse=True)
def _this_checkouts_images(shop: Any) -> None:
    """Image tags are shared by every checkout of the shop on one engine (git worktrees): until
    they hold the same code, another's ``up`` can move ``gameday-shop-api:v1`` to its content
    between our build and our containers' creation. ``up`` again re-tags ours and recreates."""
    for _ in range(3):
        if _runs_this_checkouts_api(shop):
            return
        shop.up(lambda _m: None)
    pytest.fail("the api runs another checkout's image (gameday-shop-api:v1 keeps moving)")


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_passes_selftest(shop: Any, name: str) -> None:
    scenario = load_scenario(_path(name))
    started = time.monotonic()
    report = selftest(scenario, target=shop)
    wall = time.monotonic() - started
    assert report.ok, (report.error, [(p.name, p.ok, p.details) for p in report.phases])
    assert [p.name for p in report.phases] == list(PHASES)
    broken = report.phase("broken")
    assert broken is not None
    should_break = {probe for f in scenario.faults for probe in f.breaks}
    failed = {ln.split()[1].rstrip(":") for ln in broken.details if ln.startswith("FAIL")}
    assert should_break <= failed, broken.details
    recovered = report.phase("recovered")
    assert recovered is not None and all(ln.startswith("ok") for ln in recovered.details)
    assert mine(shop) == []
    print(f"\n[timing] {name}: selftest {wall:.1f}s, faults {report.fault_timings}")


# --- kill -9 with the fault live: the break is real, and `gameday restore` undoes it ---------


def _api_logs(shop: Any, since: float) -> str:
    out: bytes = shop.container("api").logs(since=int(since) - 1)
    return out.decode(errors="replace")


def _pool_is_exhausted(shop: Any, since: float) -> None:
    held = psql(
        shop, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'order-export'"
    )
    assert int(held) >= 80, held
    code, out = shop.exec("api", ["pgrep", "-f", "shop_api.jobs export-orders"])
    assert code == 0, out


def _pool_released(shop: Any) -> None:
    held = psql(
        shop, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'order-export'"
    )
    assert held == "0"


def _disk_is_full(shop: Any, since: float) -> None:
    code, out = shop.exec("api", ["df", "-P", "/var/lib/shop"])
    assert code == 0 and int(out.splitlines()[1].split()[3]) < 64, out


def _disk_freed(shop: Any) -> None:
    code, out = shop.exec("api", ["ls", "/var/lib/shop"])
    assert code == 0 and "exports" not in out.split(), out


def _name_fails(shop: Any, since: float) -> None:
    assert shop.exec("api", ["getent", "hosts", "payments"])[0] != 0
    assert shop.exec("api", ["getent", "hosts", "db"])[0] == 0  # only that one name
    assert shop.exec("proxy", ["getent", "hosts", "payments"])[0] == 0  # only that service


def _name_resolves(shop: Any) -> None:
    assert shop.exec("api", ["getent", "hosts", "payments"])[0] == 0


def _crash_looping(shop: Any, since: float) -> None:
    deadline = time.monotonic() + 60
    while True:
        containers = shop.engine.service_containers(shop, "api")
        if any(int(c.attrs.get("RestartCount") or 0) > 0 for c in containers):
            break
        assert time.monotonic() < deadline, "the api never restarted by itself"
        time.sleep(1)
    assert "configuration error, refusing to start" in _api_logs(shop, since)


def _config_back(shop: Any) -> None:
    code, out = shop.exec("api", ["cat", "/etc/shop/api.conf"])
    assert code == 0 and "db_pool_size = 8" in out, out
    assert shop.exec("api", ["test", "-e", "/etc/shop/api.conf.previous"])[0] != 0


CHECKS: dict[str, tuple[Callable[[Any, float], None], Callable[[Any], None]]] = {
    "pool-exhaustion": (_pool_is_exhausted, _pool_released),
    "disk-full": (_disk_is_full, _disk_freed),
    "dns-failure": (_name_fails, _name_resolves),
    "crash-loop-config": (_crash_looping, _config_back),
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_fault_left_live_by_kill9_is_real_and_restored(shop: Any, name: str) -> None:
    [fault] = load_scenario(_path(name)).faults
    since = time.time()
    proc = subprocess.Popen(
        [sys.executable, "-c", INJECTOR, "acted", fault.type, json.dumps(fault.params),
         _path(name)],
        cwd=ROOT,
        env=env_for(shop),
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "LIVE"  # parked after verify_live passed
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
        [entry] = mine(shop)
        assert entry.type == fault.type and entry.pid == proc.pid
        live, undone = CHECKS[name]
        live(shop, since)
    finally:
        if proc.poll() is None:
            proc.kill()
        started = time.monotonic()
        result = gameday_restore(shop)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undone" in result.stdout and "holds" in result.stdout, result.stdout
    print(f"\n[timing] {name}: restore after kill -9 {time.monotonic() - started:.1f}s")
    assert mine(shop) == []
    undone(shop)
