"""Blue/green deploys on compose: the next version waits warm beside the running one.

A compose redeploy stops the container, creates and starts one at the new version and waits
for its health check (about 10 s here): a bad deploy went live slowly and its rollback was as
slow, while customers saw a gap. Here a deployable service's traffic follows its network alias
(compose gives every container its service name as alias, and the proxy resolves it):

* ``stage`` starts a *standby* of the service at a version, a clone of the running container
  at another image, on the same networks but without the alias, and waits until its own health
  check passes (run by gameday every 100 ms, not Docker's every 2 s). Nothing customers see.
* ``switch`` gives the standby the alias, stops the active container (SIGTERM: it drains its
  requests, and refuses new ones, which the proxy retries on the new one), has the router
  re-resolve at once (``x-gameday.router``: the shop's nginx reload) and keeps the old
  container as the warm standby for the rollback, which is the same switch back.

Which container is active is what the network says: the running container that carries the
service's alias. ``drop_standbys`` removes the rest once a fault is undone, and before compose
takes over again (``up``), so compose always finds one container per service.

Every operation on one service's containers holds that service's lock (``locked``: an flock
in the target's state folder, so it holds across threads and processes). Without it, a
responder's rollback arriving while the deploy was still switching (the alert fires as soon as
the bad version takes traffic) saw two containers in traffic, fell back to compose, and compose
met the clones: "service api exited while starting", no rollback recorded. The outgoing
container's restart as the standby runs in the background holding the lock it is handed, so a
rollback never picks a container that is about to be stopped.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import math
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

from gameday.clock import RealClock, poll_until
from gameday.dockerutil import (
    COMPOSE_NUMBER,
    COMPOSE_PROJECT,
    COMPOSE_SERVICE,
    LABEL_PROJECT,
    client,
    health_command,
    health_status,
)
from gameday.errors import StateError, TargetError

if TYPE_CHECKING:
    from docker.models.containers import Container

    from gameday.target.baseimage import Progress
    from gameday.target.core import Target

HEALTH_POLL_S = 0.1
STAGE_TIMEOUT_S = 120.0
ROUTER_SETTLE_S = 0.5  # after a router reload, until its old workers stop taking requests
DRAIN_S = 1.0  # after SIGTERM, the outgoing container's requests have this long to finish
LOCK_TIMEOUT_S = 2 * STAGE_TIMEOUT_S  # a stage plus a standby's warm-up, at most


# --- one operation at a time per service -----------------------------------------------------
class _Held(threading.local):
    """The locks this thread holds, by file (``locked`` is re-entrant within a thread)."""

    def __init__(self) -> None:
        self.locks: dict[str, Lock] = {}


_HELD = _Held()


def _lock_path(t: Target, service: str) -> str:
    folder = t.state_root / "locks"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StateError(f"{folder}: cannot create the lock folder: {exc.strerror}") from None
    return str(folder / f"bluegreen-{service}.lock")


def _acquire(path: str, service: str) -> int:
    try:  # O_CLOEXEC: docker or compose children never inherit (and keep) the lock
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise StateError(f"{path}: cannot lock: {exc.strerror}") from None

    def attempt() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    try:
        got = poll_until(attempt, bool, timeout=LOCK_TIMEOUT_S, interval=0.05, clock=RealClock())
    except BaseException:
        os.close(fd)
        raise
    if not got.ok:
        os.close(fd)
        raise TargetError(
            f"another deploy of {service} has been going on for {LOCK_TIMEOUT_S:.0f}s",
            hint="see `gameday target status`; a stuck gameday process may hold it",
        )
    return fd


class Lock:
    """A service's lock as held by ``locked``; ``hand_over`` passes it to a background task,
    which releases it (``release``) when done, instead of the ``with`` block's end."""

    def __init__(self, path: str, fd: int | None) -> None:
        self.path = path
        self.fd = fd  # None once handed over or released

    def hand_over(self) -> Lock:
        """The lock, now owned by the caller (another thread may release it); the ``with``
        block that took it no longer releases it."""
        taken = Lock(self.path, self.fd)
        self.fd = None
        _HELD.locks.pop(self.path, None)
        return taken

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the flock
            self.fd = None


@contextlib.contextmanager
def locked(t: Target, service: str) -> Iterator[Lock]:
    """Hold ``service``'s blue/green lock (waiting for whoever holds it: another thread, or a
    responder's process rolling back); re-entrant within a thread."""
    path = _lock_path(t, service)
    held = _HELD.locks.get(path)
    if held is not None:  # an outer block of this thread holds it (and releases it)
        yield held
        return
    lock = Lock(path, _acquire(path, service))
    _HELD.locks[path] = lock
    try:
        yield lock
    finally:
        if lock.fd is not None:  # not handed over
            _HELD.locks.pop(path, None)
            lock.release()


def service_containers(t: Target, service: str) -> list[Container]:
    """Every container compose counts as ``service`` (standbys included)."""
    return list(
        client().containers.list(
            all=True,
            filters={"label": [f"{COMPOSE_PROJECT}={t.project}", f"{COMPOSE_SERVICE}={service}"]},
            ignore_removed=True,
        )
    )


def _networks(c: Container) -> dict[str, dict[str, Any]]:
    return dict((c.attrs.get("NetworkSettings") or {}).get("Networks") or {})


def aliased(c: Container, service: str) -> bool:
    """True when ``c`` answers to the service's name on one of its networks."""
    return any(service in (n.get("Aliases") or ()) for n in _networks(c).values())


def is_active(c: Container, service: str) -> bool:
    return c.status == "running" and aliased(c, service)


def active(t: Target, service: str) -> list[Container]:
    return [c for c in service_containers(t, service) if is_active(c, service)]


def standbys(t: Target, service: str) -> list[Container]:
    """Containers of ``service`` out of traffic (only once some container is in it)."""
    found = service_containers(t, service)
    if not any(is_active(c, service) for c in found):
        return []  # mid-switch or down: nothing is "extra" then
    return [c for c in found if not is_active(c, service)]


def version_of(c: Container) -> str:
    return str((c.labels or {}).get("gameday.version") or "")


def can_switch(t: Target, service: str) -> str | None:
    """None when ``service`` can be switched blue/green, else why not (then compose deploys)."""
    running = active(t, service)
    if len(running) != 1:
        return f"{len(running)} containers of {service} in traffic"
    host = running[0].attrs.get("HostConfig") or {}
    if any(host.get("PortBindings") or {}):
        return f"{service} publishes host ports (two containers cannot hold them)"
    return None


def stage(t: Target, service: str, version: str, progress: Progress) -> Container:
    """A running standby of ``service`` at ``version`` whose health check passes."""
    with locked(t, service):
        return _stage(t, service, version, progress)


def _stage(t: Target, service: str, version: str, progress: Progress) -> Container:
    for c in standbys(t, service):
        if version_of(c) == version:
            _warm(c, service, _alias_networks(t, service))
            _wait_ready(c, progress)
            return c
    reason = can_switch(t, service)
    if reason is not None:
        raise TargetError(f"cannot stage {service} {version}: {reason}")
    from gameday.target.lifecycle import build_images, image_for

    build_images(t, progress, only=service)
    model = active(t, service)[0]
    progress(f"staging {service} {version} beside the running one")
    c = _clone(model, image_for(t, service, version), _next_name(t, service))
    c.start()
    _wait_ready(c, progress)
    return c


def switch(t: Target, service: str, version: str, progress: Progress) -> None:
    """``version`` takes the traffic of ``service``; the one that had it becomes the standby.

    Order matters for customers: the incoming container joins the alias and the router
    re-resolves (it knows both), the outgoing one is told to stop (it refuses new connections
    at once, which the router retries on the incoming one, and finishes what it is doing),
    leaves the alias after at most ``DRAIN_S``, and the router re-resolves again (only the
    incoming one). The outgoing container then restarts as the warm standby, in the background.
    """
    with locked(t, service) as lock:
        _switch(t, service, version, progress, lock)


def _switch(t: Target, service: str, version: str, progress: Progress, lock: Lock) -> None:
    incoming = _stage(t, service, version, progress)
    outgoing = [c for c in active(t, service) if c.id != incoming.id]
    progress(f"switching {service} to {version}")
    nets = [
        net
        for net, cfg in _networks(outgoing[0] if outgoing else incoming).items()
        if service in (cfg.get("Aliases") or ()) or not outgoing
    ]
    for net in nets:
        _reconnect(incoming, net, [service])
    if outgoing:
        t.reload_router()
        time.sleep(ROUTER_SETTLE_S)  # its new workers take over (they know both)
        for c in outgoing:
            c.kill(signal="SIGTERM")
        _wait_exited(outgoing, DRAIN_S)
        for c in outgoing:
            for net in nets:
                _disconnect(c, net)
    t.reload_router()
    if outgoing:
        _warm_later(outgoing, service, nets, lock.hand_over())


def _warm_later(outgoing: list[Container], service: str, nets: list[str], lock: Lock) -> None:
    """Restart ``outgoing`` as standbys (out of traffic) on a daemon thread, holding the
    service's lock until they are: a rollback waits for a warm standby instead of switching
    to a container this thread is about to stop."""
    from gameday.ownactions import own_action

    def run() -> None:
        try:
            for c in outgoing:
                project = str((c.labels or {}).get(LABEL_PROJECT, ""))
                try:
                    # gameday's own housekeeping, not a responder's restart (gameday.ownactions)
                    with own_action(project, f"warm standby {c.name}"):
                        c.stop(timeout=10)  # the drain may still be going on
                        _warm(c, service, nets)
                except Exception:  # gone meanwhile (dropped, target down): nothing to warm
                    pass
        finally:
            lock.release()

    threading.Thread(target=run, name=f"warm-{service}", daemon=True).start()


def _alias_networks(t: Target, service: str) -> list[str]:
    """The networks on which the service's name leads to the container in traffic."""
    return [
        net
        for c in active(t, service)[:1]
        for net, cfg in _networks(c).items()
        if service in (cfg.get("Aliases") or ())
    ]


def _warm(c: Container, service: str, nets: list[str]) -> None:
    """``c`` running out of traffic: on ``nets`` without the alias, then started."""
    c.reload()
    if c.status == "running":
        return
    have = _networks(c)
    for net in nets:
        if net not in have or service in (have[net].get("Aliases") or ()):
            _reconnect(c, net, [])
    c.start()
    c.reload()


def _wait_exited(containers: list[Container], limit: float) -> None:
    def running() -> int:
        n = 0
        for c in containers:
            c.reload()
            n += c.status == "running"
        return n

    poll_until(running, lambda n: n == 0, timeout=limit, interval=0.05, clock=RealClock())


def drop_standbys(t: Target, service: str | None = None) -> list[str]:
    """Remove the containers of deployable services that are out of traffic; their names."""
    names = []
    for svc in [service] if service else list(t.spec.deployable):
        with locked(t, svc):  # (after any warm-up: a standby is never removed mid-start)
            for c in standbys(t, svc):
                c.remove(force=True)
                names.append(str(c.name))
    return names


# --- helpers -------------------------------------------------------------------------------
def _disconnect(c: Container, network: str) -> None:
    try:
        client().networks.get(network).disconnect(c, force=True)
    except Exception:  # not connected (a clone created without this network, a stopped one)
        pass


def _reconnect(c: Container, network: str, aliases: list[str]) -> None:
    _disconnect(c, network)
    client().networks.get(network).connect(c, aliases=aliases or None)
    c.reload()


def _next_name(t: Target, service: str) -> tuple[str, int]:
    numbers = [
        int((c.labels or {}).get(COMPOSE_NUMBER) or 0) for c in service_containers(t, service)
    ]
    n = max(numbers, default=0) + 1
    return f"{t.project}_{service}_{n}", n


def _clone(model: Container, image: str, name: tuple[str, int]) -> Container:
    """``model``'s container (environment, labels, volumes, limits, health check) at ``image``,
    on ``model``'s networks without the service alias, created and not started."""
    api = client().api
    cfg = model.attrs.get("Config") or {}
    old_image = client().images.get(str(model.attrs.get("Image") or ""))  # its own id
    image_cfg = old_image.attrs.get("Config") or {}
    image_labels = image_cfg.get("Labels") or {}
    labels = {k: v for k, v in (cfg.get("Labels") or {}).items() if image_labels.get(k) != v}
    labels[COMPOSE_NUMBER] = str(name[1])
    env = [e for e in cfg.get("Env") or [] if e not in (image_cfg.get("Env") or [])]
    host = dict(model.attrs.get("HostConfig") or {})
    host.pop("PortBindings", None)
    networks = list(_networks(model))
    endpoint = {networks[0]: api.create_endpoint_config()} if networks else None
    created = api.create_container(
        image,
        name=name[0],
        command=None if cfg.get("Cmd") == image_cfg.get("Cmd") else cfg.get("Cmd"),
        entrypoint=None
        if cfg.get("Entrypoint") == image_cfg.get("Entrypoint")
        else cfg.get("Entrypoint"),
        environment=env,
        labels=labels,
        user=cfg.get("User") or None,
        working_dir=cfg.get("WorkingDir") or None,
        healthcheck=cfg.get("Healthcheck"),
        host_config=host,
        # (the stubs type the argument as one endpoint; the API takes a mapping of them)
        networking_config=api.create_networking_config(cast(Any, endpoint)) if endpoint else None,
    )
    c = client().containers.get(created["Id"])
    for net in networks[1:]:
        client().networks.get(net).connect(c)
    return c


def _wait_ready(c: Container, progress: Progress, timeout: float = STAGE_TIMEOUT_S) -> None:
    """Until the container's own health check command succeeds (or, without one, it runs)."""
    command = health_command(c.attrs)

    def ready() -> str | None:
        c.reload()
        if c.status != "running":
            return f"{c.name} is {c.status}"
        if command is None or health_status(c.attrs) == "healthy":
            return None
        from gameday.ownactions import mark_exec

        mark_exec(str((c.labels or {}).get(LABEL_PROJECT, "")), command)
        code, out = c.exec_run(command, demux=False)
        text = out.decode(errors="replace") if isinstance(out, bytes) else ""
        return None if code == 0 else f"health check: {text[:80]}"

    done: Callable[[str | None], bool] = lambda why: why is None  # noqa: E731
    got = poll_until(ready, done, timeout=timeout, interval=HEALTH_POLL_S, clock=RealClock())
    if not got.ok:
        raise TargetError(f"{c.name} did not become ready in {timeout:.0f}s: {got.value}")
    if math.isfinite(got.waited):
        progress(f"{c.name} ready in {got.waited:.1f}s")
