"""``cpu_contention``: a co-located process burns the CPU a service's container is allowed.

Busy loops alone do not reliably slow a service: the kernel's scheduler gives a process that
wakes for a short request its turn quickly, so on an idle 2-core host a handful of spinning
processes barely move a web worker's latency, while on a loaded host the same loops stall it.
A noisy neighbour hurts for real where the container has a CPU limit, as every orchestrated
service does (a pod's ``limits.cpu``, compose's ``cpus:``): the spinning processes then use up
the container's quota and the service waits for its share of what is left. So the fault holds
the container to ``cpus`` (the limit the staging service would run with; the bundled targets set
none) while ``processes`` busy loops named ``name`` run in it. Many loops, not a few: the
scheduler lets a worker that just woke run first, so only once its short head start is spent
does its share (one in ``processes + 1`` of the quota) decide how long a request takes. The
previous quota is read by ``prepare`` and journaled, so ``undo`` and ``gameday restore`` put
back exactly what was there.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from gameday.faults import FaultContext, FaultType
from gameday.faults._util import exec_ok, wait_for
from gameday.formats.core import Range
from gameday.params import ParamError, Timeout
from gameday.records import record

_NAME = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
_PERIOD_US = 100_000


@record
class CpuContentionParams:
    service: str
    name: str = "cpu-hog"  # the spinning program's name, as `ps` and `docker top` show it
    processes: Annotated[int, Range(1, 512)] = 256
    cpus: Annotated[float, Range(0.05, 64)] = 0.3  # the container's CPU limit during the fault
    timeout: Timeout = 60.0


def _script(name: str) -> str:
    # The name is checked against _NAME, so it is safe inside this shell text.
    return (
        f"printf '#!/bin/sh\\n# {name}: agent\\nwhile :; do :; done\\n' > /usr/local/bin/{name}\n"
        f"chmod 755 /usr/local/bin/{name}\n"
        "i=0\n"
        'while [ "$i" -lt "$1" ]; do\n'
        f"  nohup /usr/local/bin/{name} >/dev/null 2>&1 &\n"
        "  i=$((i + 1))\n"
        "done\n"
    )


def _pattern(name: str) -> str:
    """A pgrep/pkill pattern that does not match the shell running it."""
    return f"[{name[0]}]{name[1:]}"


def _running(ctx: FaultContext) -> int:
    """How many loops run, counted by the engine from the host (``docker top``): a check run
    inside the starved container would itself wait for its share of the quota."""
    box = ctx.target.container(ctx.params.service)
    if getattr(box, "status", "running") != "running":
        return 0
    path = f"/usr/local/bin/{ctx.params.name}"
    rows = (box.top(ps_args="-eo pid,args") or {}).get("Processes") or []
    return sum(1 for row in rows if row and path in " ".join(str(cell) for cell in row))


class CpuContention(FaultType):
    name = "cpu_contention"
    summary = "Busy loops in a service's container eat its CPU limit (cpus) until stopped."
    Params = CpuContentionParams
    engines = ("compose",)

    def check_params(self, params: Any) -> None:
        if not _NAME.match(params.name):
            raise ParamError("name", f"{params.name!r} is not a program name like log-shipper")

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        container = ctx.target.container(ctx.params.service)
        host = container.attrs.get("HostConfig") or {}
        return {
            "cpu_quota": int(host.get("CpuQuota") or 0),
            "cpu_period": int(host.get("CpuPeriod") or 0),
        }

    def inject(self, ctx: FaultContext) -> None:
        # Loops first, limit second: under the limit starting them would take its share too.
        p = ctx.params
        exec_ok(ctx.target, p.service, ["sh", "-c", _script(p.name), p.name, str(p.processes)],
                timeout=p.timeout, what="starting the busy loops")  # fmt: skip
        ctx.target.container(p.service).update(
            cpu_period=_PERIOD_US, cpu_quota=max(1000, int(p.cpus * _PERIOD_US))
        )

    def verify_live(self, ctx: FaultContext) -> None:
        p = ctx.params

        def check() -> str | None:
            running = _running(ctx)
            if running >= p.processes:
                return None
            return f"{running} of {p.processes} {p.name} running"

        wait_for(ctx.clock, p.timeout, check, f"{p.name} spinning in {p.service}")

    def undo(self, ctx: FaultContext) -> None:
        # The limit goes first: under it the kill itself would wait for its share of the quota.
        p = ctx.params
        quota = int(ctx.state.get("cpu_quota") or 0)
        period = int(ctx.state.get("cpu_period") or 0)
        ctx.target.container(p.service).update(
            cpu_period=period or _PERIOD_US, cpu_quota=quota if quota > 0 else -1
        )
        # pkill exits 1 when nothing matched (already stopped): fine for an idempotent undo.
        ctx.target.exec(p.service, ["pkill", "-KILL", "-f", _pattern(p.name)], timeout=p.timeout)
        exec_ok(ctx.target, p.service, ["rm", "-f", f"/usr/local/bin/{p.name}"],
                timeout=p.timeout, what="removing the busy loop")  # fmt: skip

    def verify_undone(self, ctx: FaultContext) -> None:
        p = ctx.params

        def check() -> str | None:
            running = _running(ctx)
            if running:
                return f"{running} {p.name} still running"
            container = ctx.target.container(p.service)
            container.reload()
            quota = int((container.attrs.get("HostConfig") or {}).get("CpuQuota") or 0)
            wanted = int(ctx.state.get("cpu_quota") or 0)
            return None if quota == wanted or (wanted <= 0 and quota <= 0) else f"cpu quota {quota}"

        wait_for(ctx.clock, p.timeout, check, f"{p.name} stopped in {p.service}")


CPU_FAULTS: tuple[type[FaultType], ...] = (CpuContention,)
