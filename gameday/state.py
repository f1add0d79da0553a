"""Where gameday keeps what must outlive a process: the staging CA, restore journal, drills.

Every gameday command on the host finds the same state directory with no configuration, so a
responder's terminal finds the running drill and ``gameday restore`` finds the journal after a
``kill -9``. ``GAMEDAY_STATE_DIR`` moves it (tests give each session its own).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def state_dir() -> Path:
    env = os.environ.get("GAMEDAY_STATE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
        base = Path(xdg) / "gameday"
    base.mkdir(parents=True, exist_ok=True)
    return base


def cache_dir() -> Path:
    """Build caches shared by every state directory (base image rootfs, build locks)."""
    env = os.environ.get("GAMEDAY_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = Path(xdg) / "gameday"
    base.mkdir(parents=True, exist_ok=True)
    return base


def project_root() -> Path:
    """The checkout gameday runs from (holds ``targets/``, ``scenarios/``, ``playbooks/``)."""
    return Path(__file__).resolve().parent.parent


def subdir(*parts: str) -> Path:
    p = state_dir().joinpath(*parts)
    p.mkdir(parents=True, exist_ok=True)
    return p


def fsync_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and durably (tmp file, fsync, rename, fsync dir)."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    dfd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (created if missing).

    flock, not a lock file's existence: the kernel drops it when the holder dies, so a ``kill -9``
    never leaves gameday locked out.
    """
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
