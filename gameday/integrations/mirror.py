"""Mirroring a drill to the team's integrations: follow the event log, send what each enabled
integration's follower asks for; nothing it does can stop the drill. The drill session's
integrations part (``gameday.drill.parts.integrations``) hands ``dispatch`` every recorded event (in
log order, on its loop thread), whoever wrote it: the runner, a responder's terminal, the HTTP
endpoint, the autopilot. So the runner's logic never calls an integration, and everything is
mirrored the same way. Each integration has its own sender thread and queue: the loop thread never
waits for a network, a slow Slack never delays a PagerDuty page, and one integration's messages keep
their order. A failed request is a warning (said to the facilitator, recorded as
``integration.warning``, written to ``integrations.jsonl`` in the drill folder) and the drill goes
on; a missing secret turns that integration off for this drill, with a warning saying why.

Nothing is sent twice after a crash: ``integrations.json`` in the drill folder keeps, per
integration, the last event it finished with. A resumed runner's part replays the log up to
there into the followers without sending (rebuilding their state: was PagerDuty triggered?),
then sends what the dead runner never did. ``gameday end`` on a drill whose runner is gone uses
the same ``Integrations`` without a session (``run_once``), so the pager is still resolved.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.clock import Clock, RealClock
from gameday.errors import GamedayError
from gameday.integrations.config import enabled
from gameday.integrations.delivery import Delivery, RetryPolicy, send
from gameday.integrations.spec import DrillInfo, Follower, IntegrationSpec, Outbound

if TYPE_CHECKING:
    from gameday.drill.locate import Drill
    from gameday.events import Event

PROGRESS_FILE = "integrations.json"
AUDIT_FILE = "integrations.jsonl"
DRAIN_S = 20.0  # the longest the end of a drill waits for the last messages to go out
Say = Callable[[str], None]
Record = Callable[[str, dict[str, Any]], Any]


@dataclass
class _Channel:
    """One enabled outbound integration: its follower, queue and sender thread."""

    name: str
    follower: Follower
    through: int = 0  # the last event id whose requests were all handled
    q: queue.Queue[tuple[int, Outbound | None]] = field(default_factory=queue.Queue)
    thread: threading.Thread | None = None
    sent: int = 0
    failed: int = 0
    unsaved: bool = False  # requests handled since the progress file was last written


class Integrations:
    """The enabled outbound integrations of one drill: followers, senders, records."""

    def __init__(
        self,
        drill: Drill,
        settings: dict[str, tuple[IntegrationSpec, Any]],
        *,
        team: str = "",
        clock: Clock | None = None,
        say: Say = print,
        record: Record | None = None,
        policy: RetryPolicy | None = None,
        status_url: str | None = None,
    ) -> None:
        self.drill = drill
        self.clock = clock or RealClock()
        self.say = say
        self._record = record
        self.policy = policy or RetryPolicy()
        self.info = DrillInfo(drill.id, team, status_url)
        self.channels: dict[str, _Channel] = {}
        self.warnings: list[str] = []
        self.seen = 0  # the last event handed to the followers
        self._lock = threading.Lock()  # progress file and audit lines
        for name, (spec, params) in settings.items():
            if spec.follow is None:
                continue
            try:
                follower = spec.follow(params, self.info)
            except GamedayError as exc:
                self._warn(name, "start", f"off for this drill: {exc}")
                continue
            except Exception as exc:  # a plugin's bug: that integration is off, the drill runs
                self._warn(name, "start", f"off for this drill: {type(exc).__name__}: {exc}")
                continue
            self.channels[name] = _Channel(name, follower)

    @classmethod
    def for_team(cls, drill: Drill, team: Any, **kwargs: Any) -> Integrations:
        """For ``team``'s file and the environment (``gameday.integrations.config.enabled``)."""
        return cls(drill, enabled(team), team=getattr(team, "name", ""), **kwargs)

    # --- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        """Start the senders and catch up with the log (a resumed drill's missed events)."""
        if not self.channels:
            return
        for ch in self.channels.values():
            ch.thread = threading.Thread(
                target=self._sender, args=(ch,), name=f"integration-{ch.name}", daemon=True
            )
            ch.thread.start()
        self._catch_up()
        names = ", ".join(sorted(self.channels))
        self.say(f"integrations: {names} follow this drill (every message marked [DRILL])")

    def dispatch(self, e: Event) -> None:
        """Hand ``e`` to every follower; their requests go to the senders' queues."""
        if e.id <= self.seen:
            return
        self.seen = e.id
        for ch in self.channels.values():
            if e.id <= ch.through:
                continue
            try:
                out = ch.follower.follow(e)
            except Exception as exc:
                self._warn(ch.name, e.kind, f"could not build the request: {exc}")
                out = []
            for o in out:
                ch.q.put((e.id, o))
            ch.q.put((e.id, None))  # marks the event done for this integration

    def drain(self, timeout: float = DRAIN_S) -> None:
        """Send what is queued, then stop the senders (waiting at most ``timeout`` seconds:
        the end of a drill is never held up for long by a receiver that does not answer)."""
        deadline = time.monotonic() + timeout
        for ch in self.channels.values():
            ch.q.put((0, None))
        for ch in self.channels.values():
            if ch.thread is None:
                continue
            ch.thread.join(max(0.1, deadline - time.monotonic()))
            if ch.thread.is_alive():
                self._warn(ch.name, "stop", "still sending when the drill ended; gave up")
            ch.thread = None

    def run_once(self, timeout: float = DRAIN_S) -> None:
        """Catch up with the whole log and send it (a drill finished without its runner)."""
        if not self.channels:
            return
        self.start()
        for e in self.drill.log(self.clock).events(since_id=self.seen):
            self.dispatch(e)
        self.drain(timeout)

    def _catch_up(self) -> None:
        """Replay into the followers what they handled before (no sending), then hand them
        what was recorded since (a resumed drill: what the dead runner never sent)."""
        done = self._read_progress()
        for e in self.drill.log(self.clock).events():
            for ch in self.channels.values():
                if e.id <= done.get(ch.name, 0):
                    _quiet(ch.follower, e)
                    ch.through = e.id
            if e.id > min(done.get(name, 0) for name in self.channels):
                self.dispatch(e)
            self.seen = max(self.seen, e.id)

    # --- sending -----------------------------------------------------------------------------
    def _sender(self, ch: _Channel) -> None:
        while True:
            event_id, out = ch.q.get()
            if out is None:
                if event_id == 0:
                    if ch.unsaved:
                        self._save_progress()
                    return
                ch.through = event_id
                if ch.unsaved:  # only requests need remembering: replaying the rest is free
                    ch.unsaved = False
                    self._save_progress()
                continue
            ch.unsaved = True
            result = send(out, clock=self.clock, policy=self.policy)
            self._audit(result)
            if result.ok:
                ch.sent += 1
            else:
                ch.failed += 1
                self._warn(ch.name, out.what, result.reason)

    # --- records -----------------------------------------------------------------------------
    def _warn(self, integration: str, what: str, reason: str) -> None:
        line = f"gameday: warning: integration {integration} {what} failed: {reason}"
        self.warnings.append(line)
        self.say(line)
        data = {"integration": integration, "what": what, "reason": reason}
        try:
            if self._record is not None:
                self._record(ev.INTEGRATION_WARNING, data)
            elif self.drill.meta().state == "running":
                self.drill.log(self.clock).append(ev.INTEGRATION_WARNING, data)
        except Exception:  # the log itself failing: the line above said it
            pass

    def _audit(self, d: Delivery) -> None:
        row = {
            "at": self.clock.now().isoformat(),
            "integration": d.outbound.integration,
            "what": d.outbound.what,
            "ok": d.ok,
            "status": d.status,
            "attempts": d.attempts,
            **({"reason": d.reason} if d.reason else {}),
        }
        with self._lock:
            try:
                with (self.drill.dir / AUDIT_FILE).open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(row) + "\n")
            except OSError:
                pass

    @property
    def _progress_path(self) -> Path:
        return self.drill.dir / PROGRESS_FILE

    def _read_progress(self) -> dict[str, int]:
        try:
            raw = json.loads(self._progress_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        return {
            str(k): v
            for k, v in raw.items()
            if isinstance(v, int) and not isinstance(v, bool) and v >= 0
        }

    def _save_progress(self) -> None:
        from gameday.state import fsync_write

        with self._lock:
            data = {name: ch.through for name, ch in self.channels.items()}
            try:
                fsync_write(self._progress_path, json.dumps(data).encode())
            except OSError:
                pass

    def report(self) -> list[str]:
        """One line per integration: what it sent, what failed."""
        return [
            f"integration {ch.name}: {ch.sent} sent, {ch.failed} failed"
            for ch in self.channels.values()
        ]


def _quiet(follower: Follower, e: Event) -> None:
    try:
        follower.follow(e)
    except Exception:
        pass
