"""The test sessions' swarm-mode lease leaves a shared engine as it found it (fake engine)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.integration.swarm import swarmmode


class _Net:
    def __init__(self, engine: FakeEngine, name: str) -> None:
        self.engine, self.name, self.attrs = engine, name, {"Containers": {}}

    def reload(self) -> None:
        pass

    def remove(self) -> None:
        self.engine.networks_.remove(self.name)


class FakeEngine:
    def __init__(self, state: str = "inactive", gwbridge: bool = False) -> None:
        self.state = state
        self.cluster = "c1" if state == "active" else ""
        self.networks_ = ["bridge"] + (["docker_gwbridge"] if gwbridge else [])
        self.services_: list[str] = []
        self.running: list[str] = []
        self.calls: list[str] = []
        engine = self

        class Swarm:
            def init(self, **kw: Any) -> None:
                engine.calls.append(f"init {kw['advertise_addr']} {kw['listen_addr']}")
                engine.state, engine.cluster = "active", "c2"
                if "docker_gwbridge" not in engine.networks_:
                    engine.networks_.append("docker_gwbridge")

            def leave(self, force: bool = False) -> None:
                engine.calls.append("leave")
                engine.state, engine.cluster = "inactive", ""

        class Networks:
            def list(self, names: list[str]) -> list[_Net]:
                return [_Net(engine, n) for n in engine.networks_ if n in names]

        class Services:
            def list(self) -> list[str]:
                return list(engine.services_)

        class Containers:
            def list(
                self, *, ignore_removed: bool = False
            ) -> list[str]:  # running ones, like docker ps
                return list(engine.running)

        self.swarm, self.networks, self.services = Swarm(), Networks(), Services()
        self.containers = Containers()

    def info(self) -> dict[str, Any]:
        return {"ID": "ENGINE1", "Swarm": {"LocalNodeState": self.state,
                                            "Cluster": {"ID": self.cluster}}}  # fmt: skip


@pytest.fixture(autouse=True)
def lock_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(swarmmode, "LOCK_DIR", tmp_path / "locks")
    return tmp_path / "locks"


def test_a_session_that_created_the_swarm_leaves_it_and_its_gwbridge() -> None:
    engine = FakeEngine()
    lease = swarmmode.acquire(engine)
    assert lease.created and engine.calls == ["init 127.0.0.1 127.0.0.1:2377"]
    assert swarmmode.release(engine, lease) == "left the swarm the tests had created"
    assert engine.state == "inactive" and engine.networks_ == ["bridge"]


def test_a_gwbridge_that_was_there_before_stays() -> None:
    engine = FakeEngine(gwbridge=True)
    swarmmode.release(engine, swarmmode.acquire(engine))
    assert engine.networks_ == ["bridge", "docker_gwbridge"]


def test_a_swarm_that_was_on_before_is_never_left() -> None:
    engine = FakeEngine("active")
    lease = swarmmode.acquire(engine)
    assert not lease.created
    assert "it was on before the tests" in swarmmode.release(engine, lease)
    assert engine.state == "active" and engine.calls == []


def test_the_last_session_out_leaves_not_the_first(lock_dir: Path) -> None:
    engine = FakeEngine()
    first = swarmmode.acquire(engine)
    second = swarmmode.acquire(engine)  # another session (same pid here, its own holder file)
    assert not second.created
    assert "another test session" in swarmmode.release(engine, first)
    assert engine.state == "active"
    assert swarmmode.release(engine, second) == "left the swarm the tests had created"


def test_a_dead_sessions_holder_does_not_pin_the_swarm(lock_dir: Path) -> None:
    engine = FakeEngine()
    lease = swarmmode.acquire(engine)
    dead_pid = max(int(p) for p in os.listdir("/proc") if p.isdigit()) + 100_000
    (lease.holder.parent / f"holder-{dead_pid}-dead").write_text("")  # killed with -9
    assert swarmmode.release(engine, lease) == "left the swarm the tests had created"


def test_services_someone_else_started_keep_the_swarm() -> None:
    engine = FakeEngine()
    lease = swarmmode.acquire(engine)
    engine.services_.append("someone_web")
    assert "1 service(s) still on it" in swarmmode.release(engine, lease)
    assert engine.state == "active"


def test_a_swarm_recreated_by_someone_else_is_not_left() -> None:
    engine = FakeEngine()
    lease = swarmmode.acquire(engine)
    engine.cluster = "theirs"
    assert "no longer the swarm" in swarmmode.release(engine, lease)
    assert engine.state == "active"


def test_running_containers_of_anyone_keep_the_swarm() -> None:
    """Leaving swarm mode cuts the embedded DNS of every bridge-network container."""
    engine = FakeEngine()
    lease = swarmmode.acquire(engine)
    engine.running.append("someone_api_1")
    assert "1 container(s) run on the engine" in swarmmode.release(engine, lease)
    assert engine.state == "active" and "leave" not in engine.calls
