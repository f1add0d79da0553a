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
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from gameday import state
from gameday.clock import Clock, RealClock
from gameday.drill import proc
from gameday.drill.log import LOG_FILE, EventLog
from gameday.errors import DrillError, NoDrillRunning, StateError, ValidationError
from gameday.formats.core import (
    Length,
    Pattern,
    Range,
    Reader,
    SingleLine,
    read_value,
    short,
)
from gameday.formats.load import errors_of
from gameday.records import record
from gameday.yamlsrc import format_path, load_file, read_text

if TYPE_CHECKING:
    from gameday.timeline import Timeline

META_FILE = "drill.json"
MAX_META_BYTES = 1_000_000
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_BROKEN_HINT = "this drill's state is damaged; `gameday restore` still undoes its faults"
_CURRENT_HINT = "remove it if no drill is running (`gameday run` writes it again)"
CURRENT_FILE = "current"
DEFAULT_COMPONENTS = ("Storefront", "Checkout", "Payments", "Customer accounts")


DrillId = Annotated[
    str, Pattern(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}", "is not a drill id"), Length(1, 128)
]
Line = Annotated[str, SingleLine(), Length(0, 4096)]
Token = Annotated[str, Pattern(r"[A-Za-z0-9_.~+/=-]*", "is not a token"), Length(0, 512)]


@record
class DrillMeta:
    """What a responder process must know about a drill it did not start.

    ``drill.json`` is read by the typed reader (``read_meta``): the state folder is untrusted
    input like any file, and a wrong-typed value must be an error naming it, not a crash later.
    """

    id: DrillId
    scenario: Line = ""  # scenario id: facilitator-only, never sent to responders
    scenario_path: Line = ""
    team: Line = ""  # team name
    team_file: Line | None = None
    token: Token = ""  # join token for the HTTP endpoint
    facilitator_token: Token = ""  # the facilitator console's token (never given to responders)
    created: Line = ""  # ISO UTC wall time the drill was created
    state: Literal["running", "ended"] = "running"
    pid: Annotated[int, Range(1, 2**31 - 1)] | None = None  # the runner's (None: none attached)
    pid_start: Line | None = None  # the runner's identity (``gameday.drill.proc.identity``)
    host: Line = ""  # the runner's hostname
    url: Line | None = None  # the runner's HTTP endpoint, once serving
    target: Line | None = None  # target folder or compose project the drill breaks
    target_env: dict[Line, Line] = field(default_factory=dict)  # GAMEDAY_PROJECT ... of the runner
    components: tuple[Line, ...] = DEFAULT_COMPONENTS  # shown on the public status page
    ended: Line | None = None
    end_reason: Line | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # free for the runner

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["components"] = list(self.components)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DrillMeta:
        """Typed, from data already parsed; ``ValueError`` saying what is wrong."""
        reader = Reader()
        meta = read_value(cls, _known(d), reader)
        if reader.issues:
            where, message = reader.issues[0]
            raise ValueError(f"{format_path(where)}: {message}")
        return meta


def _known(d: dict[str, Any]) -> dict[str, Any]:
    """The keys this gameday knows (a newer one may add some: they are not an error)."""
    names = {f.name for f in dataclasses.fields(DrillMeta)}
    return {k: v for k, v in d.items() if k in names}


def read_meta(path: Path) -> DrillMeta:
    """``drill.json`` as a ``DrillMeta``; ``StateError`` naming file, line and key otherwise."""
    try:
        src = load_file(path, max_bytes=MAX_META_BYTES)
    except ValidationError as exc:
        raise StateError(str(exc), hint=_BROKEN_HINT) from None
    if not isinstance(src.data, dict):
        raise StateError(str(src.error((), "expected a JSON object")), hint=_BROKEN_HINT)
    reader = Reader(line_of=src.line)
    meta = read_value(DrillMeta, _known(src.data), reader)
    if reader.issues:
        err = errors_of(src, reader.issues)[0]
        raise StateError(str(err), hint=_BROKEN_HINT)
    return meta


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
        if not os.path.lexists(self.meta_path):
            raise DrillError(f"{self.dir} is not a drill (no {META_FILE})")
        return read_meta(self.meta_path)

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
        if meta.pid is None or meta.host != proc.host_name():
            return False
        return proc.is_same(meta.pid, meta.pid_start)

    def mark_running(self, pid: int | None = None) -> DrillMeta:
        """Attach a (resumed) runner and make this the current drill again."""
        pid = pid or os.getpid()
        meta = self.update(
            state="running",
            pid=pid,
            pid_start=proc.identity(pid),
            host=proc.host_name(),
            ended=None,
            end_reason=None,
        )
        set_current(self)
        return meta

    def mark_ended(self, reason: str, clock: Clock | None = None) -> DrillMeta:
        """Record that the drill is over; responder commands then get ``NoDrillRunning``."""
        now = (clock or RealClock()).now().isoformat()
        meta = self.update(state="ended", ended=now, end_reason=reason, pid=None, pid_start=None)
        clear_current(self)
        return meta


def _write_meta(directory: Path, meta: DrillMeta) -> None:
    data = json.dumps(meta.to_dict(), indent=2, sort_keys=True).encode()
    state.fsync_write(directory / META_FILE, data)


def drills_root() -> Path:
    return state.subdir("drills")


def new_drill_id(clock: Clock | None = None) -> str:
    import secrets  # hashlib and OpenSSL: only when a drill is made, never for a responder

    now = (clock or RealClock()).now()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def new_token() -> str:
    """A join token (192 random bits, URL-safe) that never starts with ``-``: responders type it
    after ``--token``, where argparse takes a leading dash for an option (1 token in 64 did)."""
    import secrets  # as new_drill_id: only when a drill is made

    while True:
        token = secrets.token_urlsafe(24)
        if not token.startswith("-"):
            return token


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
        token=new_token(),
        facilitator_token=new_token(),
        created=clock.now().isoformat(),
        pid=pid if pid is not None else os.getpid(),
        pid_start=proc.identity() if pid is None or pid == os.getpid() else None,
        host=proc.host_name(),
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


def read_current() -> str | None:
    """The id in ``drills/current`` (None: no such file); ``StateError`` when it is not a
    small text file holding a drill id (a folder, a FIFO, garbage)."""
    p = drills_root() / CURRENT_FILE
    if not os.path.lexists(p):
        return None
    try:
        text = read_text(p, max_bytes=4096)
    except ValidationError as exc:
        raise StateError(
            f"{exc}; it should hold the running drill's id", hint=_CURRENT_HINT
        ) from None
    did = text.strip()
    if not _ID.fullmatch(did):
        raise StateError(
            f"{p}: {short(did)} is not a drill id; it should hold the running drill's id",
            hint=_CURRENT_HINT,
        )
    return did


def set_current(drill: Drill) -> None:
    state.fsync_write(drills_root() / CURRENT_FILE, (drill.id + "\n").encode())


def clear_current(drill: Drill) -> None:
    """Remove the ``current`` pointer if it still points at ``drill``."""
    p = drills_root() / CURRENT_FILE
    try:
        if read_current() == drill.id:
            p.unlink()
    except (StateError, FileNotFoundError):
        pass  # not ours to remove: whoever reads it next is told what is wrong


def open_drill(ref: str | Path) -> Drill:
    """A drill by id (in the state directory) or by directory path."""
    text = str(ref)
    if not text.strip() or "\x00" in text:
        raise DrillError(f"{short(text)} is not a drill id or folder")
    p = Path(ref)
    try:
        if not os.path.lexists(p / META_FILE):
            p = drills_root() / text
        found = os.path.lexists(p / META_FILE) and os.path.lexists(p / LOG_FILE)
    except OSError:
        found = False
    if not found:
        raise DrillError(f"no drill {short(text)} (looked in {drills_root()})")
    return Drill(p)


def find_running_drill() -> Drill:
    """The drill responders act on; ``NoDrillRunning`` with a clear message when there is none."""
    did = read_current()
    if did is None:
        raise NoDrillRunning(
            f"no drill is running (nothing in {drills_root()})",
            hint="ask the facilitator to start one with `gameday run`, or pass --server/--token",
        )
    drill = Drill(drills_root() / did)
    if not os.path.lexists(drill.dir):  # a pointer left behind: no drill can run there
        raise NoDrillRunning(
            f"no drill is running ({drills_root() / CURRENT_FILE} names drill {did}, whose "
            "folder is gone)",
            hint=f"remove {drills_root() / CURRENT_FILE}",
        )
    meta = drill.meta()  # a drill folder that is not one: StateError / DrillError saying so
    if meta.state != "running":
        raise NoDrillRunning(f"no drill is running (drill {did} ended: {meta.end_reason})")
    return drill


def list_drills() -> list[Drill]:
    root = drills_root()
    return sorted(
        (Drill(p) for p in root.iterdir() if (p / META_FILE).is_file()), key=lambda d: d.id
    )
