"""Fixtures for the swarm engine's tests: a single-node swarm and the shop deployed on it.

``swarm_mode`` (session)
    The engine in swarm mode for this session (see ``swarmmode``: created if needed; given back
    in ``pytest_sessionfinish``, after every fixture's stack is down, and left only if a test
    session created it and no container at all runs on the engine any more).

``swarm_shop`` (session) -> ``gameday.target.Target``
    ``targets/shop`` deployed as a stack under a unique name (``gdswarm-<random>``), on free
    ports, converged. Same rules as the compose ``shop`` fixture: leave it as you found it,
    never take it down. At the end the stack is removed, then every service, container, network,
    volume, config and secret labelled with its project, even after failures.

``swarm_env`` (function) -> dict
    ``GAMEDAY_PROJECT``/ports/``GAMEDAY_ENGINE`` of ``swarm_shop`` set in ``os.environ`` for one
    test (for subprocesses and in-process CLI calls) and returned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from docker.errors import NotFound

from ..conftest import isolated_env
from . import swarmmode


def remove_swarm_project(project: str) -> list[str]:
    """Remove everything labelled with ``project``; return what had to be removed."""
    from gameday.dockerutil import LABEL_PROJECT, client
    from gameday.target.swarm.mode import list_services

    docker = client()
    label = {"label": f"{LABEL_PROJECT}={project}"}
    removed = []
    for svc in list_services(docker, label):
        removed.append(f"service {svc.name}")
        svc.remove()
    for c in docker.containers.list(all=True, filters=label, ignore_removed=True):
        removed.append(f"container {c.name}")
        try:
            c.remove(force=True, v=True)
        except NotFound:  # swarm reaped it meanwhile
            pass
    if swarmmode_active(docker):
        for kind, items in (("config", docker.configs), ("secret", docker.secrets)):
            for item in items.list(filters=label):
                removed.append(f"{kind} {item.name}")
                item.remove()
    for n in docker.networks.list(filters=label):
        removed.append(f"network {n.name}")
        n.remove()
    for v in docker.volumes.list(filters=label):
        removed.append(f"volume {v.name}")
        v.remove(force=True)
    return removed


def swarmmode_active(docker: Any) -> bool:
    return (docker.info().get("Swarm") or {}).get("LocalNodeState") == "active"


_LEASES: list[swarmmode.Lease] = []


@pytest.fixture(scope="session")
def swarm_mode(docker_available: None) -> None:
    from gameday.dockerutil import client

    lease = swarmmode.acquire(client())
    _LEASES.append(lease)
    print(f"[swarm fixture] swarm mode {'created' if lease.created else 'already on'}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Give swarm mode back only now: every session fixture (the compose ``shop`` too) has
    been torn down, so leaving cannot cut a stack of this session off its DNS."""
    from gameday.dockerutil import client

    while _LEASES:
        print(f"\n[swarm fixture] {swarmmode.release(client(), _LEASES.pop())}")


@pytest.fixture(scope="session")
def swarm_shop(swarm_mode: None) -> Iterator[Any]:
    from gameday.target import resolve_target

    env = isolated_env("gdswarm")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        target = resolve_target(None, engine="swarm")
    try:
        target.up(lambda msg: print(f"[swarm fixture] {msg}", flush=True))
        yield target
    finally:
        try:
            target.down()
        finally:
            left = remove_swarm_project(env["GAMEDAY_PROJECT"])
            if left:
                print(f"[swarm fixture] down left {left}; removed them")


@pytest.fixture
def swarm_env(swarm_shop: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "GAMEDAY_PROJECT": swarm_shop.project,
        "GAMEDAY_PROXY_PORT": str(swarm_shop.proxy_port),
        "GAMEDAY_DB_PORT": str(swarm_shop.db_port),
        "GAMEDAY_ENGINE": "swarm",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env
