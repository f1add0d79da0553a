"""``gameday run``: the drill's lifecycle on the real stack.

preflight (scenario, stack up and steady, guardrails, leftover faults restored) -> baseline
(customers and monitors) -> faults on the timeline -> alerts, pages, injects -> mitigation ->
end and restore -> scoring. The decisions live in ``DrillMachine`` (pure); this module only
moves data between it and the world: probe threads, the Locust child, the fault injector thread,
the event log and the dashboard. Every event goes through the log and is folded back into the
machine from the log, so a runner resumed after ``kill -9`` rebuilds the same state.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.clock import Clock, RealClock
from gameday.drill import control
from gameday.drill.machine import DrillMachine
from gameday.drill.monitors import Observation, Poller
from gameday.errors import DrillError

if TYPE_CHECKING:
    from gameday.drill.customers import Customers
    from gameday.drill.locate import Drill
    from gameday.drill.log import EventLog
    from gameday.scenario.model import FaultStep, Scenario
    from gameday.target import Target

TICK_S = 0.2


@dataclass
class RunOptions:
    scenario: str | None = None
    team: str | None = None
    time_limit: float | None = None
    users: int = 5
    autopilot: str | None = None
    playbook: str | None = None
    resume: bool = False
    bind: str = "127.0.0.1"
    port: int = 0
    escalation_timeout: float | None = None
    hold: float | None = None
    baseline: float = 10.0
    poll: float = 1.0
    consecutive: int = 3
    score: bool = True


@dataclass
class RunResult:
    drill_id: str
    drill_dir: Path
    reason: str
    restored_ok: bool
    summary: dict[str, Any] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


class Runner:
    def __init__(
        self,
        options: RunOptions,
        *,
        say: Callable[[str], None] = print,
        on_event: Callable[[ev.Event], None] | None = None,
        on_started: Callable[[Runner], None] | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.on_started = on_started
        self.opts = options
        self.say = say
        self.on_event = on_event
        self.clock = clock or RealClock()
        self.drill: Drill | None = None
        self.log: EventLog | None = None
        self.machine: DrillMachine | None = None
        self.scenario: Scenario | None = None
        self.target: Target | None = None
        self.team: Any = None
        self.playbook: Any = None
        self.customers: Customers | None = None
        self.pollers: list[Poller] = []
        self.server: Any = None
        self.autopilot: Any = None
        self.autopilot_script: Any = None
        self._resume_t: float | None = None  # drill time the dead runner was last seen alive
        self.url: str | None = None
        self._epoch: float = 0.0
        self._seen = 0
        self._obs: queue.Queue[Observation] = queue.Queue()
        self._fault_q: queue.Queue[FaultStep | None] = queue.Queue()
        self._emit_q: queue.Queue[tuple[str, dict[str, Any], float]] = queue.Queue()
        self._injector: threading.Thread | None = None
        self._signal_reason: str | None = None
        self._finishing = False
        self._last_customers_read = 0.0
        self._locust_warned = False
        self.snapshot: Any = None

    # --- time ------------------------------------------------------------------------------
    def now(self) -> float:
        """Drill time, computed like the log computes it (wall clock minus the drill's epoch)."""
        return max(0.0, self.clock.now().timestamp() - self._epoch)

    # --- entry point -------------------------------------------------------------------------
    def run(self) -> RunResult:
        from gameday.drill import resume, setup

        if self.opts.resume:
            resume.attach_resumed(self)
            self._install_signals()
        else:
            setup.preflight(self)  # Ctrl-C here just stops: nothing to undo yet
            self._install_signals()
            setup.create(self)
        reason = "crash"
        try:
            setup.start_parts(self)
            if self.on_started is not None:
                self.on_started(self)
            self._loop()
            reason = (self.machine.end_reason if self.machine else None) or "end"
        except KeyboardInterrupt:
            reason = "signal"
        finally:
            result = self.finish(reason)
        return result

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return

        def handler(signum: int, _frame: Any) -> None:
            if self._finishing:
                self.say("gameday: restoring the stack, please wait")
                return
            self._signal_reason = "signal"

        signal.signal(signal.SIGINT, handler)
        signal.signal(signal.SIGTERM, handler)

    # --- events ------------------------------------------------------------------------------
    def emit(self, kind: str, data: dict[str, Any], t: float | None = None) -> ev.Event:
        assert self.log is not None
        return self.log.append(kind, data, t=t)

    def emit_all(self, transitions: list[tuple[str, dict[str, Any]]]) -> None:
        t = self.now()
        for kind, data in transitions:
            self.emit(kind, data, t=t)
        if transitions:
            self.drain_log()

    def drain_log(self) -> None:
        assert self.log is not None and self.machine is not None
        for e in self.log.events(since_id=self._seen):
            self._seen = e.id
            try:
                self.machine.apply(e)
            except Exception as exc:  # a malformed event from anyone must not stop the drill
                self.say(f"gameday: ignored malformed event {e.id} ({e.kind}): {exc}")
            if self.on_event is not None:
                self.on_event(e)

    # --- the loop ----------------------------------------------------------------------------
    def _loop(self) -> None:
        from gameday.drill.dashboard import build_snapshot

        assert self.machine is not None and self.drill is not None
        m = self.machine
        errors: set[str] = set()
        failing = 0
        while m.end_reason is None:
            try:
                self.tick()
                self.snapshot = build_snapshot(self)
                failing = 0
            except Exception as exc:  # keep the drill (and its restore) alive; say it once
                failing += 1
                if failing * TICK_S >= 30:
                    m.request_end("crash")  # stuck for 30 s: end and restore
                msg = f"{exc.__class__.__name__}: {exc}"
                if msg not in errors:
                    errors.add(msg)
                    self.say(f"gameday: runner loop error (continuing): {msg}")
            time.sleep(TICK_S)

    def tick(self) -> None:
        assert self.machine is not None and self.drill is not None
        m = self.machine
        self.drain_log()
        while True:
            try:
                kind, data, t = self._emit_q.get_nowait()
            except queue.Empty:
                break
            self.emit(kind, data, t=t)
        out: list[tuple[str, dict[str, Any]]] = []
        while True:
            try:
                out += m.observe(self._obs.get_nowait())
            except queue.Empty:
                break
        now = self.now()
        if self.customers is not None and now - self._last_customers_read >= 1.0:
            self._last_customers_read = now
            for stats in self.customers.read_new(now):
                out += m.customer_stats(stats)
            if not self.customers.alive() and not self._locust_warned:
                self._locust_warned = True
                self.say(f"gameday: Locust exited; see {self.customers.log_path}")
        self.emit_all(out)
        self.emit_all(m.step(now))
        for step in m.faults_due(now):
            self._fault_q.put(step)
        req = control.read(self.drill.dir)
        if req is not None:
            control.clear(self.drill.dir)  # tells the requester the runner took it
            m.request_end(str(req["request"]))
        if self._signal_reason is not None:
            m.request_end(self._signal_reason)

    # --- the fault injector thread ------------------------------------------------------------
    def start_injector(self) -> None:
        self._injector = threading.Thread(target=self._inject_loop, name="injector", daemon=True)
        self._injector.start()

    def _inject_loop(self) -> None:
        from gameday.faults.apply import inject_step, undo_fault, verify_live

        assert self.target is not None and self.drill is not None and self.scenario is not None
        while True:
            step = self._fault_q.get()
            if step is None:
                return
            base = {"fault": step.name, "type": step.type}
            # Recorded as the fault starts acting: a slow inject (a redeploy) already hurts
            # customers while it runs, and alerts may fire before it is verified live.
            injected = {
                **base,
                "target_service": step.params.get("service"),
                "params": dict(step.params),
            }
            self._emit_q.put((ev.FAULT_INJECTED, injected, self.now()))
            try:
                applied = inject_step(
                    self.target,
                    step,
                    verify=False,
                    scenario=self.scenario.source or self.opts.scenario,
                    drill=self.drill.id,
                    clock=self.clock,
                )
            except Exception as exc:
                self.say(f"gameday: fault {step.name} could not be injected: {exc}")
                self._emit_q.put((ev.FAULT_UNDONE, {**base, "error": str(exc)}, self.now()))
                continue
            try:
                verify_live(applied)
            except Exception as exc:
                self.say(f"gameday: fault {step.name} did not go live ({exc}); undoing it")
                try:
                    undo_fault(applied)
                except Exception as undo_exc:
                    self.say(f"gameday: undo of {step.name} failed: {undo_exc}")
                self._emit_q.put((ev.FAULT_UNDONE, {**base, "error": str(exc)}, self.now()))
                continue
            self._emit_q.put((ev.FAULT_LIVE, base, self.now()))

    # --- the end -----------------------------------------------------------------------------
    def finish(self, reason: str) -> RunResult:
        from gameday.drill import setup

        self._finishing = True
        return setup.finish(self, reason)


def run_drill(options: RunOptions, **kwargs: Any) -> RunResult:
    if not options.resume and not options.scenario:
        raise DrillError("gameday run needs a SCENARIO file (or --resume)")
    return Runner(options, **kwargs).run()
