"""The room: one drill as the web app serves it, shared by every request.

It keeps the incident fold current (``refresh`` reads the log's new events into one
``Incident``: the same fold the runner, the summary and the scorer read), tails the customers'
per-endpoint telemetry, and renders each page's sections at most once per change, whatever
the number of browsers watching (``sections``).
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.incident import Incident
from gameday.linetail import LineTail
from gameday.records import record

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.log import DrillTime, EventLog
    from gameday.target import Target
    from gameday.target.deploys import DeployHistory

CUSTOMERS_FILE = "customers.jsonl"
HISTORY = 600  # telemetry samples kept per endpoint (ten minutes at one a second)
ALL = "all requests"


@record
class Sample:
    t: float  # drill time
    rps: float
    error_ratio: float
    p95_ms: float


class Telemetry:
    """Per endpoint request rate, error ratio and p95 from the customers' stats file."""

    def __init__(self, path: Path, log: EventLog) -> None:
        self.path = path
        self.log = log  # drill time is the log's (one definition, pauses included)
        self.series: dict[str, deque[Sample]] = {}
        self._tail = LineTail(path, max_bytes=4 * 1024 * 1024)

    def read_new(self) -> bool:
        lines = self._tail.read()
        clock = self.log.drill_time()
        for raw in lines:
            self._add(raw, clock)
        return bool(lines)

    def _add(self, raw: bytes, clock: DrillTime) -> None:
        try:
            d = json.loads(raw)
            t = clock.at_timestamp(float(d["ts"]))
            interval = max(1e-3, float(d.get("interval_s", 1.0)))
            rows = {ALL: d, **(d.get("endpoints") or {})}
            for name, row in rows.items():
                requests = int(row.get("requests", 0))
                failures = int(row.get("failures", 0))
                sample = Sample(
                    t=t,
                    rps=requests / interval,
                    error_ratio=failures / requests if requests else 0.0,
                    p95_ms=float(row.get("p95_ms", 0.0)),
                )
                self.series.setdefault(str(name)[:120], deque(maxlen=HISTORY)).append(sample)
        except (ValueError, TypeError, KeyError, AttributeError):
            return  # a torn or foreign line: the next one counts


class Room:
    def __init__(
        self,
        drill: Drill,
        *,
        clock: Clock | None = None,
        target: Target | None = None,
        scenario: Any = None,
        playbook: Any = None,
    ) -> None:
        from gameday.drill.web.auth import Tokens

        meta = drill.meta()
        self.drill = drill
        self.clock = clock
        self.target = target
        self.tokens = Tokens(meta.token, meta.facilitator_token)
        self.log = drill.log(clock)
        self.incident = Incident()
        self.telemetry = Telemetry(drill.dir / CUSTOMERS_FILE, self.log)
        self.version = 0
        self.exclusive = threading.Lock()  # one target-touching action at a time (rollback)
        self._scenario = scenario
        self._playbook = playbook
        self._live: Any = None
        self._seen = 0
        self._lock = threading.RLock()
        self._cache: dict[str, tuple[int, dict[str, str]]] = {}
        self.poke: Callable[[], None] = lambda: None  # wakes the app's refresher (app.py)
        self.alertmanager: tuple[Any] | None = None  # its settings, read on first delivery

    # --- keeping current ----------------------------------------------------------------------
    def refresh(self) -> bool:
        """Fold the log's new events and the new telemetry; True (and a new version) if any."""
        with self._lock:
            new = self.log.events(since_id=self._seen)
            for e in new:
                self.incident.apply(e)
                self._seen = e.id
            changed = self.telemetry.read_new() or bool(new)
            if changed:
                self.version += 1
            return changed

    def now_t(self) -> float:
        if self.incident.drill_end is not None:
            return self.incident.drill_end.t
        return self.log.now_t()

    def deploy_history(self) -> DeployHistory | None:
        """The target's deploy log: the runner's target, else the project the drill recorded."""
        from gameday.target.deploys import DeployHistory

        if self.target is not None:
            history: DeployHistory = self.target.history
            return history
        project = self.drill.meta().target_env.get("GAMEDAY_PROJECT")
        if not project:
            return None
        from gameday.state import state_dir

        return DeployHistory(state_dir() / "targets" / project / "deploys.json")

    # --- the facilitator's side ---------------------------------------------------------------
    @property
    def scenario(self) -> Any:
        if self._scenario is None:
            from gameday.drill.facilitator import _scenario_or_none

            self._scenario = _scenario_or_none(self.drill)
        return self._scenario

    @property
    def playbook(self) -> Any:
        if self._playbook is None:
            from gameday.errors import GamedayError
            from gameday.playbook import load_playbook

            try:
                self._playbook = load_playbook(
                    getattr(self.scenario, "playbook", None) or "default"
                )
            except GamedayError:
                return None
        return self._playbook

    def checklist(self) -> Any:
        """The scorer's checklist on the events so far (``LiveScore``: the scorer itself)."""
        from gameday.scoring.live import LiveScore

        if self.playbook is None:
            return (), None
        if self._live is None:
            self._live = LiveScore(self.scenario, self.playbook, every_s=2.0)
        steps = self._live.steps(self.incident, self.now_t())
        return steps, self._live.result

    # --- rendering once per change ------------------------------------------------------------
    def sections(self, view: str, render: Callable[[Room], dict[str, str]]) -> dict[str, str]:
        """``render(self)`` for ``view``, cached until the next change (rendered under the fold's
        lock: a refresh never changes the incident half-way through a page)."""
        with self._lock:
            hit = self._cache.get(view)
            if hit is not None and hit[0] == self.version:
                return hit[1]
            out = render(self)
            self._cache[view] = (self.version, out)
            return out
