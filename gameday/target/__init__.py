"""The staging target: base image, engines (compose, swarm), CA and certificates, deploy/rollback,
status.

Contract in ``docs/architecture.md`` ("The staging target contract")::

    t = resolve_target("targets/shop")   # a folder, or the name of a running compose project
    t = resolve_target("targets/shop", engine="swarm")   # the same target as a swarm stack
    t.up(); t.status(); t.exec("db", ["psql", ...]); t.deploy("api", "v2"); t.rollback("api")
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import state
from gameday.errors import TargetError
from gameday.target.engine import choose_engine, make_engine
from gameday.target.settings import TargetSpec, default_project, find_compose_file, read_spec

if TYPE_CHECKING:
    from gameday.target.core import ServiceStatus, Target

__all__ = ["DEFAULT_TARGET", "ServiceStatus", "Target", "default_target_path", "resolve_target"]


def __getattr__(name: str) -> Any:
    """``Target`` and ``ServiceStatus`` on first use: reading a compose file's ``x-gameday``
    (``gameday validate``) must not load Docker, TLS and the engines."""
    if name in ("Target", "ServiceStatus"):
        from gameday.target import core

        return getattr(core, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DEFAULT_TARGET = "targets/shop"


def default_target_path() -> Path:
    return state.project_root() / DEFAULT_TARGET


def resolve_target(
    spec: str | Path | None = None,
    *,
    project: str | None = None,
    base_image: str | None = None,
    engine: str | None = None,
) -> Target:
    """A folder with a compose file (relative to the cwd or the checkout), else a compose project
    or swarm stack of that name.

    ``project`` overrides ``GAMEDAY_PROJECT``; the default project is ``gameday-<target name>``.
    ``engine`` (compose, swarm) overrides ``GAMEDAY_ENGINE`` and the engine the project was
    brought up with (see ``gameday.target.engine``).
    """
    raw = str(spec) if spec is not None else str(default_target_path())
    for candidate in (Path(raw).expanduser(), state.project_root() / raw):
        folder = candidate.parent if candidate.is_file() else candidate
        if folder.is_dir():
            compose_file = candidate if candidate.is_file() else find_compose_file(folder)
            if compose_file is None:
                raise TargetError(f"{folder} has no docker-compose.yml (or compose.yaml)")
            from gameday.target.core import Target

            folder = folder.resolve()
            tspec = read_spec(compose_file.resolve(), folder.name)
            name = project or default_project(tspec.name)
            return Target(
                folder,
                compose_file.resolve(),
                tspec,
                name,
                base_image=base_image,
                engine=make_engine(_engine_name(engine, name)),
            )
    return _from_project(raw, base_image, engine)


def _engine_name(explicit: str | None, project: str) -> str:
    return choose_engine(explicit, state.state_dir() / "targets" / project)


def _from_project(name: str, base_image: str | None, engine: str | None) -> Target:
    """A target from a running compose project's (or swarm stack's) labels: any compose
    project can be a target."""
    from gameday.dockerutil import LABEL_TARGET, client
    from gameday.target.core import COMPOSE_PROJECT, Target

    chosen = _engine_name(engine, name)
    if chosen == "swarm":
        return _from_stack(name, base_image)
    found = client().containers.list(
        all=True, filters={"label": f"{COMPOSE_PROJECT}={name}"}, ignore_removed=True
    )
    if not found:
        raise TargetError(
            f"unknown target {name!r}: not a folder with a compose file, nor a compose project "
            "with containers",
            hint=f"try --target {DEFAULT_TARGET}",
        )
    labels = found[0].labels
    workdir = Path(labels.get("com.docker.compose.project.working_dir", "."))
    files = labels.get("com.docker.compose.project.config_files", "")
    compose_file = Path(files.split(",")[0]) if files else workdir / "docker-compose.yml"
    if not compose_file.is_absolute():
        compose_file = workdir / compose_file
    if compose_file.is_file():
        tspec = read_spec(compose_file, labels.get(LABEL_TARGET) or name)
    else:
        services = sorted({c.labels.get("com.docker.compose.service", "") for c in found} - {""})
        tspec = TargetSpec(name=labels.get(LABEL_TARGET) or name, services=tuple(services))
    return Target(workdir, compose_file, tspec, name, base_image=base_image)


def _from_stack(name: str, base_image: str | None) -> Target:
    """A target from a swarm stack's service labels (the stack file records its compose file)."""
    from gameday.dockerutil import LABEL_TARGET, client
    from gameday.target.core import Target
    from gameday.target.swarm.mode import LABEL_STACK, list_services
    from gameday.target.swarm.stackfile import LABEL_COMPOSE_FILE, LABEL_SERVICE

    found = list_services(client(), {"label": f"{LABEL_STACK}={name}"})
    if not found:
        raise TargetError(
            f"unknown target {name!r}: not a folder with a compose file, nor a swarm stack "
            "with services",
            hint=f"try --target {DEFAULT_TARGET}",
        )
    labels = found[0].attrs.get("Spec", {}).get("Labels") or {}
    compose_file = Path(labels.get(LABEL_COMPOSE_FILE) or "docker-compose.yml")
    if compose_file.is_file():
        tspec = read_spec(compose_file, labels.get(LABEL_TARGET) or name)
    else:
        services = sorted(
            (s.attrs.get("Spec", {}).get("Labels") or {}).get(LABEL_SERVICE)
            or s.name.removeprefix(f"{name}_")
            for s in found
        )
        tspec = TargetSpec(name=labels.get(LABEL_TARGET) or name, services=tuple(services))
    return Target(
        compose_file.parent, compose_file, tspec, name, base_image=base_image,
        engine=make_engine("swarm"),
    )  # fmt: skip
