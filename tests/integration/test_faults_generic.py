"""Generic faults on the real shop stack, and the guardrail against an unlabelled decoy.

Each fault goes through the journal (``inject_fault``), is verified live by its own check and
by what a client sees, then undone and verified; the stack must be steady afterwards.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from gameday import dockerutil
from gameday.clock import RealClock
from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, LABEL_TARGET
from gameday.errors import GuardrailError
from gameday.faults._util import container_state
from gameday.faults.apply import inject_fault, undo_fault
from gameday.faults.netfault import net_state
from gameday.faults.restore import poll_steady
from gameday.journal import pending_restores
from gameday.probes.runner import bind_all, check_all
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from tests.integration.conftest import undo_leftovers

pytestmark = pytest.mark.docker


def _probes(shop: Any) -> Any:
    scenario = load_scenario(project_root() / "scenarios" / "bad-deploy.yaml")
    return bind_all(shop, scenario.steady_state)


def assert_steady(shop: Any) -> None:
    bound = _probes(shop)
    ok, lines = poll_steady(lambda: check_all(bound), RealClock(), 90.0)
    assert ok, lines


def _helpers(project: str) -> list[Any]:
    filters = {"label": [f"{LABEL_HELPER}=1", f"{LABEL_PROJECT}={project}"]}
    return dockerutil.client().containers.list(all=True, filters=filters, ignore_removed=True)


@pytest.fixture
def clean_after(shop: Any) -> Iterator[Any]:
    yield shop
    left = undo_leftovers(shop.project)
    assert left == [], f"faults left applied (undone now): {left}"
    assert _helpers(shop.project) == []


@pytest.mark.parametrize(
    ("fault_type", "params", "live_state"),
    [
        ("stop_service", {"service": "payments", "grace": "2s"}, "exited"),
        ("kill_service", {"service": "payments"}, "exited"),
        ("pause_service", {"service": "payments"}, "paused"),
    ],
)
def test_container_faults_really_stop_and_come_back(
    clean_after: Any, fault_type: str, params: dict, live_state: str
) -> None:
    shop = clean_after
    applied = inject_fault(shop, fault_type, params, name=fault_type)
    assert container_state(shop, "payments") == live_state
    results = check_all([b for b in _probes(shop) if b.name == "checkout"])
    assert not results[0].ok  # checkout needs payments: customers notice
    undo_fault(applied)
    assert container_state(shop, "payments") == "running"
    assert_steady(shop)


def _net(shop: Any) -> str:
    tc, iptables = net_state(shop, "payments", "eth0")
    return tc + iptables


def _ping_ms(shop: Any) -> float:
    code, out = shop.exec("api", ["ping", "-c", "1", "-W", "5", "payments"], timeout=20)
    assert code == 0, out
    return float(out.split("time=")[1].split()[0])  # the real ICMP round trip, in ms


def test_network_latency_really_delays_packets(clean_after: Any) -> None:
    shop = clean_after
    applied = inject_fault(shop, "network_latency", {"service": "payments", "delay": "400ms"})
    state = _net(shop)
    assert ("netem" in state and "delay 400ms" in state) or "gameday-latency" in state
    assert _ping_ms(shop) >= 400  # every packet held 400 ms: the effect, not a timing budget
    undo_fault(applied)
    state = _net(shop)
    assert "netem" not in state and "gameday-latency" not in state
    assert _ping_ms(shop) < 400
    assert_steady(shop)


def test_network_loss_drops_packets(clean_after: Any) -> None:
    shop = clean_after
    applied = inject_fault(shop, "network_loss", {"service": "payments", "percent": 100})
    state = _net(shop)
    assert "loss 100%" in state or "gameday-loss" in state
    code, _ = shop.exec("api", ["ping", "-c", "2", "-W", "1", "payments"], timeout=20)
    assert code != 0  # every packet dropped
    undo_fault(applied)
    assert "gameday-loss" not in _net(shop)
    _ping_ms(shop)
    assert_steady(shop)


def test_netfilter_latency_survives_the_injector_and_is_swept(clean_after: Any) -> None:
    """The delayer outlives the process that started it; restore removes rule and helper."""
    from gameday.faults.restore import restore

    shop = clean_after
    params = {"service": "payments", "delay": "300ms", "method": "netfilter"}
    applied = inject_fault(shop, "network_latency", params)
    assert [h.labels.get("gameday.helper.kind") for h in _helpers(shop.project)] == ["delay"]
    assert _ping_ms(shop) >= 300
    report = restore(only={applied.entry.id}, targets={shop.project: shop}, check_steady=False)
    assert report.ok
    assert "gameday-latency" not in _net(shop)
    assert _ping_ms(shop) < 300


def test_exec_fault_runs_argv_and_its_undo(clean_after: Any) -> None:
    shop = clean_after
    marker = f"/tmp/gameday-exec-{uuid.uuid4().hex[:6]}"
    params = {
        "service": "api",
        "argv": ["touch", marker],
        "undo_argv": ["rm", "-f", marker],
        "verify_argv": ["test", "-e", marker],
        "verify_undone_argv": ["test", "!", "-e", marker],
    }
    applied = inject_fault(shop, "exec", params)
    assert shop.exec("api", ["ls", marker])[0] == 0
    undo_fault(applied)
    assert shop.exec("api", ["ls", marker])[0] != 0


# --- guardrail ---------------------------------------------------------------------------


@pytest.fixture
def decoy(shop: Any) -> Iterator[tuple[Any, Any]]:
    """An unlabelled container posing as the api of a project of ours; removed after."""
    from gameday.target import resolve_target
    from gameday.target.baseimage import image_tag

    project = f"gd-b2-decoy-{uuid.uuid4().hex[:6]}"
    client = dockerutil.client()
    container = client.containers.run(
        shop.base_image or image_tag(),
        ["sleep", "3600"],
        name=project,
        labels={
            "com.docker.compose.project": project,
            "com.docker.compose.service": "api",
            "gameday.test-decoy": "b2",
        },
        detach=True,
    )
    try:
        yield resolve_target(shop.path, project=project), container
    finally:
        container.remove(force=True)
        for h in _helpers(project):
            h.remove(force=True)


@pytest.mark.parametrize(
    ("fault_type", "params"),
    [
        ("pause_service", {"service": "api"}),
        ("kill_service", {"service": "api"}),
        ("network_latency", {"service": "api", "delay": "1s"}),
        ("exec", {"service": "api", "argv": ["touch", "/tmp/touched"]}),
        ("bad_deploy", {"service": "api", "version": "v2"}),
    ],
)
def test_faults_refuse_an_unlabelled_container(
    decoy: tuple[Any, Any], fault_type: str, params: dict
) -> None:
    target, container = decoy
    container.reload()
    started = container.attrs["State"]["StartedAt"]
    before = len(pending_restores())
    with pytest.raises(GuardrailError, match="not labelled"):
        inject_fault(target, fault_type, params)
    container.reload()
    assert container.status == "running"
    assert container.attrs["State"]["StartedAt"] == started  # never restarted or killed
    assert container.exec_run(["test", "-e", "/tmp/touched"]).exit_code != 0
    assert len(pending_restores()) == before  # nothing journalled: nothing acted
    assert _helpers(target.project) == []


def test_a_container_labelled_for_another_project_is_refused(shop: Any) -> None:
    """Right target name, wrong project: still not ours."""
    client = dockerutil.client()
    project = f"gd-b2-decoy-{uuid.uuid4().hex[:6]}"
    from gameday.target import resolve_target
    from gameday.target.baseimage import image_tag

    c = client.containers.run(
        shop.base_image or image_tag(),
        ["sleep", "3600"],
        name=project,
        labels={
            "com.docker.compose.project": project,
            "com.docker.compose.service": "payments",
            LABEL_TARGET: shop.name,
            LABEL_PROJECT: "somebody-elses-project",
        },
        detach=True,
    )
    try:
        target = resolve_target(shop.path, project=project)
        with pytest.raises(GuardrailError):
            inject_fault(target, "stop_service", {"service": "payments"})
        time.sleep(0.5)
        c.reload()
        assert c.status == "running"
    finally:
        c.remove(force=True)
