"""Rolling updates, rollbacks and forced restarts of swarm services, and waiting for them.

A deploy is ``docker service update --image`` (a real rolling update, with the service's
``update_config``); a rollback to the version of the service's previous spec is ``docker service
rollback`` (the orchestrator's own rollback, with ``rollback_config``). Each waits until the
service has converged on the image it asked for: if swarm itself rolled the update back
(``failure_action: rollback``), the spec no longer names that image and the wait says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from gameday.errors import TargetError
from gameday.target import lifecycle
from gameday.target.swarm import cli
from gameday.target.swarm.views import ServiceView

if TYPE_CHECKING:
    from gameday.target.baseimage import Progress
    from gameday.target.core import Target
    from gameday.target.swarm.engine import SwarmEngine

ROLLOUT_TIMEOUT = 180.0


def deploy(
    engine: SwarmEngine,
    t: Target,
    service: str,
    version: str,
    progress: Progress,
    *,
    action: str = "deploy",
) -> None:
    lifecycle.check_version(t, service, version)
    view = engine.require_view(t, service)  # up, and labelled ours
    lifecycle.build_images(t, progress, only=service)
    image = lifecycle.image_for(t, service, version)
    progress(f"rolling update of {service}: {view.version} -> {version}")
    cli.service_update_image(view.full_name, image)
    t.history.record(service, version, action)
    wait_converged(engine, t, [service], progress, image=image, timeout=ROLLOUT_TIMEOUT)


def rollback(engine: SwarmEngine, t: Target, service: str, version: str, progress: Progress) -> str:
    lifecycle.check_version(t, service, version)
    view = engine.require_view(t, service)
    image = lifecycle.image_for(t, service, version)
    if view.previous_image == image and view.image != image:
        progress(f"docker service rollback {view.full_name} ({view.version} -> {version})")
        cli.service_rollback(view.full_name)
        how = f"service rollback of {view.full_name} to its previous spec ({version})"
    else:  # the previous spec is something else: roll forward to the wanted version
        lifecycle.build_images(t, progress, only=service)
        progress(f"rolling update of {service} back to {version}")
        cli.service_update_image(view.full_name, image)
        how = f"rolling update of {view.full_name} to {version}"
    t.history.record(service, version, "rollback")
    wait_converged(engine, t, [service], progress, image=image, timeout=ROLLOUT_TIMEOUT)
    return how


def restart(engine: SwarmEngine, t: Target, service: str, progress: Progress) -> str:
    view = engine.require_view(t, service)
    progress(f"docker service update --force {view.full_name}")
    old = {task.id for task in view.current}
    cli.service_force_update(view.full_name)
    wait_converged(engine, t, [service], progress, timeout=ROLLOUT_TIMEOUT, replaced=old)
    return f"restarted every task of {view.full_name} (service update --force)"


def wait_converged(
    engine: SwarmEngine,
    t: Target,
    services: Iterable[str],
    progress: Progress,
    *,
    timeout: float = 300,
    image: str | None = None,
    replaced: set[str] | None = None,
) -> None:
    """Until every service has converged (on ``image``, if given, and with none of the task
    ids in ``replaced`` still current: a forced update keeps the image, so only new tasks show
    it is done); fail fast on a rejected task or a paused update."""
    names = list(services)

    def pending() -> list[str]:
        out = []
        for svc in names:
            view = engine.view(t, svc)
            reason = _pending(svc, view, image)
            if reason is None and view is not None and replaced:
                left = [task for task in view.current if task.id in replaced]
                reason = f"{len(left)} task(s) not replaced yet" if left else None
            if reason:
                out.append(f"{svc}: {reason}")
        return out

    lifecycle.wait_settled(pending, progress, timeout=timeout, done="every service has converged")


def _pending(service: str, view: ServiceView | None, image: str | None) -> str | None:
    if view is None:
        return "no service yet"
    failure = view.failure()
    if failure:
        raise TargetError(f"service {service}: {failure}")
    if image and view.image != image:
        if view.update_state.startswith("rollback"):
            raise TargetError(
                f"swarm rolled the update of {service} back ({view.update_message or 'failed'})"
            )
        return f"spec names {view.version}"
    return view.pending()
