"""Is the process a drill recorded still *that* process? Pids alone cannot say.

A runner killed with ``-9`` leaves its pid in ``drill.json``. ``kill(pid, 0)`` then answers
"alive" for a zombie nobody reaped yet, and for any unrelated process that was given the same
pid later (or after a reboot). Either way ``gameday end`` would wait for a runner that will
never answer. So a drill records its runner's *identity*: the boot it ran in and the process's
start time (``/proc/<pid>/stat`` field 22, clock ticks since boot), which no other process can
share; a process counts as the runner only if both still match and it is not a zombie.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

_BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


def host_name() -> str:
    """This host's name, as ``socket.gethostname()`` gives it on Linux (both are uname's
    nodename), without importing ``socket``: every responder command checks it."""
    return os.uname().nodename


def _stat(pid: int) -> list[str] | None:
    """The fields of ``/proc/<pid>/stat`` after the command name (which may hold spaces)."""
    try:
        raw = Path(f"/proc/{int(pid)}/stat").read_bytes()
    except (OSError, ValueError):
        return None
    _, _, rest = raw.rpartition(b")")
    return rest.decode("ascii", "replace").split()


def identity(pid: int | None = None) -> str | None:
    """``<boot id>:<start time>`` of ``pid`` (default: this process); None where there is no
    ``/proc`` (not Linux), in which case only the pid is compared."""
    fields = _stat(pid if pid is not None else os.getpid())
    if fields is None or len(fields) < 20:
        return None
    try:
        boot = _BOOT_ID.read_text().strip()
    except OSError:
        boot = ""
    return f"{boot}:{fields[19]}"


def zombie(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and bool(fields) and fields[0] in ("Z", "X")


def exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except (OverflowError, ValueError):
        return False
    return True


def is_same(pid: int, recorded: str | None, *, cmdline_has: bytes = b"gameday") -> bool:
    """Whether ``pid`` is still the process recorded with identity ``recorded``.

    Without a recorded identity (a drill from an older gameday), the process must at least
    exist, not be a zombie, and run ``cmdline_has`` (pid reuse by an unrelated program)."""
    if not exists(pid) or zombie(pid):
        return False
    now = identity(pid)
    if recorded is not None and now is not None:
        return now == recorded
    if now is None:  # no /proc: the pid is all there is
        return True
    try:
        return cmdline_has in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` making a child get ``sig`` when the process starting it dies, however
    it dies (``kill -9`` included); None where ``prctl`` is not available (not Linux).

    The kernel sends it when the *thread* that started the child exits: start children meant
    to live as long as the process from its main thread (the runner does). libc is looked up
    here, in the parent, so the child only makes one system call between fork and exec.
    """
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def preexec() -> None:
        prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the call: nobody will signal us
            os._exit(0)

    return preexec


def kill_group(pid: int, sig: int = signal.SIGKILL) -> bool:
    """Signal the process group ``pid`` leads (a child started in its own session)."""
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError, OverflowError, ValueError):
        return False
    return True
