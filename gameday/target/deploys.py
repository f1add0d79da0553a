"""Deploy history per service, kept in the state directory so a rollback is real.

A responder's ``gameday rollback api`` and a fault's undo both read the same durable record of
what ran before, whichever process deployed it.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from gameday import state


def rollback_version(history: list[str]) -> str | None:
    """The version to return to: the latest one before the current that differs from it."""
    if not history:
        return None
    current = history[-1]
    for version in reversed(history[:-1]):
        if version != current:
            return version
    return None


class DeployHistory:
    """``{service: [{"version", "action", "at"}, ...]}`` in one JSON file, written durably."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, list[dict[str, Any]]]:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):  # missing or unreadable: no history yet
            return {}
        return data if isinstance(data, dict) else {}

    def versions(self, service: str) -> list[str]:
        return [str(e.get("version")) for e in self.load().get(service, []) if e.get("version")]

    def record(
        self, service: str, version: str, action: str, at: dt.datetime | None = None
    ) -> None:
        when = (at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A responder's rollback and the runner's deploy/undo are different processes.
        with state.file_lock(self.path.with_name(self.path.name + ".lock")):
            data = self.load()
            data.setdefault(service, []).append({"version": version, "action": action, "at": when})
            state.fsync_write(self.path, json.dumps(data, indent=2).encode())

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
