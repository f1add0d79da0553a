"""Locust workers as a swarm service: K labelled tasks from the Debian-built image join a
master from the same image, load the shop, and everything goes by label at the end."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, client
from gameday.drill.customers import Customers, SwarmLoad
from gameday.target.lifecycle import resolve_base_image
from gameday.target.swarm import locust as swarm_locust

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def _ours(project: str) -> dict[str, list[str]]:
    docker = client()
    flt = {"label": [f"{LABEL_HELPER}={swarm_locust.HELPER}", f"{LABEL_PROJECT}={project}"]}
    return {
        "services": [s.name for s in docker.services.list(filters=flt)],
        "configs": [c.name for c in docker.configs.list(filters=flt)],
        "containers": [
            c.name for c in docker.containers.list(all=True, filters=flt, ignore_removed=True)
        ],
    }


def test_workers_run_as_a_labelled_swarm_service(swarm_shop: Any, tmp_path: Path) -> None:
    t = swarm_shop
    resolve_base_image(t, print)
    image = swarm_locust.ensure_image(str(t.base_image), print)
    c = Customers(
        locustfile=t.path / "locustfile.py",
        host=str(t.endpoints()["proxy"]),
        ca_path=t.ca_path,
        users=6,
        workdir=tmp_path / "drill",
        workers=2,
        swarm=SwarmLoad(project=t.project, target=t.name, image=image),
    )
    stats = []
    c.start()
    try:
        svc = client().services.get(swarm_locust.service_name(t.project))
        spec = svc.attrs["Spec"]
        assert spec["Mode"]["Replicated"]["Replicas"] == 2
        assert spec["Labels"][LABEL_PROJECT] == t.project
        assert spec["Labels"][LABEL_HELPER] == "locust"
        assert len(_ours(t.project)["configs"]) == 3  # locustfile, plugin, CA
        # another runner's sweep leaves a live runner's workers alone
        assert swarm_locust.remove(t.project, only_orphans=True) == []
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            time.sleep(1.0)
            stats += c.read_new(time.monotonic())
            if sum(s.interval_requests for s in stats) >= 40 and any(s.workers == 2 for s in stats):
                break
        tasks = swarm_locust.running_tasks(t.project)
    finally:
        c.stop()
    log = c.log_path.read_text()[-1500:] if c.log_path.exists() else ""
    total = sum(s.interval_requests for s in stats)
    assert total >= 40, f"only {total} requests; master log:\n{log}"
    assert max(s.workers for s in stats) == 2 and tasks == 2, log
    assert sum(s.interval_failures for s in stats) <= total * 0.05, log
    assert _ours(t.project) == {"services": [], "configs": [], "containers": []}


def test_a_dead_runners_workers_are_swept(swarm_shop: Any, tmp_path: Path) -> None:
    """What `gameday restore`/`end`/`abort` find after kill -9 of the runner: a service whose
    runner pid is gone is removed by label; nothing of anyone else's is touched."""
    t = swarm_shop
    resolve_base_image(t, print)
    image = swarm_locust.ensure_image(str(t.base_image), print)
    lf = t.path / "locustfile.py"
    dead = 2**22 + 12345  # above the default pid_max: no process has it
    assert not os.path.exists(f"/proc/{dead}")
    swarm_locust.start_workers(
        project=t.project, target=t.name, image=image, replicas=1, master_host="127.0.0.1",
        master_port=1, files={"locustfile.py": lf}, env={}, runner_pid=dead,
    )  # fmt: skip
    assert _ours(t.project)["services"]
    removed = swarm_locust.remove("", only_orphans=True)
    assert swarm_locust.service_name(t.project) in removed
    assert _ours(t.project) == {"services": [], "configs": [], "containers": []}
