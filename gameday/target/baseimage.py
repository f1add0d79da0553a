"""The base image every shop service builds FROM, made from Debian packages without a registry.

The engine cannot pull, so ``mmdebstrap`` writes a Debian rootfs tarball that ``docker import``
turns into an image. One image carries the packages of all services: one build (about a minute),
shared layers, and each service's Dockerfile still installs what it misses when a team points
``BASE_IMAGE`` at a stock image instead. The tag is a hash of the recipe, so changing the package
list builds a new image and an unchanged recipe never rebuilds; a file lock keeps concurrent
``gameday target up`` runs from building it twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from gameday import state
from gameday.errors import TargetError

if TYPE_CHECKING:
    from docker import DockerClient

Progress = Callable[[str], None]

SUITE = "bookworm"
PACKAGES: tuple[str, ...] = (
    "ca-certificates",
    "curl",
    "gunicorn",
    "iproute2",  # tc netem for network faults
    "iputils-ping",
    "less",
    "netcat-openbsd",
    "nginx",
    "openssl",
    "postgresql-15",
    "postgresql-client-15",
    "procps",
    "python3",
    "python3-flask",
    "python3-psycopg2",
    "tini",
)
# Bumped when the recipe changes in a way the package list does not show (hooks, options).
RECIPE_REVISION = "1"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
DEFAULT_SECURITY_MIRROR = "http://deb.debian.org/debian-security"
IMAGE_REPO = "gameday-base"

_DPKG_EXCLUDES = (
    "/usr/share/doc/*",
    "/usr/share/man/*",
    "/usr/share/info/*",
    "/usr/share/locale/*",
)
# The postgresql package creates a default cluster we never use: the db service initialises
# its own in a volume.
_CUSTOMIZE = (
    'rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*.bin '
    '"$1"/var/lib/postgresql/15/main "$1"/etc/postgresql/15/main'
)
_IMPORT_CHANGES = (
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "ENV LANG=C.UTF-8",
    'CMD ["/bin/bash"]',
    "LABEL gameday.base=1",
)


def packages(base: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """The package list (``base``: a target's own, ``x-gameday.base_packages``; default the
    shop's), plus any extra packages a team adds via ``GAMEDAY_BASE_PACKAGES``."""
    extra = os.environ.get("GAMEDAY_BASE_PACKAGES", "").replace(",", " ").split()
    return tuple(sorted(set(PACKAGES if base is None else base) | set(extra)))


def mirrors() -> list[str]:
    main = os.environ.get("GAMEDAY_DEBIAN_MIRROR", DEFAULT_MIRROR).rstrip("/")
    security = os.environ.get("GAMEDAY_DEBIAN_SECURITY_MIRROR", DEFAULT_SECURITY_MIRROR)
    return [
        f"deb {main} {SUITE} main",
        f"deb {main} {SUITE}-updates main",
        f"deb {security.rstrip('/')} {SUITE}-security main",
    ]


def image_tag(pkgs: tuple[str, ...] | None = None) -> str:
    """``gameday-base:bookworm-<hash>``: the same recipe always names the same image."""
    recipe = "\n".join([SUITE, RECIPE_REVISION, *(pkgs or packages()), *_DPKG_EXCLUDES, _CUSTOMIZE])
    digest = hashlib.sha256(recipe.encode()).hexdigest()[:12]
    return f"{IMAGE_REPO}:{SUITE}-{digest}"


def mmdebstrap_argv(tarball: Path, pkgs: tuple[str, ...]) -> list[str]:
    argv = [
        "mmdebstrap",
        "--variant=apt",
        "--include=" + ",".join(pkgs),
        '--aptopt=APT::Install-Recommends "false"',
    ]
    argv += [f"--dpkgopt=path-exclude={p}" for p in _DPKG_EXCLUDES]
    argv += [
        "--dpkgopt=path-include=/usr/share/locale/locale.alias",
        f"--customize-hook={_CUSTOMIZE}",
    ]
    return [*argv, SUITE, str(tarball), *mirrors()]


@contextlib.contextmanager
def build_lock(name: str) -> Iterator[None]:
    """An exclusive lock shared by every gameday process on the host (flock: dies with us)."""
    with state.file_lock(state.cache_dir() / f"{name}.lock"):
        yield


def image_exists(client: DockerClient, tag: str) -> bool:
    import docker.errors

    try:
        client.images.get(tag)
    except docker.errors.ImageNotFound:
        return False
    return True


def ensure_mmdebstrap(progress: Progress) -> str:
    found = shutil.which("mmdebstrap")
    if found:
        return found
    progress("installing mmdebstrap with apt-get")
    try:
        for argv in (["apt-get", "update"], ["apt-get", "install", "-y", "mmdebstrap"]):
            subprocess.run(
                argv,
                check=True,
                capture_output=True,
                text=True,
                env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
            )
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        raise TargetError(
            "mmdebstrap is missing and could not be installed: "
            + (detail.strip().splitlines() or ["apt-get failed"])[-1],
            hint="install it (apt-get install mmdebstrap), or pass --base-image "
            "debian:bookworm-slim if your engine can pull images",
        ) from None
    found = shutil.which("mmdebstrap")
    if not found:
        raise TargetError("mmdebstrap was installed but is not on PATH")
    return found


def ensure_base_image(
    client: DockerClient,
    progress: Progress = lambda _msg: None,
    pkgs: tuple[str, ...] | None = None,
) -> tuple[str, bool]:
    """Return (tag, built_now); build the base image only if no image has this recipe's tag.

    ``pkgs`` (from ``packages(...)``) is a target's own list; default the shop's. One lock for
    every recipe: two mmdebstrap runs at once would only slow each other down.
    """
    pkgs = pkgs or packages()
    tag = image_tag(pkgs)
    if image_exists(client, tag):
        return tag, False
    with build_lock("base-image"):
        if image_exists(client, tag):  # another process built it while we waited
            return tag, False
        _build(client, tag, pkgs, progress)
    return tag, True


def _build(client: DockerClient, tag: str, pkgs: tuple[str, ...], progress: Progress) -> None:
    ensure_mmdebstrap(progress)
    work = Path(tempfile.mkdtemp(prefix="base-", dir=state.cache_dir()))
    tarball = work / "rootfs.tar"
    try:
        progress(f"mmdebstrap {SUITE} with {len(pkgs)} packages")
        tail: list[str] = []
        proc = subprocess.Popen(
            mmdebstrap_argv(tarball, pkgs),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            line = line.rstrip()
            tail = [*tail[-39:], line]
            if line.startswith("I: "):
                progress("mmdebstrap: " + line[3:])
        if proc.wait() != 0:
            raise TargetError(
                f"building the base image failed (mmdebstrap exit {proc.returncode}):\n"
                + "\n".join(tail[-20:]),
                hint="check that the Debian mirror is reachable (GAMEDAY_DEBIAN_MIRROR)",
            )
        repo, _, version = tag.partition(":")
        progress(f"docker import {tag} ({tarball.stat().st_size // 2**20} MiB rootfs)")
        client.api.import_image_from_file(
            str(tarball), repository=repo, tag=version, changes=list(_IMPORT_CHANGES)
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
