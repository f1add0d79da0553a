"""Where gameday keeps what must outlive a process: the staging CA, restore journal, drills.

Every gameday command on the host finds the same state directory with no configuration, so a
responder's terminal finds the running drill and ``gameday restore`` finds the journal after a
``kill -9``. ``GAMEDAY_STATE_DIR`` moves it (tests give each session its own).
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from gameday.errors import StateError


def state_dir() -> Path:
    """``$GAMEDAY_STATE_DIR``, else ``$XDG_STATE_HOME/gameday`` (``~/.local/state/gameday``),
    created if missing; ``StateError`` naming it when it cannot be a folder."""
    return _folder("GAMEDAY_STATE_DIR", lambda: _xdg("XDG_STATE_HOME", ".local/state"))


def cache_dir() -> Path:
    """Build caches shared by every state directory (base image rootfs, build locks)."""
    return _folder("GAMEDAY_CACHE_DIR", lambda: _xdg("XDG_CACHE_HOME", ".cache"))


def _xdg(var: str, fallback: str) -> Path:
    base = os.environ.get(var) or str(Path.home() / fallback)
    return Path(base) / "gameday"


def _folder(var: str, default: Callable[[], Path]) -> Path:
    raw = os.environ.get(var, "")
    where = f"{var}={raw}" if raw else None
    if raw and ("\x00" in raw or not raw.strip()):
        raise StateError(f"{var}={raw!r} is not a usable folder name")
    try:
        base = Path(raw) if raw else default()
    except RuntimeError as exc:  # no home directory to default to
        raise StateError(f"cannot find a folder for gameday's state ({exc}); set {var}") from None
    ensure_folder(base, what=where)
    return base


def ensure_folder(path: Path, *, what: str | None = None) -> Path:
    """Make ``path`` a folder (with its parents) or raise ``StateError`` naming it."""
    label = what or str(path)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise StateError(
            f"{label}: is a file, not a folder",
            hint="point it at a folder (or remove the file)",
        ) from None
    except NotADirectoryError:
        raise StateError(f"{label}: a part of this path is a file, not a folder") from None
    except OSError as exc:
        raise StateError(f"{label}: cannot create the folder: {exc.strerror}") from None
    if not path.is_dir():  # a dangling symlink, say
        raise StateError(f"{label}: is not a folder")
    return path


def project_root() -> Path:
    """The checkout gameday runs from (holds ``targets/``, ``scenarios/``, ``playbooks/``)."""
    return Path(__file__).resolve().parent.parent


def subdir(*parts: str) -> Path:
    return ensure_folder(state_dir().joinpath(*parts))


def fsync_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and durably (tmp file, fsync, rename, fsync dir)."""
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        dfd = os.open(path.parent, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError as exc:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise StateError(f"{path}: cannot write: {exc.strerror}") from None


@contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (created if missing).

    flock, not a lock file's existence: the kernel drops it when the holder dies, so a ``kill -9``
    never leaves gameday locked out.
    """
    try:  # O_CLOEXEC: a child (Locust, docker) never inherits the lock and keeps it alive
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        what = "is a folder, not a lock file" if exc.errno == errno.EISDIR else exc.strerror
        raise StateError(f"{path}: cannot lock: {what}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
