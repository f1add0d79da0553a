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
import math
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock, RealClock
from gameday.errors import DrillError, StateError
from gameday.events import DRILL_STARTED, SYSTEM_ACTOR, Event
from gameday.records import record

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


@record
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
        """Open (and with ``create``, initialise) the log in ``drill_dir``.

        An existing log is checked before use: not a regular file, not an SQLite database,
        or without gameday's tables is a ``StateError`` naming it (never a traceback later).
        """
        d = Path(drill_dir)
        path = d / LOG_FILE
        if not create and not os.path.lexists(path):
            raise DrillError(f"no event log at {path}")
        if os.path.lexists(path) and not path.is_file():
            raise StateError(f"{path}: is not a file; expected the drill's event log (SQLite)")
        if create:
            from gameday.state import ensure_folder

            ensure_folder(d)
        conn: sqlite3.Connection | None = None
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
                raise StateError(f"{path}: SQLite refused WAL mode (got {mode})")
            conn.execute("PRAGMA synchronous=FULL")
            if create:  # responders open an existing log: no schema writes on their path
                conn.executescript(_SCHEMA)
                conn.execute(
                    "INSERT OR IGNORE INTO meta(key, value) VALUES ('format', ?)",
                    (str(FORMAT_VERSION),),
                )
            _check_schema(conn, path)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StateError(f"{path}: not a usable event log: {exc}", hint=_HINT) from None
        except StateError:
            if conn is not None:
                conn.close()
            raise
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
        with self._lock, self._errors():
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

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors():
            yield self._conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """SQLite failing under us (the file replaced or truncated mid-drill) and values no
        gameday wrote, as one ``StateError`` naming the log."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StateError(f"{self.path}: cannot use the event log: {exc}", hint=_HINT) from None

    # --- drill time -------------------------------------------------------------------------
    def _meta(self, c: sqlite3.Connection) -> dict[str, str]:
        return dict(c.execute("SELECT key, value FROM meta").fetchall())

    def _t_from(self, meta: dict[str, str], now: datetime) -> float:
        return self._drill_time(meta).at(now)

    def drill_time(self) -> DrillTime:
        """The clock's state now, to turn many wall times into drill times with one read (a
        view reading a file of wall-stamped samples)."""
        with self._read() as c:
            return self._drill_time(self._meta(c))

    def _drill_time(self, meta: dict[str, str]) -> DrillTime:
        """``DrillTime`` of the stored clock; values no gameday wrote are a ``StateError``."""
        try:
            dt = DrillTime.from_meta(meta)
        except (TypeError, ValueError):
            dt = None
        ok = dt is not None and (
            dt.paused_t is None or (math.isfinite(dt.paused_t) and dt.paused_t >= 0)
        )
        if dt is None or not ok:
            raise StateError(
                f"{self.path}: the drill clock (epoch {meta.get('epoch')!r}, paused at "
                f"{meta.get('paused_t')!r}) is not readable",
                hint=_HINT,
            )
        if dt.epoch is not None and dt.epoch.tzinfo is None:
            dt = DrillTime(dt.epoch.replace(tzinfo=UTC), dt.paused_t)
        return dt

    def _time(self, value: Any) -> datetime:
        try:
            return _wall(value)
        except (TypeError, ValueError):
            raise StateError(
                f"{self.path}: the drill clock's epoch {value!r} is not a time", hint=_HINT
            ) from None

    def _seconds(self, value: Any) -> float:
        try:
            t = float(value)
        except (TypeError, ValueError):
            t = math.nan
        if not math.isfinite(t) or t < 0:
            raise StateError(f"{self.path}: the paused drill time {value!r} is not a time")
        return t

    def start_clock(self, epoch: datetime | None = None) -> datetime:
        """Set drill time 0 to ``epoch`` (default: now) unless already set; return the epoch."""
        epoch = epoch or self.clock.now()
        with self._write() as c:
            c.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('epoch', ?)", (epoch.isoformat(),)
            )
            value = self._meta(c)["epoch"]
        return self._time(value)

    @property
    def epoch(self) -> datetime | None:
        with self._read() as c:
            value = self._meta(c).get("epoch")
        return self._time(value) if value else None

    def now_t(self) -> float:
        """Current drill time in seconds (0 before ``start_clock``)."""
        with self._read() as c:
            meta = self._meta(c)
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
            t = self._seconds(meta["paused_t"])
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
            last = c.execute("SELECT MAX(t) FROM events").fetchone()[0]
            if last is not None and not isinstance(last, int | float):
                raise StateError(f"{self.path}: an event's time is {last!r}", hint=_HINT)
            if last is not None and t < last:
                t = float(last)
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
        with self._read() as c:
            rows = c.execute(sql + " ORDER BY id", args).fetchall()
        return [_row_event(r, self.path) for r in rows]

    def first(self, kind: str) -> Event | None:
        with self._read() as c:
            row = c.execute(
                "SELECT id, t, wall, actor, kind, data FROM events WHERE kind = ? "
                "ORDER BY id LIMIT 1",
                (kind,),
            ).fetchone()
        return _row_event(row, self.path) if row else None

    def last_id(self) -> int:
        with self._read() as c:
            row = c.execute("SELECT MAX(id) FROM events").fetchone()
        try:
            return int(row[0] or 0)
        except (TypeError, ValueError):
            raise StateError(f"{self.path}: event ids are not numbers", hint=_HINT) from None

    def to_timeline(self, **header: Any) -> Timeline:
        """The log as a ``gameday.timeline.Timeline`` (``docs/timeline.md``); t=0 is the epoch.

        ``header`` goes to ``Timeline.from_events`` (drill, scenario, team, title, playbook...).
        """
        from gameday.timeline import Timeline

        events = self.events()
        if not any(e.kind == DRILL_STARTED for e in events):  # else: its wall time, exactly
            header.setdefault("started", self.epoch)
        return Timeline.from_events(events, **header)


_HINT = "the drill's record is damaged; `gameday restore` still undoes its faults"
_COLUMNS = {
    "events": {"id", "t", "wall", "actor", "kind", "data"},
    "meta": {"key", "value"},
}


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    """gameday's tables with gameday's columns, or ``StateError`` saying what is missing."""
    for table, columns in _COLUMNS.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})").fetchall()}
        if not have:
            raise StateError(f"{path}: not a gameday event log (no table {table!r})", hint=_HINT)
        missing = sorted(columns - have)
        if missing:
            raise StateError(
                f"{path}: not a gameday event log (table {table!r} has no {missing[0]!r})",
                hint=_HINT,
            )


def _row_event(row: tuple[Any, ...], path: Path) -> Event:
    """A stored row as an ``Event``; a row gameday could not have written is a ``StateError``
    naming the log and the event (one corrupt row must not pass for a valid drill)."""
    eid, t, wall, actor, kind, data = row
    try:
        payload = json.loads(data)
        if not isinstance(payload, dict):
            raise ValueError("data is not a JSON object")
        time = float(t)
        if not math.isfinite(time):
            raise ValueError(f"t is {time}")
        return Event(
            id=int(eid),
            t=time,
            wall=_wall(wall),
            actor=str(actor),
            kind=str(kind),
            data=payload,
        )
    except (TypeError, ValueError) as exc:
        raise StateError(f"{path}: event {eid}: cannot be read ({exc})", hint=_HINT) from None


def _wall(text: Any) -> datetime:
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)
