"""Which engine a target runs on, and faults that only work on one engine (no Docker)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gameday.errors import FaultError, TargetError
from gameday.faults import registries
from gameday.faults.apply import check_engine, inject_fault
from gameday.journal import Journal
from gameday.target import resolve_target
from gameday.target.engine import (
    ENGINES,
    choose_engine,
    forget_engine,
    record_engine,
    recorded_engine,
)
from gameday.target.swarm.mode import require_manager
from gameday.target.swarm.stackfile import overlay_path
from tests.unit.fault_fakes import FakeTarget, install_fake_registries


@pytest.fixture(autouse=True)
def no_engine_env(monkeypatch: pytest.MonkeyPatch, state_dir: Path) -> None:
    monkeypatch.delenv("GAMEDAY_ENGINE", raising=False)
    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-unit")


def test_both_engines_are_registered() -> None:
    assert ENGINES.names() == ["compose", "swarm"]


def test_explicit_beats_environment_beats_record_beats_compose(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "targets" / "p"
    assert choose_engine(None, root) == "compose"
    record_engine(root, "swarm")
    assert recorded_engine(root) == "swarm"
    assert choose_engine(None, root) == "swarm"
    monkeypatch.setenv("GAMEDAY_ENGINE", "compose")
    assert choose_engine(None, root) == "compose"
    assert choose_engine("swarm", root) == "swarm"
    forget_engine(root)
    forget_engine(root)  # idempotent
    assert recorded_engine(root) is None


def test_an_unknown_engine_names_where_it_came_from(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(TargetError, match=r"--engine: unknown engine 'k8s' \(engines: compose"):
        choose_engine("k8s", tmp_path)
    monkeypatch.setenv("GAMEDAY_ENGINE", "nomad")
    with pytest.raises(TargetError, match="GAMEDAY_ENGINE: unknown engine 'nomad'"):
        choose_engine(None, tmp_path)


def test_resolve_target_picks_the_engine_without_touching_docker(state_dir: Path) -> None:
    assert resolve_target("targets/shop").engine.name == "compose"
    swarm = resolve_target("targets/shop", engine="swarm")
    assert swarm.engine.name == "swarm" and "engine='swarm'" in repr(swarm)
    record_engine(state_dir / "targets" / "gd-unit", "swarm")  # what `up --engine swarm` leaves
    assert resolve_target("targets/shop").engine.name == "swarm"


def test_the_shop_has_a_swarm_overlay_next_to_its_compose_file() -> None:
    t = resolve_target("targets/shop")
    assert overlay_path(t.compose_file).name == "docker-compose.swarm.yml"
    assert overlay_path(t.compose_file).is_file()


@dataclass
class _Engine:
    name: str


@dataclass
class EngineTarget(FakeTarget):
    engine: Any = field(default_factory=lambda: _Engine("swarm"))


def test_compose_only_faults_refuse_a_swarm_target_and_say_what_to_use() -> None:
    fault = registries().faults.get("pause_service")
    with pytest.raises(FaultError, match=r"works on compose targets, not on swarm; .*kill_task"):
        check_engine(fault, EngineTarget(), "freeze")
    assert check_engine(registries().faults.get("kill_task"), EngineTarget(), "k") == "swarm"
    with pytest.raises(FaultError, match="works on swarm targets, not on compose"):
        check_engine(
            registries().faults.get("kill_task"), EngineTarget(engine=_Engine("compose")), "k"
        )
    assert check_engine(fault, FakeTarget(), "no engine attribute") is None


def test_a_refused_fault_writes_nothing_to_the_journal() -> None:
    with pytest.raises(FaultError):
        inject_fault(EngineTarget(), "pause_service", {"service": "api"})
    assert Journal().pending() == []


def test_the_journal_records_the_engine_so_restore_finds_the_stack() -> None:
    from gameday import plugins

    saved = install_fake_registries()
    try:
        applied = inject_fault(EngineTarget(), "flag", {"flag": "x"})
        assert applied.entry.env["GAMEDAY_ENGINE"] == "swarm"
        assert applied.entry.env["GAMEDAY_PROJECT"] == "gd-unit"
    finally:
        plugins.install(saved)


class _Docker:
    def __init__(self, swarm: dict[str, Any]) -> None:
        self.swarm = swarm

    def info(self) -> dict[str, Any]:
        return {"Swarm": self.swarm}


def test_not_in_swarm_mode_is_a_clear_error_with_the_init_command() -> None:
    with pytest.raises(TargetError, match=r"not in swarm mode \(state: inactive\)") as info:
        require_manager(_Docker({"LocalNodeState": "inactive"}))
    assert "docker swarm init --advertise-addr 127.0.0.1" in (info.value.hint or "")
    with pytest.raises(TargetError, match="swarm worker"):
        require_manager(_Docker({"LocalNodeState": "active", "ControlAvailable": False}))
    require_manager(_Docker({"LocalNodeState": "active", "ControlAvailable": True}))


@pytest.mark.parametrize("project", ["Shop", "-shop", "a b", "x" * 60])
def test_a_project_that_cannot_name_a_stack_is_refused_before_docker(
    project: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gameday.target.swarm.stack import check_stack_name

    monkeypatch.setenv("GAMEDAY_PROJECT", project)
    # a name no engine takes is refused as GAMEDAY_PROJECT is read; one too long for a
    # stack's service names, by the swarm engine
    with pytest.raises(TargetError, match=r"cannot name a swarm stack|is not a project name"):
        check_stack_name(resolve_target("targets/shop", engine="swarm"))


def test_a_good_project_names_a_stack(monkeypatch: pytest.MonkeyPatch) -> None:
    from gameday.target.swarm.stack import check_stack_name

    monkeypatch.setenv("GAMEDAY_PROJECT", "gdswarm-1a2b.x_y")
    check_stack_name(resolve_target("targets/shop", engine="swarm"))


def test_gameday_faults_says_which_engine_a_fault_needs(capsys: pytest.CaptureFixture[str]) -> None:
    from gameday.cli import main

    assert main(["faults", "kill_task"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "engines: swarm only; on compose, kill_service" in out
