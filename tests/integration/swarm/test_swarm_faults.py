"""Faults on swarm services and tasks, on the real stack: a killed task is rescheduled by the
orchestrator, network faults reach every replica, compose-only faults refuse, and a runner
killed with -9 mid-fault is restored by ``gameday restore`` (a real ``service rollback``)."""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gameday.errors import FaultError
from gameday.faults.apply import inject_fault, undo_fault
from gameday.faults.netfault import LABEL_HELPER_KIND, net_state
from gameday.journal import pending_restores
from gameday.state import project_root

pytestmark = [pytest.mark.docker, pytest.mark.slow]

ROOT = project_root()
GAMEDAY = str(Path(sys.executable).with_name("gameday"))


def mine(target: Any) -> list[Any]:
    return [e for e in pending_restores() if e.project == target.project]


def timed_browse(target: Any, timeout: float = 20) -> tuple[float, int]:
    ctx = ssl.create_default_context(cafile=str(target.ca_path))
    start = time.perf_counter()
    try:
        url = target.endpoints()["proxy"] + "/products?limit=3"
        with urllib.request.urlopen(url, context=ctx, timeout=timeout) as resp:
            return time.perf_counter() - start, int(resp.status)
    except urllib.error.HTTPError as exc:
        return time.perf_counter() - start, int(exc.code)


def report(what: str, applied: Any, undo_seconds: float) -> None:
    t = applied.timings
    live = t.get("inject", 0) + t.get("verify_live", 0)
    print(f"\n[swarm] {what}: inject->live {live:.2f}s, undo->steady {undo_seconds:.2f}s")


def settled(target: Any, service: str = "api", replicas: int = 2) -> list[Any]:
    """Wait until the service runs all its replicas (a previous test may have just disturbed
    it), and return their containers."""
    deadline = time.monotonic() + 120
    while (
        target.convergence(service) is not None
        or len(target.service_containers(service)) != replicas
    ):
        assert time.monotonic() < deadline, target.convergence(service)
        time.sleep(0.5)
    return target.service_containers(service)


def test_kill_task_is_rescheduled_by_the_orchestrator(swarm_shop: Any) -> None:
    before = {c.id for c in settled(swarm_shop)}
    applied = inject_fault(swarm_shop, "kill_task", {"service": "api"})
    [killed] = applied.ctx.state["containers"]
    assert killed in before
    assert killed not in {c.id for c in swarm_shop.service_containers("api")}
    [entry] = mine(swarm_shop)
    assert entry.env["GAMEDAY_ENGINE"] == "swarm"
    start = time.perf_counter()
    undo_fault(applied)
    undo_seconds = time.perf_counter() - start
    report("kill_task api", applied, undo_seconds)
    after = {c.id for c in swarm_shop.service_containers("api")}
    assert len(after) == 2 and killed not in after  # a new task, not a restarted container
    api = next(r for r in swarm_shop.status() if r.service == "api")
    assert api.replicas == "2/2"
    assert any(t["state"] == "failed" and "137" in t["error"] for t in api.tasks)  # the flap
    assert mine(swarm_shop) == []


def test_network_latency_reaches_every_replica(swarm_shop: Any) -> None:
    settled(swarm_shop)
    baseline, _ = timed_browse(swarm_shop)
    # 300 ms on every packet into the api (the proxy's request, the db's answers): slower, and
    # still inside the api's 4 s statement timeout
    applied = inject_fault(swarm_shop, "network_latency", {"service": "api", "delay": "300ms"})
    try:
        for container in swarm_shop.service_containers("api"):
            _, iptables = net_state(swarm_shop, "api", "eth0", container)
            assert "gameday-latency" in iptables, container.name
        slow = [timed_browse(swarm_shop) for _ in range(4)]  # nginx alternates the replicas
        assert all(code == 200 and seconds >= 0.3 for seconds, code in slow), slow
    finally:
        start = time.perf_counter()
        undo_fault(applied)
    report("network_latency api 300ms", applied, time.perf_counter() - start)
    assert timed_browse(swarm_shop)[0] < max(0.3, baseline * 3)
    assert mine(swarm_shop) == []


def test_network_loss_on_every_replica_breaks_the_proxy_path(swarm_shop: Any) -> None:
    settled(swarm_shop)
    applied = inject_fault(swarm_shop, "network_loss", {"service": "api", "percent": 100})
    try:
        seconds, code = timed_browse(swarm_shop, timeout=30)
        assert code in (502, 504), (seconds, code)
    finally:
        start = time.perf_counter()
        undo_fault(applied)
    report("network_loss api 100%", applied, time.perf_counter() - start)
    assert timed_browse(swarm_shop)[1] == 200


def test_compose_only_faults_refuse_and_journal_nothing(swarm_shop: Any) -> None:
    for fault in ("stop_service", "kill_service", "pause_service"):
        with pytest.raises(FaultError, match="kill_task"):
            inject_fault(swarm_shop, fault, {"service": "payments"})
    assert mine(swarm_shop) == []
    assert swarm_shop.convergence("payments") is None


INJECTOR = textwrap.dedent(
    """
    import json, sys, time
    from gameday.faults import FAULTS
    from gameday.faults.apply import inject_fault
    from gameday.target import resolve_target

    fault_type, params = sys.argv[1], json.loads(sys.argv[2])
    fault = FAULTS.get(fault_type)
    real_verify = fault.verify_live
    def verify_live(ctx):
        real_verify(ctx)
        print("LIVE", flush=True)
        time.sleep(3600)
    fault.verify_live = verify_live
    inject_fault(resolve_target("targets/shop"), fault_type, params, name="kill-test",
                 scenario=sys.argv[3])
    """
)


def _env(target: Any) -> dict[str, str]:
    env = os.environ.copy()
    env.pop("GAMEDAY_ENGINE", None)  # the engine the stack was brought up with is recorded
    env.update(
        GAMEDAY_PROJECT=target.project,
        GAMEDAY_PROXY_PORT=str(target.proxy_port),
        GAMEDAY_DB_PORT=str(target.db_port),
        PYTHONPATH=str(ROOT),
    )
    return env


def _kill9_then_restore(
    target: Any,
    fault_type: str,
    params: dict,
    scenario: str,
    still_live: Callable[[], None] = lambda: None,
) -> float:
    proc = subprocess.Popen(
        [sys.executable, "-c", INJECTOR, fault_type, json.dumps(params), scenario],
        cwd=ROOT, env=_env(target), stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "LIVE"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    [entry] = mine(target)
    assert entry.pid == proc.pid and entry.env.get("GAMEDAY_ENGINE") == "swarm"
    still_live()  # the runner is gone, the fault is not
    start = time.perf_counter()
    result = subprocess.run(
        [GAMEDAY, "restore"], cwd=ROOT, env=_env(target), capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undone" in result.stdout and "holds" in result.stdout
    assert mine(target) == []
    return seconds


def test_kill9_during_a_bad_deploy_then_restore_is_a_service_rollback(swarm_shop: Any) -> None:
    scenario = str(ROOT / "scenarios" / "bad-deploy.yaml")

    def at_v2() -> None:
        assert swarm_shop.engine.require_view(swarm_shop, "api").version == "v2"

    seconds = _kill9_then_restore(
        swarm_shop, "bad_deploy", {"service": "api", "version": "v2"}, scenario, at_v2
    )
    view = swarm_shop.engine.require_view(swarm_shop, "api")
    assert view.version == "v1" and view.update_state == "rollback_completed"
    assert {t.version for t in view.running} == {"v1"} and len(view.running) == 2
    print(f"\n[swarm] restore after kill -9 of a bad deploy: {seconds:.1f}s")


def test_kill9_during_network_latency_then_restore_removes_the_delayers(swarm_shop: Any) -> None:
    from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, client

    scenario = str(ROOT / "scenarios" / "bad-deploy.yaml")  # its probes: browse and checkout
    labels = [f"{LABEL_HELPER}=1", f"{LABEL_PROJECT}={swarm_shop.project}"]
    delayers = [*labels, f"{LABEL_HELPER_KIND}=delay"]

    def one_delayer_per_replica() -> None:
        running = client().containers.list(filters={"label": delayers}, ignore_removed=True)
        assert len(running) == 2, [c.name for c in running]

    seconds = _kill9_then_restore(
        swarm_shop, "network_latency", {"service": "api", "delay": "500ms"}, scenario,
        one_delayer_per_replica,
    )  # fmt: skip
    assert client().containers.list(all=True, filters={"label": labels}, ignore_removed=True) == []
    for container in swarm_shop.service_containers("api"):
        _, iptables = net_state(swarm_shop, "api", "eth0", container)
        assert "gameday-latency" not in iptables
    print(f"\n[swarm] restore after kill -9 of network latency: {seconds:.1f}s")
