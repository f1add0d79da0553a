"""Locust workers as a swarm service: the customers of a drill on a swarm target.

On a swarm the load belongs on the orchestrator too: ``gameday run --workers K`` on a swarm
target creates one service of K worker tasks instead of K local processes. What it is made of:

- **One image, from Debian packages** (``locust_worker/Dockerfile``: the target's base image
  plus ``python3-locust``), built locally and cached by content like the shop's images; no
  registry. Locust refuses a worker of another version than its master, so the master runs
  from the same image: a ``docker run --rm`` child of the runner (host network, the drill
  folder mounted at its own path so the stats plugin writes ``customers.jsonl`` where the
  runner tails it, the host's pid namespace so the plugin sees the runner die). Killing the
  ``docker run`` client stops the container (signals are proxied; the runner's death reaches
  the client through ``PR_SET_PDEATHSIG``).
- **The workers reach the master on the host network**: the service's tasks use the node's
  network stack (``--network host``), so the master listening on this host is at
  ``127.0.0.1:PORT`` for tasks on this node, and at the manager's address for tasks on other
  nodes (``--master-bind``; docs/scaling.md). The target's proxy is reached the same way.
- **Files as swarm configs**: the locustfile, the stats plugin and the staging CA travel as
  configs (a node has no checkout), labelled like the service.
- **Removed by label**: the service, its configs and the master container carry
  ``gameday.project``, ``gameday.helper=locust`` and ``gameday.runner-pid``; the customers stop
  them at the end of a drill, ``gameday end``/``abort`` for a dead runner, and ``gameday
  restore`` sweeps whatever a runner that is gone left behind.
"""

from __future__ import annotations

import hashlib
import os
import socket
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, LABEL_TARGET, client
from gameday.errors import TargetError

HELPER = "locust"
LABEL_RUNNER_PID = "gameday.runner-pid"
LABEL_RUNNER_HOST = "gameday.runner-host"
IMAGE_REPO = "gameday-locust-worker"
CONTEXT = Path(__file__).parent / "locust_worker"
FILES_DIR = "/gameday-locust"  # where a task finds the configs
Progress = Callable[[str], None]


def labels(project: str, target: str, runner_pid: int) -> dict[str, str]:
    return {
        LABEL_TARGET: target,
        LABEL_PROJECT: project,
        LABEL_HELPER: HELPER,
        LABEL_RUNNER_PID: str(runner_pid),
        LABEL_RUNNER_HOST: socket.gethostname(),
    }


def ensure_image(base_image: str, progress: Progress = lambda _m: None) -> str:
    """The worker image for ``base_image``, built once (content-hashed) and reused."""
    from gameday.target.images import ImageBuild
    from gameday.target.images import ensure_image as build

    tag = hashlib.sha256(base_image.encode()).hexdigest()[:12]
    plan = ImageBuild(
        service="locust-worker",
        image=f"{IMAGE_REPO}:{tag}",
        context=CONTEXT,
        dockerfile="Dockerfile",
        args=(("BASE_IMAGE", base_image),),
    )
    build(client(), plan, progress)
    return plan.image


def service_name(project: str) -> str:
    return f"{project}-locust-workers"[:63]


def master_container_name(project: str) -> str:
    return f"{project}-locust-master"


def master_prefix(
    image: str,
    *,
    project: str,
    labels: Mapping[str, str],
    mounts: list[Path],
    env: Mapping[str, str],
) -> list[str]:
    """``docker run`` argv that runs Locust's master from the workers' image; append Locust's
    arguments. ``mounts`` are bound read-write at their own paths (the drill folder) or
    read-only (files); ``env`` is passed by name only (values never on a command line)."""
    argv = ["docker", "run", "--rm", "--init", "--name", master_container_name(project)]
    argv += ["--network", "host", "--pid", "host"]
    for k, v in labels.items():
        argv += ["--label", f"{k}={v}"]
    for m in mounts:
        argv += ["--volume", f"{m}:{m}" + ("" if m.is_dir() else ":ro")]
    for name in env:
        argv += ["--env", name]
    argv += ["--workdir", str(mounts[0]) if mounts else "/", "--entrypoint", "python3", image]
    return [*argv, "-m", "locust"]


def start_workers(
    *,
    project: str,
    target: str,
    image: str,
    replicas: int,
    master_host: str,
    master_port: int,
    files: Mapping[str, Path],
    env: Mapping[str, str],
    runner_pid: int,
) -> str:
    """Create the labelled worker service (``replicas`` tasks); returns its name.

    ``files`` maps a file name in the task (``locustfile.py``, ``locust_stats.py``, ``ca.crt``)
    to the file on this host; each becomes a labelled config.
    """
    import docker.errors
    from docker.types import ConfigReference, EndpointSpec, RestartPolicy

    docker_client = client()
    lab = labels(project, target, runner_pid)
    remove(project)  # a previous drill's leftovers: same names
    refs = []
    try:
        for name, path in files.items():
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            cfg = docker_client.configs.create(
                name=f"{project}-locust-{name.replace('.', '-')}-{digest}"[:64],
                data=data,
                labels=lab,
            )
            refs.append(
                ConfigReference(
                    str(cfg.id), str(cfg.name), filename=f"{FILES_DIR}/{name}", mode=0o444
                )
            )
        locustfiles = ",".join(f"{FILES_DIR}/{n}" for n in files if n.endswith(".py"))
        args = ["-f", locustfiles, "--worker", "--master-host", master_host]
        args += ["--master-port", str(master_port), "--loglevel", "WARNING"]
        svc = docker_client.services.create(  # type: ignore[no-untyped-call]
            image,
            args=args,
            name=service_name(project),
            labels=lab,
            container_labels=lab,
            env=[f"{k}={v}" for k, v in env.items()],
            configs=refs,
            networks=["host"],
            mode={"Replicated": {"Replicas": replicas}},
            restart_policy=RestartPolicy(condition="on-failure", max_attempts=3),
            endpoint_spec=EndpointSpec(mode="dnsrr"),
        )
    except docker.errors.APIError as exc:
        remove(project)
        raise TargetError(f"could not create the Locust worker service: {exc}") from None
    return str(svc.name)


def running_tasks(project: str) -> int:
    """Worker tasks swarm reports running (for status lines and tests)."""
    import docker.errors

    try:
        svc = client().services.get(service_name(project))  # type: ignore[no-untyped-call]
        tasks = svc.tasks(filters={"desired-state": "running"})
    except docker.errors.NotFound:
        return 0
    return sum(1 for t in tasks if (t.get("Status") or {}).get("State") == "running")


def remove(project: str, *, only_orphans: bool = False) -> list[str]:
    """Remove the Locust helpers of ``project`` (every project: ``""``) by label: the worker
    service, its configs, the master container. ``only_orphans``: only those whose runner (on
    this host) is gone. Returns what was removed; never raises for what is already gone."""
    import docker.errors

    docker_client = client()
    wanted = [f"{LABEL_HELPER}={HELPER}"]
    if project:
        wanted.append(f"{LABEL_PROJECT}={project}")
    flt: dict[str, Any] = {"label": wanted}
    removed: list[str] = []

    def ours(lab: Mapping[str, str]) -> bool:
        return not only_orphans or _orphaned(lab)

    swarm = (docker_client.info().get("Swarm") or {}).get("ControlAvailable")
    if swarm:
        gone_services = []
        for svc in docker_client.services.list(filters=flt):
            if ours((svc.attrs.get("Spec") or {}).get("Labels") or {}):
                try:
                    svc.remove()  # type: ignore[no-untyped-call]
                except docker.errors.NotFound:
                    pass
                gone_services.append(str(svc.id))
                removed.append(str(svc.name))
        if gone_services:
            _wait_tasks_gone(docker_client, gone_services)
        for cfg in docker_client.configs.list(filters=flt):
            if ours((cfg.attrs.get("Spec") or {}).get("Labels") or {}):
                _retry_remove(cfg)  # in use until the last task is gone
                removed.append(str(cfg.name))
    for c in docker_client.containers.list(all=True, filters=flt, ignore_removed=True):
        if c.labels.get(LABEL_SERVICE_ID_KEY) or not ours(c.labels):
            continue  # a worker task: its service's removal takes it
        try:
            c.remove(force=True)
            removed.append(str(c.name))
        except docker.errors.NotFound:
            pass
    return removed


def _wait_tasks_gone(docker_client: Any, service_ids: list[str], timeout: float = 60) -> None:
    """``service rm`` returns at once; its task containers stop and go afterwards (the configs
    stay in use until then, and "removed at the end" means gone)."""
    from gameday.clock import poll_until

    def gone() -> bool:
        return not any(
            docker_client.containers.list(
                all=True, filters={"label": f"{LABEL_SERVICE_ID_KEY}={sid}"}, ignore_removed=True
            )
            for sid in service_ids
        )

    poll_until(gone, timeout=timeout, interval=0.5)


LABEL_SERVICE_ID_KEY = "com.docker.swarm.service.id"


def _retry_remove(item: Any) -> None:
    import docker.errors

    from gameday.clock import poll_until

    def gone() -> bool:
        try:
            item.remove()
        except docker.errors.NotFound:
            return True
        except docker.errors.APIError:
            return False
        return True

    poll_until(gone, timeout=30, interval=0.5)


def _orphaned(lab: Mapping[str, str]) -> bool:
    """True when the runner that made it ran on this host and is gone."""
    if lab.get(LABEL_RUNNER_HOST) != socket.gethostname():
        return False
    try:
        pid = int(lab.get(LABEL_RUNNER_PID, "0"))
    except ValueError:
        return True
    if pid <= 1:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
