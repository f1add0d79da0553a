"""Deploy history per service, kept in the state directory so a rollback is real.

A responder's ``gameday rollback api`` and a fault's undo both read the same durable record of
what ran before, whichever process deployed it. Each entry also says who deployed and why
(``by``, ``note``): the first question of anyone paged is "what changed, and who changed it?",
and ``gameday target deploys`` and the drill room's "recent deploys" panel answer it from here.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from gameday import state
from gameday.records import record

# Who is deploying, set around the call that deploys. A context variable rather than a parameter
# of every engine's deploy/rollback: who asked is the caller's fact (a responder's --as, a
# scenario's release train), the engines (compose, swarm) only record it.
_DEPLOYER: ContextVar[tuple[str, str] | None] = ContextVar("gameday_deployer", default=None)
MAX_TEXT = 200  # by and note are shown in a table: one bounded line each


@contextmanager
def deployed_by(who: str, note: str = "") -> Iterator[None]:
    """Deploys and rollbacks recorded inside the block name ``who`` (and ``note``)."""
    token = _DEPLOYER.set((_line(who), _line(note)))
    try:
        yield
    finally:
        _DEPLOYER.reset(token)


def _line(text: str) -> str:
    return " ".join(str(text).split())[:MAX_TEXT]


def current_deployer() -> tuple[str, str]:
    """(who, note) for a deploy recorded now: the enclosing ``deployed_by``, else the login."""
    found = _DEPLOYER.get()
    if found is not None:
        return found
    try:
        return _line(getpass.getuser()) or "unknown", ""
    except (KeyError, OSError):
        return "unknown", ""


@record
class Deploy:
    """One change of what a service runs, as a team's deploy log shows it."""

    service: str
    version: str
    action: str  # up | deploy | rollback
    at: dt.datetime | None  # UTC; None when the file's time is unreadable
    by: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "version": self.version,
            "action": self.action,
            "at": self.at.isoformat(timespec="seconds") if self.at else None,
            "by": self.by,
            "note": self.note,
        }

    def ago(self, now: dt.datetime) -> str:
        """``3m ago``: how a deploy log reads while someone is paged."""
        if self.at is None:
            return "?"
        from gameday.durations import format_duration

        seconds = (now - self.at).total_seconds()
        return "just now" if abs(seconds) < 1 else f"{format_duration(seconds)} ago"


def _when(raw: Any) -> dt.datetime | None:
    try:
        at = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        return None
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at.astimezone(dt.UTC)


def _text(raw: Any) -> str:
    return _line(raw) if isinstance(raw, str) else ""


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
        self,
        service: str,
        version: str,
        action: str,
        at: dt.datetime | None = None,
        *,
        by: str | None = None,
        note: str | None = None,
    ) -> None:
        """Append one entry; ``by``/``note`` default to the enclosing ``deployed_by``."""
        when = (at or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
        who, why = current_deployer()
        entry = {"version": version, "action": action, "at": when,
                 "by": _line(by) if by is not None else who,
                 "note": _line(note) if note is not None else why}  # fmt: skip
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A responder's rollback and the runner's deploy/undo are different processes.
        with state.file_lock(self.path.with_name(self.path.name + ".lock")):
            data = self.load()
            data.setdefault(service, []).append(entry)
            state.fsync_write(self.path, json.dumps(data, indent=2).encode())

    def entries(self, service: str | None = None, limit: int | None = None) -> list[Deploy]:
        """Every recorded deploy (of ``service``), newest first, at most ``limit``. The file is
        untrusted: entries without a version are skipped, odd fields read as empty."""
        out = []
        for name, rows in self.load().items():
            if (service is not None and name != service) or not isinstance(rows, list):
                continue
            for row in rows:
                if not isinstance(row, dict) or not row.get("version"):
                    continue
                out.append(Deploy(_line(str(name)), _text(str(row["version"])),
                                  _text(row.get("action")) or "deploy", _when(row.get("at")),
                                  _text(row.get("by")), _text(row.get("note"))))  # fmt: skip
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        order = sorted(range(len(out)), key=lambda i: (out[i].at or epoch, i), reverse=True)
        newest = [out[i] for i in order]  # within a second, the later entry in the file first
        return newest[:limit] if limit is not None else newest

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
