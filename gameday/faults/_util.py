"""Small shared pieces of the built-in faults: waiting on real state, SQL in the db container,
labels for helper containers and the sweep that removes any a crashed process left.

Everything here goes through the ``Target`` (``Target.container`` enforces the guardrail), so no
built-in fault can reach a container that lacks the target's gameday labels.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from gameday.clock import Clock, poll_until
from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, LABEL_TARGET, health_status
from gameday.errors import FaultError

if TYPE_CHECKING:
    from gameday.target import Target

DB_SERVICE = "db"
DB_NAME = "shop"
DB_USER = "postgres"  # local socket, trust auth: the admin role sees and ends every session


def wait_for(
    clock: Clock, timeout: float, check: Callable[[], str | None], what: str, interval: float = 0.2
) -> None:
    """Poll ``check`` (returns None when satisfied, else what it saw) until ``timeout``."""
    polled = poll_until(
        check, lambda seen: seen is None, timeout=timeout, interval=interval, clock=clock
    )
    if not polled.ok:
        raise FaultError(f"{what}: still {polled.value} after {timeout:g}s")


def container_state(target: Target, service: str) -> str:
    """``running``, ``exited``, ``paused``... with ``(unhealthy)``/``(starting)`` if it has a
    healthcheck that is not yet healthy."""
    c = target.container(service)
    c.reload()
    status = str((c.attrs.get("State") or {}).get("Status", c.status))
    health = health_status(c.attrs)
    if status == "running" and health and health != "healthy":
        return f"running ({health})"
    return status


def psql(target: Target, sql: str, *, timeout: float = 30.0, check: bool = True) -> str:
    """Run ``sql`` with psql inside the db container (argv, no shell); return its output."""
    argv = ["psql", "-U", DB_USER, "-d", DB_NAME, "-v", "ON_ERROR_STOP=1", "-qAtc", sql]
    code, out = target.exec(DB_SERVICE, argv, timeout=timeout)
    if check and code != 0:
        raise FaultError(f"SQL failed in {DB_SERVICE} (exit {code}): {out.strip()[:300]}")
    return out.strip()


def exec_ok(target: Target, service: str, argv: Sequence[str], *, timeout: float, what: str) -> str:
    """Run ``argv`` in ``service``; its output, or a FaultError saying ``what`` failed and why."""
    code, out = target.exec(service, list(argv), timeout=timeout)
    if code != 0:
        raise FaultError(f"{what} {list(argv)} in {service} exited {code}: {out.strip()[:300]}")
    return out


def sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def helper_labels(target: Target) -> dict[str, str]:
    return {LABEL_HELPER: "1", LABEL_PROJECT: target.project, LABEL_TARGET: target.name}


def sweep_helpers(project: str) -> int:
    """Remove helper containers of ``project`` a crashed process left behind."""
    from gameday import dockerutil

    client = dockerutil.client()
    filters: dict[str, str | list[str] | bool] = {
        "label": [f"{LABEL_HELPER}=1", f"{LABEL_PROJECT}={project}"]
    }
    leftovers = client.containers.list(all=True, filters=filters, ignore_removed=True)
    for c in leftovers:
        c.remove(force=True)
    return len(leftovers)
