"""The fault injector: applies the faults the machine says are due, on its own thread.

Injecting a fault can take a while (a redeploy, a certificate swap), and the loop must keep
observing while it does, so faults are applied one at a time on this part's thread. Each is
recorded as ``fault.injected`` the moment it starts acting (a slow inject already hurts
customers while it runs, and alerts may fire before it is verified live), then ``fault.live``
once verified, or ``fault.undone`` with the error when it could not be applied.
"""

from __future__ import annotations

import queue
import threading
from typing import TYPE_CHECKING

from gameday import events as ev
from gameday.drill.part import Part, Session

if TYPE_CHECKING:
    from gameday.scenario.model import FaultStep

JOIN_S = 180.0  # a fault in hand is finished (and journaled) before the restore starts


class FaultInjector(Part):
    name = "injector"
    required = True

    def __init__(self) -> None:
        self._queue: queue.Queue[FaultStep | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._session: Session | None = None
        self._staged = False

    def start(self, session: Session) -> None:
        self._session = session
        self._thread = threading.Thread(target=self._run, name="injector", daemon=True)
        self._thread.start()

    def inject(self, step: FaultStep) -> None:
        """Apply ``step`` after the ones already handed over (the session calls this)."""
        self._queue.put(step)

    def halt(self) -> None:
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(JOIN_S)

    def stop(self) -> None:
        """After the restore: what was prepared for faults that never came goes too."""
        if self._staged and self._session is not None:
            try:
                self._session.target.drop_standbys()
            except Exception as exc:
                self._session.say(f"gameday: could not remove prepared standbys: {exc}")

    def _run(self) -> None:
        self._stage()
        while True:
            step = self._queue.get()
            if step is None:
                return
            self._apply(step)

    def _stage(self) -> None:
        """Ready every fault of the timeline before its time (a bad version warm beside the
        good one), so each acts in seconds when it is due. Nothing customers see."""
        from gameday.faults.apply import stage_fault

        s = self._session
        assert s is not None
        for step in s.plan.scenario.faults:
            if not self._queue.empty():
                return  # a fault is due already: it does its own preparation
            try:
                line = stage_fault(s.target, step.type, dict(step.params), parsed=step.parsed)
            except Exception as exc:  # staging is an optimisation: inject still works
                s.say(f"gameday: could not prepare fault {step.name} ahead: {exc}")
                continue
            if line:
                self._staged = True
                s.say(f"gameday: prepared {step.name}: {line}")

    def _apply(self, step: FaultStep) -> None:
        from gameday.faults.apply import inject_step, stage_undo, undo_fault, verify_live

        s = self._session
        assert s is not None
        base = {"fault": step.name, "type": step.type}
        injected = {
            **base,
            "target_service": step.params.get("service"),
            "params": dict(step.params),
        }
        s.record(ev.FAULT_INJECTED, injected)
        try:
            applied = inject_step(
                s.target,
                step,
                verify=False,
                scenario=s.plan.scenario_source,
                drill=s.drill.id,
                clock=s.clock,
            )
        except Exception as exc:
            s.say(f"gameday: fault {step.name} could not be injected: {exc}")
            s.record(ev.FAULT_UNDONE, {**base, "error": str(exc)})
            return
        try:
            verify_live(applied)
        except Exception as exc:
            s.say(f"gameday: fault {step.name} did not go live ({exc}); undoing it")
            try:
                undo_fault(applied)
            except Exception as undo_exc:
                s.say(f"gameday: undo of {step.name} failed: {undo_exc}")
            s.record(ev.FAULT_UNDONE, {**base, "error": str(exc)})
            return
        s.record(ev.FAULT_LIVE, base)
        try:  # the undo ready in advance too (the good version warm again)
            stage_undo(applied)
        except Exception as exc:
            s.say(f"gameday: could not prepare the undo of {step.name}: {exc}")
