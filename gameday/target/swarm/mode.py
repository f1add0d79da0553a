"""Is the engine a swarm manager, and does a stack of this project exist?

gameday never switches an engine into swarm mode by itself: ``docker swarm init`` changes the
engine for everyone using it (a facilitator's colleagues may run compose stacks there), so the
swarm engine asks for it with a hint instead.
"""

from __future__ import annotations

from typing import Any

from gameday.dockerutil import LABEL_SERVICE_NAME, LABEL_STACK, LABEL_TASK_ID
from gameday.errors import TargetError

__all__ = ["LABEL_SERVICE_NAME", "LABEL_STACK", "LABEL_TASK_ID", "list_services", "stack_exists"]
INIT_HINT = "put the engine in swarm mode first: docker swarm init --advertise-addr 127.0.0.1"


def swarm_info(docker: Any) -> dict[str, Any]:
    info = docker.info().get("Swarm") or {}
    return info if isinstance(info, dict) else {}


def is_manager(docker: Any) -> bool:
    info = swarm_info(docker)
    return info.get("LocalNodeState") == "active" and bool(info.get("ControlAvailable"))


def require_manager(docker: Any) -> None:
    info = swarm_info(docker)
    state = info.get("LocalNodeState") or "inactive"
    if state != "active":
        raise TargetError(
            f"the Docker engine is not in swarm mode (state: {state})", hint=INIT_HINT
        )
    if not info.get("ControlAvailable"):
        raise TargetError(
            "this Docker engine is a swarm worker: stacks are deployed from a manager",
            hint="point DOCKER_HOST at a manager node of the staging swarm",
        )


def list_services(engine: Any, filters: dict[str, Any]) -> list[Any]:
    """``services.list``, or [] on an engine that is no swarm manager (its 503): one call
    instead of asking ``docker info`` first, since status polls this often."""
    from docker.errors import APIError

    try:
        return list(engine.services.list(filters=filters))
    except APIError as exc:
        if exc.status_code == 503:
            return []
        raise


def stack_exists(project: str) -> bool:
    """True if a swarm stack named ``project`` has services (False when not in swarm mode)."""
    from gameday.dockerutil import client

    return bool(list_services(client(), {"label": f"{LABEL_STACK}={project}"}))
