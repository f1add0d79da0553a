"""Generic faults that work on any compose service of any target: stop, kill, pause, exec
(network latency and loss live in ``netfault``, swarm tasks in ``tasks``).

They are how a team drills on its own stack: nothing here knows about the shop. stop, kill and
pause act on *the* container of a compose service; on swarm the orchestrator would replace it at
once, so those three say so and point to ``kill_task``.
"""

from __future__ import annotations

from typing import Annotated, Any

from gameday.faults import FaultContext, FaultType
from gameday.faults._util import container_state, exec_ok, wait_for
from gameday.formats.core import Range
from gameday.params import Duration, ParamError, Timeout
from gameday.records import record


@record
class ServiceParams:
    service: str
    timeout: Timeout = 60.0  # how long to wait for the container to come back


@record
class StopParams:
    service: str
    grace: Annotated[Duration, Range(0, 600)] = 10.0  # SIGTERM -> SIGKILL grace period
    timeout: Timeout = 60.0


@record
class KillParams:
    service: str
    signal: str = "SIGKILL"
    timeout: Timeout = 60.0


def _start_again(ctx: FaultContext) -> None:
    c = ctx.target.container(ctx.params.service)
    c.reload()
    if c.status == "paused":
        c.unpause()
    elif c.status != "running":
        c.start()


def _wait_running(ctx: FaultContext) -> None:
    def check() -> str | None:
        state = container_state(ctx.target, ctx.params.service)
        return None if state == "running" else state

    wait_for(ctx.clock, ctx.params.timeout, check, f"{ctx.params.service} restarting")


def _wait_not_running(ctx: FaultContext, wanted: tuple[str, ...]) -> None:
    def check() -> str | None:
        state = container_state(ctx.target, ctx.params.service)
        return None if state in wanted else state

    wait_for(ctx.clock, 15.0, check, f"{ctx.params.service} should be {'/'.join(wanted)}")


ON_SWARM = "on swarm, kill_task kills tasks and lets the orchestrator replace them"


class StopService(FaultType):
    name = "stop_service"
    summary = "Stop a service's container gracefully (docker stop); undo starts it again."
    Params = StopParams
    engines = ("compose",)
    instead = ON_SWARM

    def inject(self, ctx: FaultContext) -> None:
        ctx.target.container(ctx.params.service).stop(timeout=int(ctx.params.grace))

    def verify_live(self, ctx: FaultContext) -> None:
        _wait_not_running(ctx, ("exited", "created"))

    def undo(self, ctx: FaultContext) -> None:
        _start_again(ctx)

    def verify_undone(self, ctx: FaultContext) -> None:
        _wait_running(ctx)


class KillService(FaultType):
    name = "kill_service"
    summary = "Kill a service's container with a signal (default SIGKILL); undo starts it."
    Params = KillParams
    engines = ("compose",)
    instead = ON_SWARM

    def check_params(self, params: Any) -> None:
        if not params.signal.startswith("SIG") or not params.signal[3:].isalnum():
            raise ParamError("signal", f"{params.signal!r} is not a signal name like SIGKILL")

    def inject(self, ctx: FaultContext) -> None:
        ctx.target.container(ctx.params.service).kill(signal=ctx.params.signal)

    def verify_live(self, ctx: FaultContext) -> None:
        _wait_not_running(ctx, ("exited", "dead", "restarting"))

    def undo(self, ctx: FaultContext) -> None:
        _start_again(ctx)

    def verify_undone(self, ctx: FaultContext) -> None:
        _wait_running(ctx)


class PauseService(FaultType):
    name = "pause_service"
    summary = "Freeze every process of a service (docker pause): it hangs instead of failing."
    Params = ServiceParams
    engines = ("compose",)
    instead = ON_SWARM

    def inject(self, ctx: FaultContext) -> None:
        container = ctx.target.container(ctx.params.service)
        for attempt in range(5):
            try:
                container.pause()
                return
            except Exception as exc:  # runc's freezer sometimes times out on a busy cgroup
                if "unable to freeze" not in str(exc) or attempt == 4:
                    raise
                ctx.clock.sleep(0.5)

    def verify_live(self, ctx: FaultContext) -> None:
        _wait_not_running(ctx, ("paused",))

    def undo(self, ctx: FaultContext) -> None:
        c = ctx.target.container(ctx.params.service)
        c.reload()
        if c.status == "paused":
            c.unpause()

    def verify_undone(self, ctx: FaultContext) -> None:
        _wait_running(ctx)


# --- exec ----------------------------------------------------------------------------------


@record
class ExecParams:
    service: str
    argv: tuple[str, ...]
    undo_argv: tuple[str, ...] | None = None
    verify_argv: tuple[str, ...] | None = None  # exits 0 while the fault is in effect
    verify_undone_argv: tuple[str, ...] | None = None  # exits 0 once it is undone
    timeout: Timeout = 60.0
    # Retry verify_argv / verify_undone_argv (every second) until it exits 0 or this passes:
    # a fault that builds up (a leak, a disk filling) is live a while after its command ran.
    settle: Annotated[Duration, Range(0, 600)] = 0.0


def _run(ctx: FaultContext, argv: tuple[str, ...], what: str) -> None:
    exec_ok(ctx.target, ctx.params.service, argv, timeout=ctx.params.timeout, what=what)


def _check(ctx: FaultContext, argv: tuple[str, ...], what: str) -> None:
    """``argv`` must exit 0: at once, or within ``settle`` when the fault takes time to build."""
    p = ctx.params
    if not p.settle:
        _run(ctx, argv, what)
        return

    def once() -> str | None:
        code, out = ctx.target.exec(p.service, list(argv), timeout=p.timeout)
        return None if code == 0 else f"exiting {code} ({out.strip()[:200]})"

    wait_for(ctx.clock, p.settle, once, f"{what} {list(argv)} in {p.service}", interval=1.0)


class Exec(FaultType):
    name = "exec"
    summary = "Run a command (an argv list, never a shell string) in a service; undo_argv undoes."
    Params = ExecParams

    def check_params(self, params: Any) -> None:
        for key in ("argv", "undo_argv", "verify_argv", "verify_undone_argv"):
            value = getattr(params, key)
            if value is not None and not value:
                raise ParamError(key, "must be a non-empty list of strings")

    def inject(self, ctx: FaultContext) -> None:
        _run(ctx, ctx.params.argv, "command")

    def verify_live(self, ctx: FaultContext) -> None:
        if ctx.params.verify_argv:
            _check(ctx, ctx.params.verify_argv, "verify_argv")

    def undo(self, ctx: FaultContext) -> None:
        if ctx.params.undo_argv:
            _run(ctx, ctx.params.undo_argv, "undo_argv")

    def verify_undone(self, ctx: FaultContext) -> None:
        if ctx.params.verify_undone_argv:
            _check(ctx, ctx.params.verify_undone_argv, "verify_undone_argv")


GENERIC_FAULTS: tuple[type[FaultType], ...] = (
    StopService,
    KillService,
    PauseService,
    Exec,
)
