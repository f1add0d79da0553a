"""The engine a target runs on: compose on one host, or a Docker Swarm stack.

``Target`` keeps what is the same on every engine (the label guardrail, exec, certificates,
endpoints); an ``Engine`` does what differs: bring the stack up and down, find a service's
containers, deploy and roll back, report status and convergence. Faults and probes only ever
talk to ``Target``, so the seed scenarios run unchanged on either engine.

Which engine a target uses is decided once, in ``resolve_target``: the explicit argument
(``--engine``), else ``GAMEDAY_ENGINE``, else the engine the project was last brought up with
(``<state_dir>/targets/<project>/engine``, written by ``up``), else compose. The recorded engine is
what lets a responder's ``gameday rollback api`` or a ``gameday restore`` after ``kill -9`` find a
swarm stack without being told.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from gameday.errors import TargetError
from gameday.registry import Registry

if TYPE_CHECKING:
    from docker.models.containers import Container

    from gameday.target.baseimage import Progress
    from gameday.target.core import ServiceStatus, Target

DEFAULT_ENGINE = "compose"
ENGINE_ENV = "GAMEDAY_ENGINE"
ENGINE_FILE = "engine"
"""Text file under a project's state folder naming the engine its stack was brought up with."""


class Engine(Protocol):
    """What differs between compose and an orchestrator. Every method takes the ``Target``."""

    name: str

    def up(self, t: Target, progress: Progress, *, timeout: float) -> None: ...

    def down(self, t: Target, *, keep_data: bool, progress: Progress) -> None: ...

    def deploy(
        self, t: Target, service: str, version: str, progress: Progress, *, action: str
    ) -> None: ...

    def rollback(self, t: Target, service: str, version: str, progress: Progress) -> str:
        """Return ``service`` to ``version``; one line saying how (``service rollback``...)."""
        ...

    def stage(self, t: Target, service: str, version: str, progress: Progress) -> str:
        """Ready ``version`` of ``service`` ahead of a deploy, out of traffic; one line."""
        ...

    def drop_standbys(self, t: Target, service: str | None) -> list[str]:
        """Remove what ``stage`` left out of traffic; the names removed."""
        ...

    def deployed_version(self, t: Target, service: str) -> str | None:
        """What the engine itself says runs (None: ask the deploy history)."""
        ...

    def containers(self, t: Target) -> list[Container]:
        """The containers of the stack as it should run now (no helpers, no dead tasks)."""
        ...

    def service_containers(self, t: Target, service: str) -> list[Container]:
        """Every container of ``service``, running ones first (guardrail not yet checked)."""
        ...

    def status(self, t: Target) -> list[ServiceStatus]: ...

    def convergence(self, t: Target, service: str) -> str | None:
        """None once ``service`` runs as declared (all replicas, healthy), else what is not."""
        ...

    def published_port(self, t: Target, service: str, container_port: int) -> int | None: ...

    def restart_service(self, t: Target, service: str, progress: Progress) -> str: ...


EngineFactory = Callable[[], Engine]


def _check_engine(name: str, factory: EngineFactory) -> None:
    if not callable(factory):
        raise TargetError(f"engine {name!r} must be registered as a factory (a callable)")


ENGINES: Registry[EngineFactory] = Registry("target engine", _check_engine)


def _compose() -> Engine:
    from gameday.target.compose_engine import ComposeEngine

    return ComposeEngine()


def _swarm() -> Engine:
    from gameday.target.swarm.engine import SwarmEngine

    return SwarmEngine()


ENGINES.register("compose", _compose)
ENGINES.register("swarm", _swarm)


def engine_file(state_root: Path) -> Path:
    return state_root / ENGINE_FILE


def recorded_engine(state_root: Path) -> str | None:
    try:
        name = engine_file(state_root).read_text().strip()
    except OSError:
        return None
    return name or None


def record_engine(state_root: Path, name: str) -> None:
    from gameday.state import fsync_write

    state_root.mkdir(parents=True, exist_ok=True)
    fsync_write(engine_file(state_root), f"{name}\n".encode())


def forget_engine(state_root: Path) -> None:
    engine_file(state_root).unlink(missing_ok=True)


def choose_engine(explicit: str | None, state_root: Path) -> str:
    """The engine name in force for a project (see the module docstring for the order)."""
    for source, value in (
        ("--engine", explicit),
        (ENGINE_ENV, os.environ.get(ENGINE_ENV)),
        (str(engine_file(state_root)), recorded_engine(state_root)),
    ):
        name = (value or "").strip()
        if name:
            if name not in ENGINES:
                raise TargetError(
                    f"{source}: unknown engine {name!r} (engines: {', '.join(ENGINES.names())})"
                )
            return name
    return DEFAULT_ENGINE


def make_engine(name: str) -> Engine:
    if name not in ENGINES:
        raise TargetError(f"unknown engine {name!r} (engines: {', '.join(ENGINES.names())})")
    return ENGINES.get(name)()
