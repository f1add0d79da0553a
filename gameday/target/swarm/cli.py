"""Driving the ``docker`` CLI for what it does better than a hand-made API call.

``docker stack deploy`` converts a stack file into services, networks, volumes, configs and
secrets (with its namespace label); ``docker service update`` and ``docker service rollback``
are exactly what a responder types. gameday runs them, never re-implements them, and inspects
the results through the Docker SDK. Images are never resolved against a registry (there is
none here): a single-node swarm runs the images the local engine has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from gameday.errors import TargetError


def docker_cli() -> str:
    path = shutil.which("docker")
    if not path:
        raise TargetError(
            "the docker CLI is not installed (the swarm engine runs `docker stack deploy`)",
            hint="install the docker CLI (Debian: docker.io)",
        )
    return path


def run(args: Sequence[str], *, timeout: float = 300, what: str) -> str:
    """Run ``docker ARGS``; stdout, or TargetError with the output's last lines."""
    try:
        proc = subprocess.run(
            [docker_cli(), *args],
            env=dict(os.environ),
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise TargetError(f"{what} timed out after {timeout:.0f} s") from None
    if proc.returncode != 0:
        output = (proc.stdout + "\n" + proc.stderr).strip()
        tail = "\n".join(output.splitlines()[-15:])
        raise TargetError(f"{what} failed:\n{tail}")
    return proc.stdout


def stack_deploy(stack_file: Path, stack: str) -> str:
    return run(
        ["stack", "deploy", "--compose-file", str(stack_file), "--resolve-image", "never",
         "--prune", stack],
        what=f"docker stack deploy {stack}",
    )  # fmt: skip


def stack_rm(stack: str) -> str:
    return run(["stack", "rm", stack], what=f"docker stack rm {stack}")


def service_update_image(service: str, image: str) -> str:
    return run(
        ["service", "update", "--detach", "--no-resolve-image", "--image", image, service],
        what=f"docker service update --image {image} {service}",
    )


def service_rollback(service: str) -> str:
    return run(
        ["service", "rollback", "--detach", service], what=f"docker service rollback {service}"
    )


def service_force_update(service: str) -> str:
    return run(
        ["service", "update", "--detach", "--force", service],
        what=f"docker service update --force {service}",
    )
