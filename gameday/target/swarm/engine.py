"""The swarm engine: a target deployed as a Docker Swarm stack named after its project.

Services are ``<project>_<service>``; each replica is a task whose container carries the same
gameday labels as on compose, plus swarm's own stack namespace. The guardrail applies to both
levels: a service is only touched if its spec is labelled as this target's and this stack's, a
container only if it is. Stack lifecycle is in ``stack``, rolling updates in ``rollout``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gameday.dockerutil import LABEL_PROJECT, LABEL_TARGET, client
from gameday.errors import GuardrailError, TargetError
from gameday.target import lifecycle
from gameday.target.swarm import rollout, stack
from gameday.target.swarm.mode import LABEL_SERVICE_NAME, LABEL_STACK, LABEL_TASK_ID, list_services
from gameday.target.swarm.views import ServiceView, service_view

if TYPE_CHECKING:
    from docker.models.containers import Container

    from gameday.target.baseimage import Progress
    from gameday.target.core import ServiceStatus, Target


class SwarmEngine:
    name = "swarm"

    # -- lifecycle and rollouts -----------------------------------------------------------------
    def up(self, t: Target, progress: Progress, *, timeout: float) -> None:
        stack.up(self, t, progress, timeout=timeout)

    def down(self, t: Target, *, keep_data: bool, progress: Progress) -> None:
        stack.down(self, t, keep_data=keep_data, progress=progress)

    def deploy(
        self, t: Target, service: str, version: str, progress: Progress, *, action: str
    ) -> None:
        rollout.deploy(self, t, service, version, progress, action=action)

    def rollback(self, t: Target, service: str, version: str, progress: Progress) -> str:
        return rollout.rollback(self, t, service, version, progress)

    def restart_service(self, t: Target, service: str, progress: Progress) -> str:
        return rollout.restart(self, t, service, progress)

    def stage(self, t: Target, service: str, version: str, progress: Progress) -> str:
        """The image only: the orchestrator starts, checks and drains tasks itself."""
        lifecycle.check_version(t, service, version)
        lifecycle.build_images(t, progress, only=service)
        return f"{service} {version}: image {lifecycle.image_for(t, service, version)} ready"

    def drop_standbys(self, t: Target, service: str | None) -> list[str]:
        return []  # a rolling update leaves no standby behind

    # -- services and tasks ---------------------------------------------------------------------
    def full_name(self, t: Target, service: str) -> str:
        return f"{t.project}_{service}"

    def find_service(self, t: Target, service: str) -> Any | None:
        """The docker Service of ``service`` (guardrail checked), or None if it does not exist."""
        full = self.full_name(t, service)
        found = [
            s
            for s in list_services(client(), {"name": full, "label": f"{LABEL_STACK}={t.project}"})
            if s.name == full
        ]
        if not found:
            return None
        check_service_guardrail(t, found[0].attrs)
        return found[0]

    def view(self, t: Target, service: str) -> ServiceView | None:
        svc = self.find_service(t, service)
        if svc is None:
            return None
        tasks = client().api.tasks(filters={"service": svc.id})  # type: ignore[no-untyped-call]
        return service_view(service, svc.attrs, tasks)

    def require_view(self, t: Target, service: str) -> ServiceView:
        view = self.view(t, service)
        if view is None:
            raise TargetError(
                f"service {service!r} of stack {t.project} does not exist",
                hint="start the target: gameday target up --engine swarm",
            )
        return view

    def task_states(self, t: Target, service: str) -> dict[str, tuple[str, str]]:
        """``{task id: (state, desired state)}`` as the orchestrator sees them right now."""
        view = self.view(t, service)
        return {task.id: (task.state, task.desired) for task in view.tasks} if view else {}

    def stack_services(self, t: Target) -> list[Any]:
        return list_services(client(), {"label": f"{LABEL_STACK}={t.project}"})

    # -- the Engine protocol --------------------------------------------------------------------
    def deployed_version(self, t: Target, service: str) -> str | None:
        view = self.view(t, service)
        return view.version if view is not None else None

    def containers(self, t: Target) -> list[Container]:
        wanted: set[str] = set()
        for svc in t.services:
            view = self.view(t, svc)
            if view is not None:
                wanted |= {task.id for task in view.current}
        found = client().containers.list(
            all=True, filters={"label": f"{LABEL_STACK}={t.project}"}, ignore_removed=True
        )
        return [c for c in found if c.labels.get(LABEL_TASK_ID) in wanted]

    def service_containers(self, t: Target, service: str) -> list[Container]:
        labels = [
            f"{LABEL_STACK}={t.project}",
            f"{LABEL_SERVICE_NAME}={self.full_name(t, service)}",
        ]
        found = client().containers.list(all=True, filters={"label": labels}, ignore_removed=True)
        # running first, then the newest: a dead task's container is history, not the service
        found.sort(key=lambda c: c.attrs.get("Created", ""), reverse=True)
        found.sort(key=lambda c: c.status != "running")
        return found

    def status(self, t: Target) -> list[ServiceStatus]:
        from gameday.target.core import ServiceStatus

        out = []
        for svc in t.services:
            view = self.view(t, svc)
            if view is None:
                out.append(ServiceStatus(svc, "absent", "absent", "", "", []))
                continue
            first = view.running[0] if view.running else None
            out.append(
                ServiceStatus(
                    service=svc,
                    state=view.state(),
                    health=view.health(),
                    image=view.image,
                    version=view.version,
                    ports=[f"0.0.0.0:{pub}->{tgt}/{proto}" for pub, tgt, proto in view.ports],
                    container=f"{view.full_name}.{first.slot}.{first.id}" if first else "",
                    replicas=f"{len(view.running)}/{view.wanted}",
                    tasks=[task.to_dict() for task in sorted(view.tasks, key=_task_order)],
                    update=view.update_state,
                )
            )
        return out

    def convergence(self, t: Target, service: str) -> str | None:
        view = self.view(t, service)
        return "no service" if view is None else view.pending()

    def published_port(self, t: Target, service: str, container_port: int) -> int | None:
        view = self.view(t, service)
        for published, target_port, proto in view.ports if view else ():
            if target_port == container_port and proto == "tcp":
                return published
        return None


def _task_order(task: Any) -> tuple[int, int, str]:
    current = 0 if task.desired in ("running", "ready") else 1
    return (current, task.slot or 0, "~" + task.timestamp if current else task.timestamp)


def check_service_guardrail(t: Target, attrs: dict[str, Any]) -> None:
    """GuardrailError unless the service spec is labelled as this target's, in this stack."""
    spec = attrs.get("Spec") or {}
    labels = spec.get("Labels") or {}
    if (
        labels.get(LABEL_TARGET) != t.name
        or labels.get(LABEL_PROJECT) != t.project
        or labels.get(LABEL_STACK) != t.project
    ):
        raise GuardrailError(
            f"refusing to touch swarm service {spec.get('Name', '?')}: it is not labelled "
            f"{LABEL_TARGET}={t.name}, {LABEL_PROJECT}={t.project} in stack {t.project}",
            hint="gameday only acts on services of a labelled staging stack",
        )
