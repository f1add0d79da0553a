"""The drill's durable event log: one SQLite file every process of the drill writes to.

Why SQLite: the runner, responders' terminals (separate processes) and the runner's HTTP threads
all append concurrently, and a recorded action must survive ``kill -9`` of any of them. WAL mode
with ``synchronous=FULL`` makes every committed append durable (the WAL is fsynced at commit),
``busy_timeout`` plus short ``BEGIN IMMEDIATE`` transactions serialise writers across processes.

Drill time lives in the log itself (table ``meta``) so every writer computes it the same way,
without sharing a monotonic clock with the runner (which may have died and been resumed):

* ``epoch`` - the wall time (ISO UTC) at which drill time was 0;
* ``paused_t`` - if set, the drill clock is frozen at that many seconds.

``t = paused_t`` when paused, else ``clock.now() - epoch``. Resuming after a pause moves the
epoch forward by the pause length. A runner that crashed and is resumed leaves the epoch as it
is: the outage kept going while it was dead (faults stayed applied), so that time counts.

``t`` is computed *inside* the write transaction, so ids and times rise together across
processes. An explicit ``t`` lower than the last event's is raised to it (ids never go back in
time), which keeps the ``Event`` invariant "``id`` increases with ``t``".
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock, RealClock
from gameday.errors import DrillError
from gameday.events import DRILL_STARTED, SYSTEM_ACTOR, Event

if TYPE_CHECKING:
    from gameday.timeline import Timeline

LOG_FILE = "events.sqlite"
FORMAT_VERSION = 1
BUSY_TIMEOUT_MS = 15_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    t     REAL    NOT NULL,
    wall  TEXT    NOT NULL,
    actor TEXT    NOT NULL,
    kind  TEXT    NOT NULL,
    data  TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS events_kind ON events(kind);
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


@dataclass(frozen=True)
class DrillTime:
    """Drill time as the log defines it, the one definition: seconds of wall time since
    ``epoch``, frozen at ``paused_t`` while the drill is paused."""

    epoch: datetime | None
    paused_t: float | None = None

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> DrillTime:
        epoch = meta.get("epoch")
        paused = meta.get("paused_t")
        return cls(
            datetime.fromisoformat(epoch) if epoch else None, float(paused) if paused else None
        )

    def at(self, wall: datetime) -> float:
        """Drill time at ``wall``: an instant of the current stretch (now, a sample just read)."""
        if self.paused_t is not None:
            return self.paused_t
        if self.epoch is None:
            return 0.0
        return max(0.0, (wall - self.epoch).total_seconds())

    def at_timestamp(self, ts: float) -> float:
        """``at`` for a POSIX timestamp (what Locust's stats lines carry)."""
        return self.at(datetime.fromtimestamp(ts, UTC))


class EventLog:
    """Append-only, multi-process event log of one drill (``<drill_dir>/events.sqlite``)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, clock: Clock) -> None:
        self.path = path
        self.clock = clock
        self._conn = conn
        self._lock = threading.Lock()

    # --- opening ----------------------------------------------------------------------------
    @classmethod
    def open(
        cls, drill_dir: str | Path, *, clock: Clock | None = None, create: bool = True
    ) -> EventLog:
        """Open (and with ``create``, initialise) the log in ``drill_dir``."""
        d = Path(drill_dir)
        path = d / LOG_FILE
        if not create and not path.exists():
            raise DrillError(f"no event log at {path}")
        d.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(
                str(path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise DrillError(f"{path}: SQLite refused WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=FULL")
            if create:  # responders open an existing log: no schema writes on their path
                conn.executescript(_SCHEMA)
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('format', ?)",
                    (str(FORMAT_VERSION),),
                )
        except sqlite3.DatabaseError as exc:
            raise DrillError(f"cannot open the event log {path}: {exc}") from None
        return cls(path, conn, clock or RealClock())

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One short ``BEGIN IMMEDIATE`` transaction; durable once the block returns."""
        with self._lock:
            c = self._conn
            try:
                c.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise DrillError(f"the event log is busy or unwritable: {exc}") from None
            try:
                yield c
            except BaseException:
                c.execute("ROLLBACK")
                raise
            c.execute("COMMIT")

    # --- drill time -------------------------------------------------------------------------
    def _meta(self, c: sqlite3.Connection) -> dict[str, str]:
        return dict(c.execute("SELECT key, value FROM meta").fetchall())

    def _t_from(self, meta: dict[str, str], now: datetime) -> float:
        return DrillTime.from_meta(meta).at(now)

    def drill_time(self) -> DrillTime:
        """The clock's state now, to turn many wall times into drill times with one read (a
        view reading a file of wall-stamped samples)."""
        with self._lock:
            return DrillTime.from_meta(self._meta(self._conn))

    def start_clock(self, epoch: datetime | None = None) -> datetime:
        """Set drill time 0 to ``epoch`` (default: now) unless already set; return the epoch."""
        epoch = epoch or self.clock.now()
        with self._write() as c:
            c.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('epoch', ?)", (epoch.isoformat(),)
            )
            value = self._meta(c)["epoch"]
        return datetime.fromisoformat(value)

    @property
    def epoch(self) -> datetime | None:
        with self._lock:
            value = self._meta(self._conn).get("epoch")
        return datetime.fromisoformat(value) if value else None

    def now_t(self) -> float:
        """Current drill time in seconds (0 before ``start_clock``)."""
        with self._lock:
            meta = self._meta(self._conn)
        return self._t_from(meta, self.clock.now())

    def pause_clock(self) -> float:
        """Freeze drill time (e.g. the facilitator paused the drill); return it."""
        with self._write() as c:
            meta = self._meta(c)
            t = self._t_from(meta, self.clock.now())
            if not meta.get("paused_t"):
                c.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('paused_t', ?)", (repr(t),)
                )
        return t

    def unpause_clock(self) -> float:
        """Let drill time run again from where it was frozen; return it."""
        with self._write() as c:
            meta = self._meta(c)
            if not meta.get("paused_t"):
                return self._t_from(meta, self.clock.now())
            t = float(meta["paused_t"])
            now = self.clock.now()
            epoch = datetime.fromtimestamp(now.timestamp() - t, UTC)
            c.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('epoch', ?)", (epoch.isoformat(),)
            )
            c.execute("DELETE FROM meta WHERE key = 'paused_t'")
        return t

    # --- writing ----------------------------------------------------------------------------
    def append(
        self,
        kind: str,
        data: dict[str, Any] | None = None,
        *,
        actor: str = SYSTEM_ACTOR,
        t: float | None = None,
    ) -> Event:
        """Record one event; it is on disk (fsynced) when this returns."""
        payload = json.dumps(data or {}, sort_keys=True, separators=(",", ":"), default=str)
        with self._write() as c:
            now = self.clock.now()
            if t is None:
                t = self._t_from(self._meta(c), now)
            row = c.execute("SELECT MAX(t) FROM events").fetchone()
            if row[0] is not None and t < row[0]:
                t = float(row[0])
            cur = c.execute(
                "INSERT INTO events(t, wall, actor, kind, data) VALUES (?, ?, ?, ?, ?)",
                (float(t), now.isoformat(), actor, kind, payload),
            )
            eid = int(cur.lastrowid or 0)
        return Event(id=eid, t=float(t), wall=now, actor=actor, kind=kind, data=json.loads(payload))

    # --- reading ----------------------------------------------------------------------------
    def events(self, since_id: int = 0, kinds: Iterable[str] | None = None) -> list[Event]:
        """Events with ``id > since_id`` in id order (optionally only the given kinds)."""
        sql = "SELECT id, t, wall, actor, kind, data FROM events WHERE id > ?"
        args: list[Any] = [since_id]
        if kinds is not None:
            ks = list(kinds)
            sql += f" AND kind IN ({','.join('?' * len(ks))})"
            args += ks
        with self._lock:
            rows = self._conn.execute(sql + " ORDER BY id", args).fetchall()
        return [_row_event(r) for r in rows]

    def first(self, kind: str) -> Event | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT id, t, wall, actor, kind, data FROM events WHERE kind = ? "
                "ORDER BY id LIMIT 1",
                (kind,),
            ).fetchone()
        return _row_event(row) if row else None

    def last_id(self) -> int:
        with self._lock:
            row = self._conn.execute("SELECT MAX(id) FROM events").fetchone()
        return int(row[0] or 0)

    def to_timeline(self, **header: Any) -> Timeline:
        """The log as a ``gameday.timeline.Timeline`` (``docs/timeline.md``); t=0 is the epoch.

        ``header`` goes to ``Timeline.from_events`` (drill, scenario, team, title, playbook...).
        """
        from gameday.timeline import Timeline

        events = self.events()
        if not any(e.kind == DRILL_STARTED for e in events):  # else: its wall time, exactly
            header.setdefault("started", self.epoch)
        return Timeline.from_events(events, **header)


def _row_event(row: tuple[Any, ...]) -> Event:
    eid, t, wall, actor, kind, data = row
    return Event(
        id=int(eid),
        t=float(t),
        wall=datetime.fromisoformat(wall),
        actor=actor,
        kind=kind,
        data=json.loads(data),
    )
