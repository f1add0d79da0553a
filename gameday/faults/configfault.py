"""A bad configuration deployed to a service: it restarts, cannot start, and crash-loops.

A configuration push is how a healthy service dies without a code change: the file is replaced
(the deploy keeps the one it replaced beside it, as configuration tools do), the service is
restarted to read it, refuses it, exits, and its restart policy starts it again and again with
a growing back-off. The fault does exactly that to a compose service's container: files are
written through Docker's archive API, which works while the container is restarting (``docker
exec`` does not), so both ``undo`` and the team's fix (``revert_config``) can put the previous
file back. ``undo`` works from the journal alone: it holds the previous file's text.
"""

from __future__ import annotations

import io
import posixpath
import time
from typing import Any

from gameday.dockerutil import health_status
from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType
from gameday.faults._util import wait_for
from gameday.formats.types import Timeout
from gameday.records import record

MAX_FILE = 1 << 20


@record
class BadConfigParams:
    service: str
    path: str  # the configuration file in the container (absolute)
    content: str  # the whole file as deployed
    keep_previous: str = ".previous"  # the replaced file is kept at path + this ('' = not kept)
    timeout: Timeout = 90.0  # how long the service may take to crash, or to come back


def read_file(container: Any, path: str) -> str | None:
    """The text of ``path`` in ``container`` (running or not), None when there is none."""
    import tarfile  # here: validate imports every fault type, and tarfile brings lzma and bz2

    import docker.errors

    try:
        stream, _stat = container.get_archive(path)
    except docker.errors.NotFound:
        return None
    data = b"".join(stream)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        member = tar.next()
        if member is None or not member.isfile() or member.size > MAX_FILE:
            raise FaultError(f"{path} in {container.name} is not a regular file of at most 1 MiB")
        fh = tar.extractfile(member)
        return fh.read().decode("utf-8", errors="replace") if fh else None


def write_file(container: Any, path: str, text: str, mode: int = 0o644) -> None:
    """Write ``path`` in ``container`` (running, stopped or restarting), as root."""
    import tarfile

    data = text.encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo(posixpath.basename(path))
        info.size, info.mode, info.mtime = len(data), mode, int(time.time())
        tar.addfile(info, io.BytesIO(data))
    if not container.put_archive(posixpath.dirname(path) or "/", buf.getvalue()):
        raise FaultError(f"cannot write {path} in {container.name}")


def crash_state(container: Any) -> tuple[str, int]:
    """(status, RestartCount) of ``container`` as the engine sees it now."""
    container.reload()
    return str(container.status), int(container.attrs.get("RestartCount") or 0)


class BadConfig(FaultType):
    name = "bad_config"
    summary = (
        "Deploy a configuration file a service cannot start with and restart it: it "
        "crash-loops under its restart policy; undo puts the previous file back."
    )
    Params = BadConfigParams
    engines = ("compose",)
    instead = "on swarm, ship the configuration in a new image and use bad_deploy"

    def check_params(self, params: Any) -> None:
        from gameday.params import ParamError

        if not params.path.startswith("/") or params.path.endswith("/"):
            raise ParamError("path", f"{params.path!r} is not an absolute file path")
        if "/" in params.keep_previous:
            raise ParamError("keep_previous", "is a suffix such as .previous, not a path")

    def _container(self, ctx: FaultContext) -> Any:
        """The container the fault acted on (by id, through the guardrail), else the service's."""
        from gameday import dockerutil

        cid = ctx.state.get("container")
        if cid:
            try:
                c = dockerutil.client().containers.get(cid)
            except Exception:
                c = None
            if c is not None:
                ctx.target.check_guardrail(c)
                return c
        return ctx.target.container(ctx.params.service)

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        p = ctx.params
        c = ctx.target.container(p.service)
        previous = read_file(c, p.path)
        if previous is None:
            raise FaultError(f"{p.service} has no {p.path} to replace")
        kept = read_file(c, p.path + p.keep_previous) if p.keep_previous else None
        policy = ((c.attrs.get("HostConfig") or {}).get("RestartPolicy") or {}).get("Name")
        if policy in (None, "", "no"):
            ctx.progress(f"{p.service} has no restart policy: it will stay down, not loop")
        return {"container": c.id, "previous": previous, "kept_before": kept}

    def inject(self, ctx: FaultContext) -> None:
        p = ctx.params
        c = self._container(ctx)
        if p.keep_previous:
            write_file(c, p.path + p.keep_previous, ctx.state["previous"])
        write_file(c, p.path, p.content)
        ctx.progress(f"deployed a new {p.path} to {p.service}; restarting it")
        c.restart(timeout=10)

    def verify_live(self, ctx: FaultContext) -> None:
        c = self._container(ctx)
        _, start_count = crash_state(c)

        def crashing() -> str | None:
            status, count = crash_state(c)
            if status in ("restarting", "exited", "dead") or count > start_count:
                return None
            return f"{status} ({health_status(c.attrs) or 'no health check'})"

        wait_for(ctx.clock, ctx.params.timeout, crashing, f"{ctx.params.service} crashing", 0.5)

    def undo(self, ctx: FaultContext) -> None:
        p = ctx.params
        c = self._container(ctx)
        previous = ctx.state.get("previous")
        if previous is None:
            return  # prepare never finished: nothing was written
        current = read_file(c, p.path)
        if current != previous:
            write_file(c, p.path, previous)
            c.restart(timeout=10)
        elif crash_state(c)[0] != "running":
            c.restart(timeout=10)
        if p.keep_previous:
            self._restore_kept(ctx, c)

    def _restore_kept(self, ctx: FaultContext, c: Any) -> None:
        """The kept copy as it was before the fault: put back, or removed once it runs."""
        p = ctx.params
        kept = ctx.state.get("kept_before")
        if kept is not None:
            write_file(c, p.path + p.keep_previous, kept)
            return

        def running() -> str | None:
            status, _ = crash_state(c)
            return None if status == "running" else status

        wait_for(ctx.clock, p.timeout, running, f"{p.service} running again", 0.5)
        c.exec_run(["rm", "-f", p.path + p.keep_previous])

    def verify_undone(self, ctx: FaultContext) -> None:
        p = ctx.params
        c = self._container(ctx)
        if read_file(c, p.path) != ctx.state.get("previous"):
            raise FaultError(f"{p.path} in {p.service} is not the file it had before the fault")

        def healthy() -> str | None:
            status, _ = crash_state(c)
            health = health_status(c.attrs)
            if status == "running" and health in (None, "healthy"):
                return None
            return f"{status} ({health})" if health else status

        wait_for(ctx.clock, p.timeout, healthy, f"{p.service} back up", 0.5)


CONFIG_FAULTS: tuple[type[FaultType], ...] = (BadConfig,)
