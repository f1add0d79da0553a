"""A drill session: the pure ``DrillMachine`` plus the parts that connect it to the world.

The session owns exactly three things: the event log (through its recorder), the machine, and
the loop that moves data between them. Every tick it folds what anyone recorded into the
machine (and hands each event to every part), feeds the machine what the parts observed,
records what the machine decided, hands due faults to the injector, and lets each part tick.
Everything else is a part (``gameday.drill.part``): they act only through ``record``,
``feed``, ``request_end`` and ``say``, so no part ever writes another's state, and a resumed
runner rebuilds the same machine by replaying the log.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from gameday import events as ev
from gameday.clock import Clock
from gameday.drill import control, lifecycle
from gameday.drill.machine import DrillMachine
from gameday.drill.monitors import CustomerStats, Observation
from gameday.drill.part import Part

if TYPE_CHECKING:
    from gameday.drill.locate import Drill
    from gameday.drill.log import EventLog
    from gameday.drill.plan import DrillPlan
    from gameday.scenario.model import FaultStep, Scenario
    from gameday.target import Target

TICK_S = 0.2
STUCK_S = 30.0  # a loop failing this long ends the drill (and restores the stack)
P = TypeVar("P", bound=Part)
Transition = tuple[str, dict[str, Any]]


@dataclass
class RunResult:
    drill_id: str
    drill_dir: Path
    reason: str
    restored_ok: bool
    summary: dict[str, Any] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


class Recorder:
    """The session's side of the event log: appends, and follows what everyone appended."""

    def __init__(self, log: EventLog) -> None:
        self.log = log
        self._seen = 0
        self.folded = 0

    def record(self, kind: str, data: dict[str, Any], t: float | None = None) -> ev.Event:
        return self.log.append(kind, data, t=t)

    def new_events(self) -> list[ev.Event]:
        """Events recorded since the last call, by anyone, in log order."""
        out = self.log.events(since_id=self._seen)
        if out:
            self._seen = out[-1].id
            self.folded += len(out)
        return out


class DrillSession:
    """One drill's loop; see the module docstring. Parts are given to ``run``."""

    def __init__(
        self,
        plan: DrillPlan,
        drill: Drill,
        target: Target,
        *,
        clock: Clock,
        say: Callable[[str], None] = print,
        resumed: bool = False,
    ) -> None:
        self._plan = plan
        self._drill = drill
        self._target = target
        self._clock = clock
        self._say = say
        self._recorder = Recorder(drill.log(clock))
        self._machine = DrillMachine(plan.scenario, plan.settings, plan.alert_rules())
        self._inputs: queue.SimpleQueue[Observation | CustomerStats | str] = queue.SimpleQueue()
        self._parts: list[Part] = []
        self._resumed_at: float | None = None
        self._said: set[str] = set()
        control.clear(drill.dir)
        if resumed:  # rebuild the machine from everything a dead runner and responders recorded
            self.fold()
            mine = [e.t for e in self._recorder.log.events() if e.actor == ev.SYSTEM_ACTOR]
            self._resumed_at = max(mine) if mine else None

    # --- what a part may read ----------------------------------------------------------------
    @property
    def drill(self) -> Drill:
        return self._drill

    @property
    def plan(self) -> DrillPlan:
        return self._plan

    @property
    def scenario(self) -> Scenario:
        return self._plan.scenario

    @property
    def target(self) -> Target:
        return self._target

    @property
    def clock(self) -> Clock:
        return self._clock

    @property
    def machine(self) -> DrillMachine:
        return self._machine

    @property
    def resumed_at(self) -> float | None:
        return self._resumed_at

    @property
    def events_folded(self) -> int:
        return self._recorder.folded

    @property
    def log(self) -> EventLog:
        return self._recorder.log

    def now(self) -> float:
        """Drill time, from the log itself: the one definition every writer shares, paused or
        not, whichever process (or resumed runner) asks."""
        return self._recorder.log.now_t()

    def part(self, kind: type[P]) -> P | None:
        return next((p for p in self._parts if isinstance(p, kind)), None)

    # --- what a part may do ------------------------------------------------------------------
    def say(self, message: str) -> None:
        self._say(message)

    def record(self, kind: str, data: dict[str, Any], t: float | None = None) -> ev.Event:
        return self._recorder.record(kind, data, t=t)

    def feed(self, item: Observation | CustomerStats) -> None:
        self._inputs.put(item)

    def request_end(self, reason: str) -> None:
        self._inputs.put(reason)  # SimpleQueue.put is safe even from a signal handler

    # --- the loop ----------------------------------------------------------------------------
    def fold(self) -> None:
        """Fold every newly recorded event into the machine, then hand it to every part."""
        for e in self._recorder.new_events():
            try:
                self._machine.apply(e)
            except Exception as exc:  # a malformed event from anyone must not stop the drill
                self.say(f"gameday: ignored malformed event {e.id} ({e.kind}): {exc}")
            for p in self._parts:
                try:
                    p.on_event(e)
                except Exception as exc:
                    self._complain(p, f"take event {e.kind}", exc)

    def record_all(self, transitions: Sequence[Transition]) -> None:
        if not transitions:
            return
        t = self.now()
        for kind, data in transitions:
            self.record(kind, data, t=t)
        self.fold()

    def tick(self) -> None:
        """Fold, let the parts look, feed the machine, record its decisions, hand out faults."""
        m = self._machine
        self.fold()
        now = self.now()
        for p in self._parts:
            try:
                p.tick(now)
            except Exception as exc:  # one part's bug must not stop the machine deciding
                self._complain(p, "tick", exc)
        out: list[Transition] = []
        while True:
            try:
                item = self._inputs.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, str):
                m.request_end(item)
            elif isinstance(item, Observation):
                out += m.observe(item)
            else:
                out += m.customer_stats(item)
        self.record_all(out)
        now = self.now()
        self.record_all(m.step(now))
        due = m.faults_due(now)
        if due:
            self._inject(due)

    def _inject(self, steps: list[FaultStep]) -> None:
        from gameday.drill.parts.injector import FaultInjector

        injector = self.part(FaultInjector)
        for step in steps:
            if injector is None:
                self.say(f"gameday: fault {step.name} is due but this session has no injector")
            else:
                injector.inject(step)

    def run(self, parts: Sequence[Part]) -> str:
        """Start ``parts``, loop until the machine says the drill ends; return the reason."""
        self.start(parts)
        return self.loop()

    def start(self, parts: Sequence[Part]) -> None:
        """Start ``parts`` in order. A required part that fails to start ends the drill at once
        (the caller's ``finish`` still stops whatever did start and restores the stack); any
        other is left out with a message."""
        for p in parts:
            try:
                p.start(self)
            except Exception as exc:
                if p.required:
                    raise
                self.say(f"gameday: {p.name} could not start, the drill goes on without it: {exc}")
                continue
            self._parts.append(p)

    def loop(self) -> str:
        """Tick until the machine says the drill ends (a stuck loop ends it as a crash)."""
        m = self._machine
        errors: set[str] = set()
        failing = 0
        while (reason := m.end_reason) is None:
            try:
                self.tick()
                failing = 0
            except Exception as exc:  # keep the drill (and its restore) alive; say it once
                failing += 1
                if failing * TICK_S >= STUCK_S:
                    m.request_end("crash")
                msg = f"{exc.__class__.__name__}: {exc}"
                if msg not in errors:
                    errors.add(msg)
                    self.say(f"gameday: runner loop error (continuing): {msg}")
            self._clock.sleep(TICK_S)
        return reason

    # --- the end -----------------------------------------------------------------------------
    def finish(self, reason: str) -> RunResult:
        """Halt the parts, restore the stack, stop the parts, record the end, write the record."""
        m = self._machine
        m.request_end(reason)
        self._each("halt")
        _quietly(self.tick)  # what is still in hand (a fault that just went live...)
        self.say(f"gameday: ending the drill ({reason}); restoring the stack")
        outcome = lifecycle.restore_drill(self._drill.id, self._target, self.say)
        lifecycle.record_restore(self.record, outcome)
        self._each("stop")
        _quietly(self.tick)  # the parts' last inputs (the customers' final stats)
        self.record_all(m.final_transitions())
        self.record(ev.DRILL_ENDED, {"reason": reason})
        self.fold()
        control.clear(self._drill.dir)
        self._drill.mark_ended(reason, self._clock)
        self._each("close")
        from gameday.drill import report

        record = report.write_record(
            self._drill,
            self._recorder.log.events(),
            reason=reason,
            scenario=self.scenario,
            playbook=self._plan.playbook,
            team=self._plan.team.name,
            score=self._plan.options.score,
            out_dir=self._plan.options.scorecards,
            say=self.say,
        )
        return RunResult(
            self._drill.id,
            self._drill.dir,
            reason,
            outcome.ok,
            summary=record.summary,
            outputs=record.outputs,
        )

    def _each(self, stage: str) -> None:
        for p in reversed(self._parts):
            try:
                getattr(p, stage)()
            except Exception as exc:  # one part's failure must not keep the stack broken
                self._complain(p, stage, exc)

    def _complain(self, p: Part, what: str, exc: Exception) -> None:
        """Say a part's failure once (a tick fails five times a second)."""
        msg = f"gameday: {p.name} failed to {what}: {exc.__class__.__name__}: {exc}"
        if msg not in self._said:
            self._said.add(msg)
            self.say(msg)


def _quietly(fn: Callable[[], object]) -> None:
    try:
        fn()
    except Exception:
        pass
