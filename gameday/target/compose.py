"""Driving the compose CLI that is present (``docker compose`` or ``docker-compose``).

gameday never re-implements compose: it runs the user's compose tool for create/recreate/remove
and uses the Docker SDK only to inspect and change what compose made.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from gameday.errors import TargetError


@lru_cache(maxsize=1)
def compose_cli() -> tuple[str, ...]:
    """The compose command prefix: ``GAMEDAY_COMPOSE``, else the v2 plugin, else v1."""
    override = os.environ.get("GAMEDAY_COMPOSE", "").split()
    if override:
        return tuple(override)
    docker = shutil.which("docker")
    if docker:
        try:
            probe = subprocess.run(
                [docker, "compose", "version"], capture_output=True, text=True, timeout=20
            )
            if probe.returncode == 0:
                return (docker, "compose")
        except (OSError, subprocess.TimeoutExpired):
            pass
    legacy = shutil.which("docker-compose")
    if legacy:
        return (legacy,)
    raise TargetError(
        "no compose CLI found (neither `docker compose` nor `docker-compose`)",
        hint="install the Docker Compose plugin or Debian's docker-compose package",
    )


def describe() -> str:
    """Human name and version of the compose CLI, for reports and benchmarks."""
    argv = [*compose_cli(), "version"]
    if len(compose_cli()) == 1:
        argv.append("--short")
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        out = "?"
    return f"{' '.join(Path(p).name for p in compose_cli())} {out.splitlines()[0] if out else '?'}"


class Compose:
    """One compose project: its file, its project name and the environment it interpolates."""

    def __init__(self, compose_file: Path, project: str, env: Mapping[str, str]) -> None:
        self.compose_file = compose_file
        self.project = project
        self.env = dict(env)

    def argv(self, *args: str) -> list[str]:
        return [*compose_cli(), "-p", self.project, "-f", str(self.compose_file), *args]

    def run(
        self,
        args: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        what: str | None = None,
    ) -> str:
        """Run compose, return its stdout; on failure raise TargetError with the output's tail."""
        full_env = {**os.environ, **self.env, **(env or {})}
        try:
            proc = subprocess.run(
                self.argv(*args),
                env=full_env,
                cwd=self.compose_file.parent,
                capture_output=True,
                text=True,
                errors="replace",
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise TargetError(
                f"{what or 'compose ' + args[0]} timed out after {timeout:.0f} s"
            ) from None
        if proc.returncode != 0:
            output = (proc.stdout + "\n" + proc.stderr).strip()
            tail = "\n".join(output.splitlines()[-15:])
            raise TargetError(f"{what or 'compose ' + args[0]} failed:\n{tail}")
        return proc.stdout

    def config(self, env: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The resolved compose model (variables interpolated), as compose itself sees it."""
        import yaml

        return yaml.safe_load(self.run(["config"], env=env, what="reading the compose file")) or {}
