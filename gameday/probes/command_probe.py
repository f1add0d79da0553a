"""``command``: run an argv list on the host; exit code 0 (or the expected one) is healthy.

An escape hatch for anything the other probes cannot express (``curl``, ``pg_isready``, a
team's own health script). Always an argv list, never a shell string.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from gameday.formats.core import Range
from gameday.params import ParamError, ProbeTimeout
from gameday.probes.base import ProbeResult, ProbeType
from gameday.records import record


@record
class CommandParams:
    argv: list[str]
    expect_exit: Annotated[int, Range(0, 255)] = 0
    output: str | None = None  # a regular expression stdout+stderr must match
    timeout: ProbeTimeout = 10.0

    def __post_init__(self) -> None:
        if not self.argv:
            raise ParamError("argv", "must name a program: a non-empty list")
        if self.timeout <= 0:
            raise ParamError("timeout", "must be more than 0s")
        if self.output is not None:
            try:
                re.compile(self.output)
            except re.error as exc:
                raise ParamError("output", f"not a valid regular expression: {exc}") from None


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:160] if lines else ""


def check_command(target: Any, p: CommandParams) -> ProbeResult:
    import subprocess  # here: validating a scenario imports every probe type, runs none

    cwd = getattr(target, "path", None)
    cwd = str(cwd) if cwd is not None and Path(cwd).is_dir() else None
    cmd = " ".join(p.argv)
    try:
        proc = subprocess.run(
            list(p.argv),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=p.timeout,
            check=False,
        )
    except FileNotFoundError:
        return ProbeResult(False, f"command not found: {p.argv[0]}")
    except PermissionError:
        return ProbeResult(False, f"not executable: {p.argv[0]}")
    except subprocess.TimeoutExpired:
        return ProbeResult(False, f"`{cmd}` timed out after {p.timeout:g}s")
    out = (proc.stdout or b"").decode("utf-8", "replace") + (proc.stderr or b"").decode(
        "utf-8", "replace"
    )
    if proc.returncode != p.expect_exit:
        tail = _last_line(out)
        return ProbeResult(
            False,
            f"`{cmd}` exited {proc.returncode}, expected {p.expect_exit}"
            + (f": {tail}" if tail else ""),
        )
    if p.output is not None and not re.search(p.output, out):
        return ProbeResult(
            False, f"`{cmd}` output does not match /{p.output}/: {_last_line(out)!r}"
        )
    return ProbeResult(True, f"`{cmd}` exited {proc.returncode}")


PROBE = ProbeType(
    name="command",
    params=CommandParams,
    check=check_command,
    summary="a host command exits 0",
)
