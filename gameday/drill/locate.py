"""Where a drill lives on disk, and how any terminal on the host finds the running one.

Layout under ``gameday.state.state_dir()``::

    drills/
      current                  # text: the id of the running drill (absent when none)
      <drill-id>/
        drill.json             # DrillMeta (0600: it holds the join token)
        events.sqlite          # the EventLog (+ -wal / -shm while open)
        drill.lock             # flock for read-modify-write of drill.json

Responder commands need no configuration: they read ``current``, then ``drill.json``. The drill id
is ``YYYYMMDD-HHMMSS-xxxx`` and deliberately does not name the scenario (it would give the answer
away on the responders' screens).
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import state
from gameday.clock import Clock, RealClock
from gameday.drill.log import LOG_FILE, EventLog
from gameday.errors import DrillError, NoDrillRunning

if TYPE_CHECKING:
    from gameday.timeline import Timeline

META_FILE = "drill.json"
CURRENT_FILE = "current"
DEFAULT_COMPONENTS = ("Storefront", "Checkout", "Payments", "Customer accounts")


@dataclass(frozen=True)
class DrillMeta:
    """What a responder process must know about a drill it did not start."""

    id: str
    scenario: str = ""  # scenario id: facilitator-only, never sent to responders
    scenario_path: str = ""
    team: str = ""  # team name
    team_file: str | None = None
    token: str = ""  # join token for the HTTP endpoint
    facilitator_token: str = ""  # the facilitator console's token (never given to responders)
    created: str = ""  # ISO UTC wall time the drill was created
    state: str = "running"  # running | ended
    pid: int | None = None  # the runner's pid (None: no runner attached)
    host: str = ""  # the runner's hostname
    url: str | None = None  # the runner's HTTP endpoint, once serving
    target: str | None = None  # target folder or compose project the drill breaks
    target_env: dict[str, str] = field(default_factory=dict)  # GAMEDAY_PROJECT ... of the runner
    components: tuple[str, ...] = DEFAULT_COMPONENTS  # shown on the public status page
    ended: str | None = None
    end_reason: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # free for the runner

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["components"] = list(self.components)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DrillMeta:
        names = {f.name for f in dataclasses.fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        if "components" in kw:
            kw["components"] = tuple(kw["components"])
        return cls(**kw)


class Drill:
    """A handle on one drill directory; cheap to create, re-reads metadata on demand."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.id = directory.name
        self._log: EventLog | None = None

    def __repr__(self) -> str:
        return f"Drill({self.dir})"

    @property
    def meta_path(self) -> Path:
        return self.dir / META_FILE

    def meta(self) -> DrillMeta:
        try:
            raw = json.loads(self.meta_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DrillError(f"{self.dir} is not a drill (no {META_FILE})") from None
        except (OSError, ValueError) as exc:
            raise DrillError(f"cannot read {self.meta_path}: {exc}") from None
        return DrillMeta.from_dict(raw)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with state.file_lock(self.dir / "drill.lock"):
            yield

    def update(self, **changes: Any) -> DrillMeta:
        """Change metadata fields durably (locked read-modify-write, atomic replace)."""
        with self._locked():
            meta = dataclasses.replace(self.meta(), **changes)
            _write_meta(self.dir, meta)
        return meta

    def log(self, clock: Clock | None = None) -> EventLog:
        """The drill's event log (opened once per handle)."""
        if self._log is None:
            self._log = EventLog.open(self.dir, clock=clock, create=False)
        elif clock is not None:
            self._log.clock = clock
        return self._log

    def timeline(self) -> Timeline:
        """The drill's log in the exchange format scoring reads, header from the metadata."""
        meta = self.meta()
        return self.log().to_timeline(drill=meta.id, scenario=meta.scenario, team=meta.team)

    def close(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def is_running(self) -> bool:
        return self.meta().state == "running"

    def runner_alive(self) -> bool:
        """Whether the runner process recorded in the metadata still exists on this host."""
        meta = self.meta()
        if meta.pid is None or meta.host != socket.gethostname():
            return False
        try:
            os.kill(meta.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def mark_running(self, pid: int | None = None) -> DrillMeta:
        """Attach a (resumed) runner and make this the current drill again."""
        meta = self.update(
            state="running",
            pid=pid or os.getpid(),
            host=socket.gethostname(),
            ended=None,
            end_reason=None,
        )
        set_current(self)
        return meta

    def mark_ended(self, reason: str, clock: Clock | None = None) -> DrillMeta:
        """Record that the drill is over; responder commands then get ``NoDrillRunning``."""
        now = (clock or RealClock()).now().isoformat()
        meta = self.update(state="ended", ended=now, end_reason=reason, pid=None)
        clear_current(self)
        return meta


def _write_meta(directory: Path, meta: DrillMeta) -> None:
    data = json.dumps(meta.to_dict(), indent=2, sort_keys=True).encode()
    state.fsync_write(directory / META_FILE, data)


def drills_root() -> Path:
    return state.subdir("drills")


def new_drill_id(clock: Clock | None = None) -> str:
    now = (clock or RealClock()).now()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def create_drill(
    scenario: str,
    *,
    scenario_path: str = "",
    team: str = "",
    team_file: str | None = None,
    target: str | None = None,
    target_env: dict[str, str] | None = None,
    components: tuple[str, ...] = DEFAULT_COMPONENTS,
    clock: Clock | None = None,
    pid: int | None = None,
    drill_id: str | None = None,
    make_current: bool = True,
    extra: dict[str, Any] | None = None,
) -> Drill:
    """Make a drill directory, its metadata, its log with drill time 0 = now; mark it current."""
    clock = clock or RealClock()
    did = drill_id or new_drill_id(clock)
    d = drills_root() / did
    try:
        d.mkdir(mode=0o700)
    except FileExistsError:
        raise DrillError(f"a drill {did!r} already exists in {d.parent}") from None
    env = target_env
    if env is None:
        from gameday.target.settings import capture_target_env

        env = capture_target_env()
    meta = DrillMeta(
        id=did,
        scenario=scenario,
        scenario_path=scenario_path,
        team=team,
        team_file=team_file,
        token=secrets.token_urlsafe(24),
        facilitator_token=secrets.token_urlsafe(24),
        created=clock.now().isoformat(),
        pid=pid if pid is not None else os.getpid(),
        host=socket.gethostname(),
        target=target,
        target_env=dict(env),
        components=tuple(components),
        extra=dict(extra or {}),
    )
    _write_meta(d, meta)
    with EventLog.open(d, clock=clock) as log:
        log.start_clock(clock.now())
    drill = Drill(d)
    if make_current:
        set_current(drill)
    return drill


def set_current(drill: Drill) -> None:
    state.fsync_write(drills_root() / CURRENT_FILE, (drill.id + "\n").encode())


def clear_current(drill: Drill) -> None:
    """Remove the ``current`` pointer if it still points at ``drill``."""
    p = drills_root() / CURRENT_FILE
    try:
        if p.read_text().strip() == drill.id:
            p.unlink()
    except FileNotFoundError:
        pass


def open_drill(ref: str | Path) -> Drill:
    """A drill by id (in the state directory) or by directory path."""
    p = Path(ref)
    if not (p / META_FILE).exists():
        p = drills_root() / str(ref)
    if not (p / META_FILE).exists() or not (p / LOG_FILE).exists():
        raise DrillError(f"no drill {str(ref)!r} (looked in {drills_root()})")
    return Drill(p)


def find_running_drill() -> Drill:
    """The drill responders act on; ``NoDrillRunning`` with a clear message when there is none."""
    p = drills_root() / CURRENT_FILE
    try:
        did = p.read_text().strip()
    except FileNotFoundError:
        raise NoDrillRunning(
            f"no drill is running (nothing in {drills_root()})",
            hint="ask the facilitator to start one with `gameday run`, or pass --server/--token",
        ) from None
    drill = Drill(drills_root() / did)
    try:
        meta = drill.meta()
    except DrillError:
        raise NoDrillRunning(f"no drill is running (the current pointer names {did!r})") from None
    if meta.state != "running":
        raise NoDrillRunning(f"no drill is running (drill {did} ended: {meta.end_reason})")
    return drill


def list_drills() -> list[Drill]:
    root = drills_root()
    return sorted(
        (Drill(p) for p in root.iterdir() if (p / META_FILE).is_file()), key=lambda d: d.id
    )
