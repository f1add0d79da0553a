"""Stopping a drill from another terminal: a control file the runner polls, SIGTERM as fallback.

The file lives in the drill directory (any terminal on the host finds it through
``gameday.drill.locate``); the runner checks it every loop tick, which costs one ``stat``.
If the runner does not take the request (stuck, or on its way down), the caller signals the
pid recorded in the drill's metadata; if no runner is alive at all, the caller finishes the drill
itself through the same restore path the runner uses.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

from gameday.errors import DrillError

CONTROL_FILE = "control.json"
REQUESTS = ("end", "abort", "real-incident")  # real-incident: abort, people needed elsewhere


def request(drill_dir: Path, what: str, by: str = "") -> None:
    if what not in REQUESTS:
        raise DrillError(f"unknown control request {what!r} (known: {', '.join(REQUESTS)})")
    from gameday.state import fsync_write

    body = {"request": what, "by": by, "at": time.time()}
    fsync_write(drill_dir / CONTROL_FILE, json.dumps(body).encode())


def read(drill_dir: Path) -> dict[str, Any] | None:
    """The pending request, if any (a torn or garbage file counts as none)."""
    try:
        raw = json.loads((drill_dir / CONTROL_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if isinstance(raw, dict) and raw.get("request") in REQUESTS:
        return raw
    return None


def clear(drill_dir: Path) -> None:
    try:
        (drill_dir / CONTROL_FILE).unlink()
    except FileNotFoundError:
        pass


def signal_runner(pid: int) -> bool:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    return True
