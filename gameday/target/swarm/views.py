"""What a swarm service is doing, folded from the engine's own service and task documents.

Pure (plain dicts in, frozen values out) so every convergence decision is unit-tested without an
engine: a service has converged when as many tasks as it wants run its *current* image (swarm
reports a task ``running`` only after its healthcheck passed), no task of an older spec is still
running, and no rolling update or rollback is in progress.
"""

from __future__ import annotations

from typing import Any

from gameday.records import record
from gameday.target.images import version_of

ACTIVE_STATES = ("new", "allocated", "pending", "assigned", "accepted", "preparing", "ready",
                 "starting", "running")  # fmt: skip
UPDATING = ("updating", "rollback_started")
PAUSED = ("paused", "rollback_paused")


def strip_digest(image: str) -> str:
    """``img:v1@sha256:...`` -> ``img:v1`` (a resolved image reference names the same tag)."""
    return image.split("@", 1)[0]


@record
class TaskView:
    id: str
    slot: int | None
    state: str  # new ... running, complete, shutdown, failed, rejected, orphaned
    desired: str  # running, shutdown, ...
    image: str
    error: str
    message: str
    container_id: str
    node: str
    timestamp: str

    @property
    def version(self) -> str:
        return version_of(self.image)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id[:12],
            "slot": self.slot,
            "state": self.state,
            "desired": self.desired,
            "version": self.version,
            "error": self.error,
            "container": self.container_id[:12],
            "node": self.node[:12],
            "since": self.timestamp[:19],
        }


@record
class ServiceView:
    name: str  # the compose service name (api)
    full_name: str  # the swarm service name (<stack>_api)
    id: str
    image: str
    previous_image: str
    desired: int | None  # None: a global service
    tasks: tuple[TaskView, ...]
    update_state: str
    update_message: str
    ports: tuple[tuple[int, int, str], ...]  # (published, target, protocol)
    labels: dict[str, str]
    has_healthcheck: bool

    @property
    def version(self) -> str:
        return version_of(self.image)

    @property
    def current(self) -> list[TaskView]:
        """Tasks the orchestrator wants running now (the replicas, as they come and go)."""
        return [t for t in self.tasks if t.desired in ("running", "ready")]

    @property
    def running(self) -> list[TaskView]:
        return [t for t in self.current if t.state == "running" and t.image == self.image]

    @property
    def wanted(self) -> int:
        return self.desired if self.desired is not None else max(1, len(self.current))

    @property
    def restarts(self) -> int:
        """Tasks that ended badly (killed, crashed, unhealthy): the flapping a team can notice."""
        return sum(1 for t in self.tasks if t.state in ("failed", "rejected", "orphaned"))

    def failure(self) -> str | None:
        """A reason waiting longer cannot help: a paused update, or a task the node rejected
        (image missing, mount impossible)."""
        if self.update_state in PAUSED:
            return f"{self.update_state.replace('_', ' ')}: {self.update_message or 'no reason'}"
        latest: dict[int | str, TaskView] = {}
        for t in sorted(self.tasks, key=lambda t: t.timestamp):
            latest[t.slot if t.slot is not None else t.node] = t
        rejected = [t for t in latest.values() if t.state == "rejected" and t.desired != "shutdown"]
        if rejected:
            return f"task rejected: {rejected[0].error or rejected[0].message}"
        return None

    def pending(self) -> str | None:
        """None once converged, else a few words on what is still moving."""
        failure = self.failure()
        if failure:
            return failure
        if self.update_state in UPDATING:
            return self.update_state.replace("_", " ")
        running = len(self.running)
        if running < self.wanted:
            starting = [t.state for t in self.current if t.state != "running"]
            detail = f" ({', '.join(sorted(set(starting)))})" if starting else ""
            err = self.last_error()
            return f"{running}/{self.wanted} running{detail}" + (
                f"; last error: {err}" if err else ""
            )
        old = [t for t in self.tasks if t.desired not in ("running", "ready")]
        old = [t for t in old if t.state in ("starting", "running")]
        if old:
            return f"{len(old)} old task(s) still stopping"
        if running > self.wanted or len(self.current) > running:
            return f"{len(self.current)} tasks for {self.wanted} replica(s)"
        return None

    def last_error(self) -> str:
        bad = [t for t in self.tasks if t.error]
        return max(bad, key=lambda t: t.timestamp).error if bad else ""

    def health(self) -> str:
        if self.pending() is None:
            return "healthy" if self.has_healthcheck else "none"
        if any(t.state in ("starting", "preparing", "ready") for t in self.current):
            return "starting"
        return "unhealthy"

    def state(self) -> str:
        if self.update_state in UPDATING:
            return self.update_state.replace("_", " ")
        return "running" if self.pending() is None else "converging"


def task_view(raw: dict[str, Any]) -> TaskView:
    status = raw.get("Status") or {}
    spec = (raw.get("Spec") or {}).get("ContainerSpec") or {}
    slot = raw.get("Slot")
    return TaskView(
        id=str(raw.get("ID", "")),
        slot=int(slot) if isinstance(slot, int) else None,
        state=str(status.get("State", "")),
        desired=str(raw.get("DesiredState", "")),
        image=strip_digest(str(spec.get("Image", ""))),
        error=str(status.get("Err", "")),
        message=str(status.get("Message", "")),
        container_id=str((status.get("ContainerStatus") or {}).get("ContainerID", "")),
        node=str(raw.get("NodeID", "")),
        timestamp=str(status.get("Timestamp", "")),
    )


def service_view(
    name: str, raw: dict[str, Any], tasks: list[dict[str, Any]] | tuple[dict[str, Any], ...]
) -> ServiceView:
    spec = raw.get("Spec") or {}
    container = (spec.get("TaskTemplate") or {}).get("ContainerSpec") or {}
    previous = ((raw.get("PreviousSpec") or {}).get("TaskTemplate") or {}).get(
        "ContainerSpec"
    ) or {}
    mode = spec.get("Mode") or {}
    replicated = mode.get("Replicated")
    desired = int(replicated.get("Replicas", 1)) if isinstance(replicated, dict) else None
    update = raw.get("UpdateStatus") or {}
    ports = tuple(
        (int(p.get("PublishedPort", 0)), int(p.get("TargetPort", 0)), str(p.get("Protocol", "")))
        for p in (
            (raw.get("Endpoint") or {}).get("Ports")
            or spec.get("EndpointSpec", {}).get("Ports")
            or []
        )
        if p.get("PublishedPort")
    )
    health = container.get("Healthcheck") or {}
    return ServiceView(
        name=name,
        full_name=str(spec.get("Name", "")),
        id=str(raw.get("ID", "")),
        image=strip_digest(str(container.get("Image", ""))),
        previous_image=strip_digest(str(previous.get("Image", ""))),
        desired=desired,
        tasks=tuple(task_view(t) for t in tasks),
        update_state=str(update.get("State", "")),
        update_message=str(update.get("Message", "")),
        ports=ports,
        labels={str(k): str(v) for k, v in (spec.get("Labels") or {}).items()},
        has_healthcheck=bool(health.get("Test")) and health.get("Test") != ["NONE"],
    )
