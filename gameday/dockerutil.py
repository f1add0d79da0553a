"""One lazily-created Docker SDK client, and the label vocabulary every part selects by.

``docker`` is imported on first use only: responder commands that never touch Docker must
start fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from gameday.errors import DockerUnavailable

if TYPE_CHECKING:
    import docker

LABEL_TARGET = "gameday.target"  # target name, e.g. "shop"
LABEL_PROJECT = "gameday.project"  # compose project name, e.g. "gameday-shop"
LABEL_HELPER = "gameday.helper"  # "1" on short-lived helper containers (netem, psql ...)
# compose's own labels on every container it makes (and on blue/green standbys gameday makes)
COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"
COMPOSE_NUMBER = "com.docker.compose.container-number"
# Docker Swarm's own labels on what a stack creates (services, networks, task containers)
LABEL_STACK = "com.docker.stack.namespace"
LABEL_SERVICE_NAME = "com.docker.swarm.service.name"
LABEL_TASK_ID = "com.docker.swarm.task.id"


@lru_cache(maxsize=1)
def client() -> docker.DockerClient:
    try:
        import docker
    except ImportError as exc:  # pragma: no cover - dependency missing means a broken install
        raise DockerUnavailable(f"the docker Python package is not installed: {exc}") from None
    try:
        c = docker.from_env(timeout=120)
        c.ping()
    except Exception as exc:
        raise DockerUnavailable(
            f"no Docker engine reachable ({exc.__class__.__name__}: {exc})",
            hint="start the Docker daemon, or set DOCKER_HOST",
        ) from None
    return c


def health_status(attrs: Mapping[str, Any]) -> str | None:
    """``healthy``, ``starting`` or ``unhealthy`` from a container's inspect attributes; None
    when it has no health check (or the engine has not said yet)."""
    status = ((attrs.get("State") or {}).get("Health") or {}).get("Status")
    return str(status) if status else None


def health_command(attrs: Mapping[str, Any]) -> list[str] | None:
    """The argv the engine runs for a container's health check (a ``CMD-SHELL`` test through
    ``/bin/sh -c``, as ``docker events`` shows its exec), None without one."""
    test = ((attrs.get("Config") or {}).get("Healthcheck") or {}).get("Test") or []
    if not test or test[0] == "NONE":
        return None
    if test[0] == "CMD-SHELL":
        return ["/bin/sh", "-c", " ".join(test[1:])]
    return [str(a) for a in (test[1:] if test[0] == "CMD" else test)]
