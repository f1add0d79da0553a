"""``container``: the service's container is running (and healthy, if it has a healthcheck).

Goes through ``Target.container`` so it only ever looks at the target's labelled containers.
"""

from __future__ import annotations

from typing import Any

from gameday.probes.base import ProbeResult, ProbeType
from gameday.records import record


@record
class ContainerParams:
    service: str
    healthy: bool = True  # require "healthy" when the container defines a healthcheck


def check_container(target: Any, p: ContainerParams) -> ProbeResult:
    try:
        c = target.container(p.service)
        attrs = c.attrs if getattr(c, "attrs", None) else {}
        state = attrs.get("State") or {}
        if not state:
            c.reload()
            state = c.attrs.get("State") or {}
    except Exception as exc:  # missing container, Docker down, guardrail
        return ProbeResult(False, f"{p.service}: {exc}")
    status = str(state.get("Status") or getattr(c, "status", "unknown"))
    health = (state.get("Health") or {}).get("Status")
    if status != "running":
        code = state.get("ExitCode")
        extra = f" (exit code {code})" if status == "exited" and code is not None else ""
        return ProbeResult(False, f"{p.service} is {status}{extra}")
    if p.healthy and health and health != "healthy":
        return ProbeResult(False, f"{p.service} is running but {health}")
    return ProbeResult(True, f"{p.service} is running" + (f" ({health})" if health else ""))


PROBE = ProbeType(
    name="container",
    params=ContainerParams,
    check=check_container,
    summary="a service's container is running (and healthy when it has a healthcheck)",
)
