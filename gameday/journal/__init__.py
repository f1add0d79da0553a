"""The durable restore journal: how to undo every fault, written before the fault acts.

An append-only JSON-lines log under ``state_dir()/journal/``. A fault's ``pending`` record is
fsync'd before ``inject`` runs and a ``done`` record after its undo is verified, so whatever kills
the injecting process (Ctrl-C, SIGTERM, an exception, ``kill -9``, a power cut) the next
``gameday restore`` knows exactly what is still applied. A torn last line (a crash mid-write) is
ignored: its fault had not started acting yet.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gameday.errors import RestorePending
from gameday.records import record
from gameday.state import file_lock, fsync_write, subdir

LOG_NAME = "restore.jsonl"


@record
class JournalEntry:
    """One applied (or being-applied) fault and everything needed to undo it from scratch."""

    id: str
    fault: str  # the step name in the scenario (``cert``), or the type for ad-hoc faults
    type: str  # fault type name (``expired_cert``)
    params: dict[str, Any]  # raw params, re-parsed by restore
    target: str  # target spec: a folder (targets/shop) or a compose project name
    project: str  # compose project the fault acted on
    state: dict[str, Any] = field(default_factory=dict)  # from FaultType.prepare
    scenario: str | None = None  # scenario file, so restore can check its steady state
    drill: str | None = None  # drill id, if a drill injected it
    env: dict[str, str] = field(default_factory=dict)  # GAMEDAY_PROJECT/ports as the injector saw
    created: str = ""  # wall time, ISO 8601 UTC
    pid: int = 0
    host: str = ""

    def describe(self) -> str:
        where = f"{self.project}"
        svc = self.params.get("service") if isinstance(self.params, dict) else None
        if svc:
            where += f"/{svc}"
        return f"{self.fault} ({self.type} on {where}, since {self.created[:19]}Z, pid {self.pid})"


class Journal:
    """The log file plus an advisory lock so concurrent gameday processes append safely."""

    def __init__(self, directory: Path | None = None) -> None:
        self.dir = directory if directory is not None else subdir("journal")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.path = self.dir / LOG_NAME

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with file_lock(self.dir / ".lock"):
            yield

    def _append(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, sort_keys=True, default=str) + "\n").encode()
        with self._locked():
            fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    line = b"\n" + line  # end a torn line from a crash so ours parses
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)

    def _records(self) -> list[dict[str, Any]]:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        out = []
        for raw in data.split(b"\n"):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except ValueError:
                continue  # torn write from a crash: that fault never started acting
            if isinstance(rec, dict) and "op" in rec and "id" in rec:
                out.append(rec)
        return out

    def record(
        self,
        *,
        fault: str,
        type: str,
        params: dict[str, Any],
        target: str,
        project: str,
        state: dict[str, Any] | None = None,
        scenario: str | None = None,
        drill: str | None = None,
        env: dict[str, str] | None = None,
    ) -> JournalEntry:
        """Durably note a fault about to act. Returns once the record is fsync'd."""
        from gameday.target.settings import capture_target_env

        entry = JournalEntry(
            id=uuid.uuid4().hex[:12],
            fault=fault,
            type=type,
            params=dict(params or {}),
            target=target,
            project=project,
            state=dict(state or {}),
            scenario=scenario,
            drill=drill,
            env=dict(env if env is not None else capture_target_env()),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            pid=os.getpid(),
            host=socket.gethostname(),
        )
        self._append({"op": "pending", **asdict(entry)})
        return entry

    def mark_done(self, entry_id: str, *, by: str = "undo") -> None:
        self._append({"op": "done", "id": entry_id, "by": by, "pid": os.getpid()})

    def pending(self) -> list[JournalEntry]:
        """Faults still applied, oldest first (restore walks them newest first)."""
        entries: dict[str, JournalEntry] = {}
        for rec in self._records():
            if rec["op"] == "pending":
                fields = {k: v for k, v in rec.items() if k in JournalEntry.__dataclass_fields__}
                try:
                    entries[rec["id"]] = JournalEntry(**fields)
                except TypeError:
                    continue
            elif rec["op"] == "done":
                entries.pop(rec["id"], None)
        return list(entries.values())

    def compact(self) -> None:
        """Drop finished entries (keeps the log short across many drills)."""
        with self._locked():
            keep = {e.id for e in self.pending()}
            lines = [
                json.dumps(r, sort_keys=True, default=str)
                for r in self._records()
                if r["op"] == "pending" and r["id"] in keep
            ]
            fsync_write(self.path, ("\n".join(lines) + "\n").encode() if lines else b"")


def pending_restores(
    journal: Journal | None = None, *, project: str | None = None
) -> list[JournalEntry]:
    """Faults a previous (possibly crashed) process left applied (on ``project`` if given)."""
    entries = (journal or Journal()).pending()
    return [e for e in entries if project is None or e.project == project]


def ensure_no_pending(journal: Journal | None = None, *, project: str | None = None) -> None:
    """Raise ``RestorePending`` if any fault is still applied: a drill must not start on top."""
    pending = pending_restores(journal, project=project)
    if pending:
        listed = "; ".join(e.describe() for e in pending[:3])
        more = f" and {len(pending) - 3} more" if len(pending) > 3 else ""
        raise RestorePending(
            f"a previous drill left {len(pending)} fault(s) applied: {listed}{more}",
            hint="run `gameday restore` to undo them and check steady state",
        )
