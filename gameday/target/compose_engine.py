"""The compose engine: one host, one container per service, driven by the compose CLI.

Lifecycle (up/down/deploy) lives in ``lifecycle``; this class adds how compose containers are
found (compose's own project/service labels) and what their status is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.dockerutil import (
    COMPOSE_PROJECT,
    COMPOSE_SERVICE,
    LABEL_HELPER,
    LABEL_PROJECT,
    LABEL_TARGET,
    client,
    health_status,
)
from gameday.target import lifecycle, switch
from gameday.target.images import version_of

if TYPE_CHECKING:
    from docker.models.containers import Container

    from gameday.target.baseimage import Progress
    from gameday.target.core import ServiceStatus, Target

__all__ = ["COMPOSE_PROJECT", "COMPOSE_SERVICE", "ComposeEngine"]


class ComposeEngine:
    name = "compose"

    def up(self, t: Target, progress: Progress, *, timeout: float) -> None:
        lifecycle.up(t, progress, timeout=timeout)

    def down(self, t: Target, *, keep_data: bool, progress: Progress) -> None:
        lifecycle.down(t, keep_data=keep_data, progress=progress)

    def deploy(
        self, t: Target, service: str, version: str, progress: Progress, *, action: str
    ) -> None:
        self._deploy(t, service, version, progress, action)

    def rollback(self, t: Target, service: str, version: str, progress: Progress) -> str:
        how = self._deploy(t, service, version, progress, "rollback")
        return f"{how} {service} at {version}"

    def _deploy(
        self, t: Target, service: str, version: str, progress: Progress, action: str
    ) -> str:
        """Blue/green when the service allows it (``gameday.target.switch``), else compose
        recreates the container; says which."""
        lifecycle.check_version(t, service, version)
        t.container(service)  # the target must be up, and the container ours
        with switch.locked(t, service):  # decided and done while no other deploy runs
            if switch.can_switch(t, service) is None:
                switch.switch(t, service, version, progress)
                t.history.record(service, version, action)
                return "switched traffic (blue/green) to"
            lifecycle.deploy(t, service, version, progress, action=action)
        return "recreated (compose up --no-deps)"

    def stage(self, t: Target, service: str, version: str, progress: Progress) -> str:
        """A warm standby at ``version`` for a fast switch later; one line saying so."""
        lifecycle.check_version(t, service, version)
        if self.deployed_version(t, service) == version:
            return f"{service} already runs {version}"
        with switch.locked(t, service):
            reason = switch.can_switch(t, service)
            if reason is not None:
                return f"{service} {version} not staged ({reason}); it deploys the slow way"
            c = switch.stage(t, service, version, progress)
        return f"{service} {version} staged as {c.name}"

    def drop_standbys(self, t: Target, service: str | None = None) -> list[str]:
        return switch.drop_standbys(t, service)

    def deployed_version(self, t: Target, service: str) -> str | None:
        if service in t.spec.deployable:
            # what carries the traffic (blue/green); the history when nothing does
            versions = sorted({switch.version_of(c) for c in switch.active(t, service)} - {""})
            return "+".join(versions) if versions else None
        for c in self.service_containers(t, service):
            return c.labels.get("gameday.version") or tag_of(c)
        return "unknown"

    def containers(self, t: Target) -> list[Container]:
        found = client().containers.list(
            all=True,
            filters={"label": [f"{LABEL_PROJECT}={t.project}", f"{LABEL_TARGET}={t.name}"]},
            ignore_removed=True,
        )
        out = [c for c in found if c.labels.get(LABEL_HELPER) != "1"]
        return [c for c in out if not self._standby(t, c, out)]

    def service_containers(self, t: Target, service: str) -> list[Container]:
        found = client().containers.list(
            all=True,
            filters={"label": [f"{COMPOSE_PROJECT}={t.project}", f"{COMPOSE_SERVICE}={service}"]},
            ignore_removed=True,
        )
        found = [c for c in found if not self._standby(t, c, found)]
        found.sort(key=lambda c: c.status != "running")
        return found

    @staticmethod
    def _standby(t: Target, c: Container, among: list[Container]) -> bool:
        """A blue/green standby: a deployable service's container out of traffic while another
        container of it carries the traffic. Faults, probes and status see the active one."""
        service = (c.labels or {}).get(COMPOSE_SERVICE, "")
        if service not in t.spec.deployable or switch.is_active(c, service):
            return False
        return any(
            (o.labels or {}).get(COMPOSE_SERVICE) == service and switch.is_active(o, service)
            for o in among
        )

    def status(self, t: Target) -> list[ServiceStatus]:
        from gameday.target.core import ServiceStatus

        by_service = {c.labels.get(COMPOSE_SERVICE, ""): c for c in self.containers(t)}
        out = []
        for svc in t.services:
            c = by_service.get(svc)
            if c is None:
                out.append(ServiceStatus(svc, "absent", "absent", "", "", []))
                continue
            health = health_status(c.attrs) or "none"
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
        status = str((c.attrs.get("State") or {}).get("Status", c.status))
        health = health_status(c.attrs)
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
