"""Faults on an orchestrator's tasks: kill replicas and let the orchestrator reschedule them.

On swarm a killed task is not "down until someone starts it": the orchestrator replaces it within
seconds. What a team can notice is the flapping: a failed task in ``gameday target status`` or
``docker service ps``, a few failed requests, a new container id. The undo is therefore a check
that the orchestrator did its job (and a forced update if it did not), never a manual start.
"""

from __future__ import annotations

from typing import Annotated, Any

from gameday.dockerutil import LABEL_TASK_ID
from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType
from gameday.faults._util import wait_for
from gameday.formats.core import Range
from gameday.params import ParamError, Timeout
from gameday.records import record


@record
class KillTaskParams:
    service: str
    signal: str = "SIGKILL"
    tasks: Annotated[int, Range(1, 1000)] = 1  # how many of its running tasks (replicas)
    timeout: Timeout = 90.0  # how long the orchestrator has to replace them


class KillTask(FaultType):
    name = "kill_task"
    summary = "Kill running tasks of a swarm service; the orchestrator reschedules them."
    Params = KillTaskParams
    engines = ("swarm",)
    instead = "on compose, kill_service kills the container and its undo starts it again"

    def check_params(self, params: Any) -> None:
        if not params.signal.startswith("SIG") or not params.signal[3:].isalnum():
            raise ParamError("signal", f"{params.signal!r} is not a signal name like SIGKILL")

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        """Choose the victims now, so the journal names them before anything is killed."""
        running = ctx.target.service_containers(ctx.params.service)
        if len(running) < ctx.params.tasks:
            raise FaultError(
                f"{ctx.params.service} has {len(running)} running task(s), "
                f"cannot kill {ctx.params.tasks}"
            )
        victims = running[: ctx.params.tasks]
        return {
            "containers": [c.id for c in victims],
            "tasks": [(c.labels or {}).get(LABEL_TASK_ID, "") for c in victims],
        }

    def _victims(self, ctx: FaultContext) -> list[Any]:
        wanted = set(ctx.state.get("containers") or [])
        return [c for c in ctx.target.service_containers(ctx.params.service) if c.id in wanted]

    def inject(self, ctx: FaultContext) -> None:
        for container in self._victims(ctx):
            ctx.progress(f"killing task container {container.name} ({ctx.params.signal})")
            container.kill(signal=ctx.params.signal)

    def _tasks_still_running(self, ctx: FaultContext) -> list[str]:
        """Victim tasks the orchestrator still counts as running (it notices a kill a moment
        after the engine does; until then it has nothing to reschedule)."""
        from gameday.target.swarm.engine import SwarmEngine

        engine = ctx.target.engine
        if not isinstance(engine, SwarmEngine):  # check_engine refused it before injecting
            raise FaultError(f"{self.name} needs a swarm target, not {engine.name}")
        states = engine.task_states(ctx.target, ctx.params.service)
        return [
            task
            for task in ctx.state.get("tasks") or []
            if states.get(task, ("gone", "shutdown"))[0] in ("running", "starting")
        ]

    def verify_live(self, ctx: FaultContext) -> None:
        def check() -> str | None:
            alive = self._victims(ctx)  # only running containers are listed
            if alive:
                return f"{len(alive)} victim container(s) still running"
            seen = self._tasks_still_running(ctx)
            return (
                f"task(s) {', '.join(t[:12] for t in seen)} still running for swarm"
                if seen
                else None
            )

        wait_for(ctx.clock, 30.0, check, f"tasks of {ctx.params.service} should be dead", 0.1)

    def undo(self, ctx: FaultContext) -> None:
        """The orchestrator reschedules by itself; only if it has not converged within the
        timeout is every task replaced with a forced update."""
        try:
            self.verify_undone(ctx)
        except FaultError:
            ctx.progress(f"{ctx.params.service} did not recover by itself: forcing an update")
            ctx.target.restart_service(ctx.params.service, ctx.progress)

    def verify_undone(self, ctx: FaultContext) -> None:
        def check() -> str | None:
            seen = self._tasks_still_running(ctx)
            if seen:
                return f"killed task(s) {', '.join(t[:12] for t in seen)} not yet seen dead"
            return ctx.target.convergence(ctx.params.service)

        wait_for(
            ctx.clock,
            ctx.params.timeout,
            check,
            f"{ctx.params.service} should be rescheduled to all its replicas",
            0.5,
        )


TASK_FAULTS: tuple[type[FaultType], ...] = (KillTask,)
