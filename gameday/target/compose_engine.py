"""The compose engine: one host, one container per service, driven by the compose CLI.

Lifecycle (up/down/deploy) lives in ``lifecycle``; this class adds how compose containers are
found (compose's own project/service labels) and what their status is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, LABEL_TARGET, client
from gameday.target import lifecycle
from gameday.target.images import version_of

if TYPE_CHECKING:
    from docker.models.containers import Container

    from gameday.target.baseimage import Progress
    from gameday.target.core import ServiceStatus, Target

COMPOSE_PROJECT = "com.docker.compose.project"
COMPOSE_SERVICE = "com.docker.compose.service"


class ComposeEngine:
    name = "compose"

    def up(self, t: Target, progress: Progress, *, timeout: float) -> None:
        lifecycle.up(t, progress, timeout=timeout)

    def down(self, t: Target, *, keep_data: bool, progress: Progress) -> None:
        lifecycle.down(t, keep_data=keep_data, progress=progress)

    def deploy(
        self, t: Target, service: str, version: str, progress: Progress, *, action: str
    ) -> None:
        lifecycle.deploy(t, service, version, progress, action=action)

    def rollback(self, t: Target, service: str, version: str, progress: Progress) -> str:
        lifecycle.deploy(t, service, version, progress, action="rollback")
        return f"recreated {service} at {version} (compose up --no-deps)"

    def deployed_version(self, t: Target, service: str) -> str | None:
        if service in t.spec.deployable:
            return None  # compose recreates from the history's version: that is the truth
        for c in self.service_containers(t, service):
            return c.labels.get("gameday.version") or tag_of(c)
        return "unknown"

    def containers(self, t: Target) -> list[Container]:
        found = client().containers.list(
            all=True,
            filters={"label": [f"{LABEL_PROJECT}={t.project}", f"{LABEL_TARGET}={t.name}"]},
        )
        return [c for c in found if c.labels.get(LABEL_HELPER) != "1"]

    def service_containers(self, t: Target, service: str) -> list[Container]:
        found = client().containers.list(
            all=True,
            filters={"label": [f"{COMPOSE_PROJECT}={t.project}", f"{COMPOSE_SERVICE}={service}"]},
        )
        found.sort(key=lambda c: c.status != "running")
        return found

    def status(self, t: Target) -> list[ServiceStatus]:
        from gameday.target.core import ServiceStatus

        by_service = {c.labels.get(COMPOSE_SERVICE, ""): c for c in self.containers(t)}
        out = []
        for svc in t.services:
            c = by_service.get(svc)
            if c is None:
                out.append(ServiceStatus(svc, "absent", "absent", "", "", []))
                continue
            health = (c.attrs.get("State", {}).get("Health") or {}).get("Status", "none")
            out.append(
                ServiceStatus(
                    service=svc,
                    state=c.status,
                    health=health,
                    image=c.attrs.get("Config", {}).get("Image", ""),
                    version=c.labels.get("gameday.version") or tag_of(c),
                    ports=ports_of(c),
                    container=c.name or "",
                )
            )
        return out

    def convergence(self, t: Target, service: str) -> str | None:
        found = self.service_containers(t, service)
        if not found:
            return "no container"
        c = found[0]
        c.reload()
        state = c.attrs.get("State", {})
        status = str(state.get("Status", c.status))
        health = (state.get("Health") or {}).get("Status")
        if status != "running":
            return status
        return None if health in (None, "healthy") else f"running ({health})"

    def published_port(self, t: Target, service: str, container_port: int) -> int | None:
        for c in self.service_containers(t, service):
            bindings = (c.attrs.get("NetworkSettings", {}).get("Ports") or {}).get(
                f"{container_port}/tcp"
            )
            for b in bindings or []:
                if b.get("HostPort"):
                    return int(b["HostPort"])
        return None

    def restart_service(self, t: Target, service: str, progress: Progress) -> str:
        c = t.container(service)
        c.reload()
        if c.status == "paused":
            c.unpause()
        elif c.status == "running":
            c.restart()
        else:
            c.start()
        return f"started {service}"


def ports_of(container: Container) -> list[str]:
    out = []
    for cport, bindings in (container.attrs.get("NetworkSettings", {}).get("Ports") or {}).items():
        for b in bindings or []:
            out.append(f"{b.get('HostIp') or '0.0.0.0'}:{b.get('HostPort')}->{cport}")
    return sorted(out)


def tag_of(container: Container) -> str:
    return version_of(container.attrs.get("Config", {}).get("Image", ""))
