"""The second bundled target, ``targets/queue`` (web + Redis queue + worker, built from Debian
packages like the shop): it comes up on its own project and port, its front door is the web's
HTTP port, jobs really flow through redis to the worker, and its scenarios (``queue-backlog``,
``queue-redis-maxmemory``: generic faults and probes only) pass ``gameday selftest`` and leave
the stack clean.

Slow on a cold machine: the queue's own base image is an mmdebstrap run (minutes); cached, the
module takes about half a minute.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from gameday.journal import pending_restores
from gameday.scenario.loader import load_scenario
from gameday.selftest import PHASES, selftest
from gameday.state import project_root

from .conftest import running_target

pytestmark = [pytest.mark.docker, pytest.mark.slow]


@pytest.fixture(scope="module")
def queue(docker_available: None) -> Iterator[Any]:
    with running_target(project_root() / "targets" / "queue", prefix="gdqueue", tag="queue") as t:
        yield t


def _post(url: str, body: dict[str, Any], timeout: float = 10) -> tuple[int, dict[str, Any]]:
    req = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_front_door_is_the_web_and_jobs_flow(queue: Any) -> None:
    ep = queue.endpoints()
    assert ep["proxy"] == ep["entry"] == f"http://127.0.0.1:{queue.proxy_port}"
    assert ep["health"] == ep["proxy"] + "/health"
    assert queue.name == "queue" and set(queue.services) == {"redis", "web", "worker"}
    status, body = _post(ep["proxy"] + "/jobs", {"task": "it", "wait": 5})
    assert status == 200 and body["status"] == "done", body
    status, body = _post(ep["proxy"] + "/jobs", {"task": "later"})
    assert status == 202 and body["status"] == "queued"
    for c in queue.containers():  # every container carries the target's labels
        assert c.labels["gameday.target"] == "queue"
        assert c.labels["gameday.project"] == queue.project
    code, out = queue.exec("redis", ["redis-cli", "get", "stats:processed"])
    assert code == 0 and int(out.strip()) >= 1
    images = {s.service: s.image for s in queue.status()}
    assert images == {
        "redis": "gameday-queue-redis:v1",
        "web": "gameday-queue-web:v1",
        "worker": "gameday-queue-worker:v1",
    }


def test_its_base_image_is_its_own_debian_build(queue: Any) -> None:
    from gameday.dockerutil import client
    from gameday.target import baseimage

    tag = baseimage.image_tag(baseimage.packages(queue.spec.base_packages))
    assert queue.base_image == tag != baseimage.image_tag()
    assert (client().images.get(tag).labels or {}).get("gameday.base") == "1"
    code, out = queue.exec("worker", ["dpkg", "-s", "python3-redis"])
    assert code == 0 and "Status: install ok installed" in out


BREAKS = {
    "queue-backlog": {"job-roundtrip"},
    "queue-redis-maxmemory": {"submit", "job-roundtrip"},
}


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_queue_scenarios_pass_selftest(queue: Any, name: str) -> None:
    scenario = load_scenario(project_root() / "scenarios" / f"{name}.yaml")
    assert {f.type for f in scenario.faults} <= {
        "stop_service",
        "kill_service",
        "pause_service",
        "exec",
        "network_latency",
        "network_loss",
    }
    lines: list[str] = []
    report = selftest(scenario, lines.append, target=queue)
    assert report.ok, (report.error, [(p.name, p.ok, p.details) for p in report.phases])
    assert [p.name for p in report.phases] == list(PHASES)
    broken = report.phase("broken")
    assert broken is not None
    failing = {line.split()[1].rstrip(":") for line in broken.details if line.startswith("FAIL")}
    assert failing == BREAKS[name], broken.details
    assert [e for e in pending_restores() if e.project == queue.project] == []
    assert {s.service: s.state for s in queue.status()} == {
        "redis": "running",
        "web": "running",
        "worker": "running",
    }
    print(f"{name} selftest timings:", report.fault_timings)
