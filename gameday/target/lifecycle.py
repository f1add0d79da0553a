"""Bringing a target up and down, deploying and rolling back, with nothing left half-done.

Order of ``up``: check ports and images *before* compose creates anything, so most failures
leave no trace; if compose or the health wait fails afterwards, a stack this call created is
removed again (with its volume, if this call created that too).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from gameday.clock import Clock, poll_until
from gameday.dockerutil import LABEL_PROJECT, client
from gameday.errors import TargetError
from gameday.target import baseimage, images
from gameday.target.baseimage import Progress
from gameday.target.compose import Compose
from gameday.target.settings import port_free

if TYPE_CHECKING:
    from gameday.target.core import Target


def compose_env(t: Target, overrides: dict[str, str] | None = None) -> dict[str, str]:
    env = {
        "GAMEDAY_PROJECT": t.project,
        "GAMEDAY_PROXY_PORT": str(t.proxy_port),
        "GAMEDAY_DB_PORT": str(t.db_port),
        "GAMEDAY_TLS_DIR": str(t.tls_dir),
    }
    if t.base_image:
        env["GAMEDAY_BASE_IMAGE"] = t.base_image
    for svc, dep in t.spec.deployable.items():
        env[dep.env] = t.deployed_version(svc)
    env.update(overrides or {})
    return env


def compose(t: Target, overrides: dict[str, str] | None = None) -> Compose:
    return Compose(t.compose_file, t.project, compose_env(t, overrides))


def resolve_base_image(t: Target, progress: Progress, *, build: bool = True) -> None:
    """Use the configured base image, or (built once, cached) the Debian one."""
    if not t.base_image:
        t.base_image = os.environ.get("GAMEDAY_BASE_IMAGE", "").strip() or None
    pkgs = baseimage.packages(t.spec.base_packages)  # the target's own list, or the shop's
    if not t.base_image:
        t.base_image = baseimage.image_tag(pkgs)
    if build and t.base_image == baseimage.image_tag(pkgs):
        tag, built = baseimage.ensure_base_image(client(), progress, pkgs)
        if built:
            progress(f"built base image {tag}")


def version_marker(service: str) -> str:
    return f"gameday-version-of-{service}"


# marker_config's cache, per target object: (compose file mtime + env, the resolved model)
_MARKER_CONFIGS: WeakKeyDictionary[Target, tuple[object, dict[str, Any]]] = WeakKeyDictionary()


def marker_config(t: Target) -> dict[str, Any]:
    """The compose model with every deployable version variable set to a marker.

    One `compose config` run costs seconds with compose v1, so it is kept on the target until
    the compose file or the environment it interpolates changes; image builds and the swarm
    engine's ``image_for`` both read it.
    """
    markers = {dep.env: version_marker(svc) for svc, dep in t.spec.deployable.items()}
    c = compose(t, markers)
    key = (t.compose_file.stat().st_mtime_ns, tuple(sorted(c.env.items())))
    cached = _MARKER_CONFIGS.get(t)
    if cached is None or cached[0] != key:
        cached = _MARKER_CONFIGS[t] = (key, c.config())
    return cached[1]


def image_for(t: Target, service: str, version: str) -> str:
    """The image compose names for ``service`` at ``version`` (from the compose model with the
    version variable set to a marker, the one image builds use)."""
    config = marker_config(t)
    image = str(((config.get("services") or {}).get(service) or {}).get("image") or "")
    if not image:
        raise TargetError(f"service {service} names no image in {t.compose_file}")
    return image.replace(version_marker(service), version)


def build_images(t: Target, progress: Progress, only: str | None = None) -> int:
    """Build every image the target needs, every deployable version included; count built."""
    resolve_base_image(t, progress, build=False)
    # Deployable version variables are set to a marker, and each plan mentioning the marker
    # is expanded once per version.
    markers = {dep.env: version_marker(svc) for svc, dep in t.spec.deployable.items()}
    built = 0
    seen: set[str] = set()
    todo = [p for p in images.plans(marker_config(t)) if not only or p.service == only]
    if t.base_image and any(t.base_image in [v for _, v in p.args] for p in todo):
        resolve_base_image(t, progress)  # only a target that builds FROM it needs the base image
    for plan in todo:
        for concrete in images.expand(
            plan, {markers[d.env]: d.versions for d in t.spec.deployable.values()}
        ):
            if concrete.image not in seen:
                seen.add(concrete.image)
                built += images.ensure_image(client(), concrete, progress)
    return built


def _check_ports(t: Target) -> None:
    door = t.spec.front_door
    wanted = [
        (door.service, door.port, t.proxy_port, "GAMEDAY_PROXY_PORT"),
        ("db", 5432, t.db_port, "GAMEDAY_DB_PORT"),
    ]
    for svc, cport, port, var in wanted:
        if svc not in t.services or t.published_port(svc, cport) == port:
            continue  # our own running container already holds it
        if not port_free(port):
            raise TargetError(
                f"port {port} on 127.0.0.1 is already in use (needed by {svc}, {var})",
                hint=f"stop what listens there, or set {var} to a free port",
            )


def _volumes(t: Target) -> set[str]:
    return {
        v.name for v in client().volumes.list(filters={"label": f"{LABEL_PROJECT}={t.project}"})
    }


def up(t: Target, progress: Progress, *, timeout: float = 300) -> None:
    from gameday.target import engine
    from gameday.target.swarm.mode import stack_exists

    client()  # DockerUnavailable before anything else
    if not t.compose_file.is_file():
        raise TargetError(f"no compose file at {t.compose_file}")
    if stack_exists(t.project):
        raise TargetError(
            f"{t.project} is already deployed as a swarm stack",
            hint="use --engine swarm, or take the stack down first (gameday target down "
            "--engine swarm), or pick another GAMEDAY_PROJECT",
        )
    _check_ports(t)
    t.ensure_ca()
    if t.certificate() is None:
        t.install_certificate()
    build_images(t, progress)
    for svc, dep in t.spec.deployable.items():
        if not t.history.versions(svc):
            t.history.record(svc, dep.default, "up")
    was_up = bool(t.containers())
    if was_up:  # compose counts a blue/green standby as a second container of its service
        from gameday.target.switch import drop_standbys

        drop_standbys(t)
    volumes_before = _volumes(t)
    engine.record_engine(t.state_root, "compose")
    progress(f"starting {t.project}")
    try:
        compose(t).run(
            ["up", "-d", "--no-build", "--remove-orphans"],
            timeout=timeout,
            what=f"starting {t.project}",
        )
        wait_healthy(t, t.services, progress, timeout=timeout)
    except BaseException as exc:
        if not was_up:
            diagnosis = _diagnose(t) if isinstance(exc, TargetError) else ""
            progress("start failed; removing what this attempt created")
            down(t, keep_data=bool(volumes_before), progress=lambda _m: None)
            if diagnosis and isinstance(exc, TargetError):
                raise TargetError(f"{exc}\n{diagnosis}", hint=exc.hint) from None
        raise


def _diagnose(t: Target) -> str:
    """The last log lines of every service that is not healthy, for the error message."""
    lines = []
    for st in t.status():
        if st.health == "healthy" or st.state == "absent":
            continue
        try:
            logs = t.container(st.service).logs(tail=12).decode("utf-8", "replace").rstrip()
        except Exception:
            continue
        lines.append(f"--- {st.service} ({st.state}, {st.health}) last log lines:\n{logs}")
    return "\n".join(lines)


def wait_healthy(
    t: Target,
    services: Sequence[str],
    progress: Progress,
    *,
    timeout: float = 300,
    clock: Clock | None = None,
) -> None:
    """Until every service runs and passes its healthcheck; fail fast on an exited container."""

    def pending() -> list[str]:
        states = {s.service: s for s in t.status() if s.service in services}
        left = []
        for svc in services:
            st = states.get(svc)
            if st is None or st.state == "absent":
                left.append(f"{svc}: no container")
            elif st.state in ("exited", "dead"):
                raise TargetError(f"service {svc} exited while starting")
            elif st.state != "running" or st.health not in ("healthy", "none"):
                left.append(f"{svc}: {st.health if st.state == 'running' else st.state}")
        return left

    wait_settled(
        pending, progress, timeout=timeout, done="all services healthy", what="healthy", clock=clock
    )


def wait_settled(
    pending: Callable[[], list[str]],
    progress: Progress,
    *,
    timeout: float,
    done: str,
    what: str = "converged",
    interval: float = 0.5,
    clock: Clock | None = None,
) -> None:
    """Until ``pending`` (what is not there yet) is empty, saying each new state once;
    ``TargetError`` naming what is still pending at the deadline."""
    last = ""

    def report(left: list[str]) -> None:
        nonlocal last
        summary = "waiting for " + ", ".join(left)
        if summary != last:
            progress(summary)
            last = summary

    polled = poll_until(
        pending,
        lambda left: not left,
        timeout=timeout,
        interval=interval,
        clock=clock,
        on_wait=report,
    )
    if not polled.ok:
        raise TargetError(f"not {what} after {timeout:.0f} s ({', '.join(polled.value)})")
    progress(done)


def down(t: Target, *, keep_data: bool = False, progress: Progress = lambda _m: None) -> None:
    """Remove every labelled container and network (and volume unless keep_data); idempotent."""
    from gameday.target.swarm.mode import stack_exists

    docker = client()
    if stack_exists(t.project):  # removing its task containers would only make swarm restart them
        raise TargetError(
            f"{t.project} is a swarm stack, not a compose project",
            hint="gameday target down --engine swarm",
        )
    if t.compose_file.is_file():
        progress(f"stopping {t.project}")
        args = ["down", "--remove-orphans", "--timeout", "10"]
        if not keep_data:
            args.append("-v")
        compose(t).run(args, what=f"stopping {t.project}")
    label = f"{LABEL_PROJECT}={t.project}"
    for c in docker.containers.list(all=True, filters={"label": label}, ignore_removed=True):
        c.remove(force=True, v=True)
    for n in docker.networks.list(filters={"label": label}):
        n.remove()
    if not keep_data:
        for v in docker.volumes.list(filters={"label": label}):
            v.remove(force=True)
        t.history.clear()
    from gameday.target.engine import forget_engine

    forget_engine(t.state_root)


def check_version(t: Target, service: str, version: str) -> None:
    """TargetError unless ``service`` is deployable at ``version`` (both engines ask this)."""
    dep = t.spec.deployable.get(service)
    if dep is None:
        deployable = ", ".join(t.spec.deployable) or "none"
        raise TargetError(f"{service!r} is not deployable (deployable services: {deployable})")
    if version not in dep.versions:
        raise TargetError(
            f"{service} has no version {version!r} (versions: {', '.join(dep.versions)})"
        )


def deploy(
    t: Target, service: str, version: str, progress: Progress, *, action: str = "deploy"
) -> None:
    check_version(t, service, version)
    dep = t.spec.deployable[service]
    t.container(service)  # the target must be up, and the container ours
    build_images(t, progress, only=service)
    progress(f"deploying {service} {version}")
    compose(t, {dep.env: version}).run(
        ["up", "-d", "--no-build", "--no-deps", service], what=f"deploying {service} {version}"
    )
    t.history.record(service, version, action)
    wait_healthy(t, [service], progress, timeout=120)
