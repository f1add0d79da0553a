"""Preflight and end-of-drill steps that talk to the real stack.

Kept apart from the runner's loop so the loop stays a readable state machine, and so
``gameday end`` from another terminal can finish a drill whose runner died (same restore path).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.clock import Clock, poll_until
from gameday.errors import DrillError, GamedayError

if TYPE_CHECKING:
    from gameday.journal import Journal, JournalEntry
    from gameday.scenario.model import Scenario
    from gameday.target import Target

Say = Callable[[str], None]


def restore_pending_first(say: Say) -> int:
    """Undo faults a crashed drill left applied, before anything new acts on the stack."""
    from gameday.journal import pending_restores

    pending = pending_restores()
    if not pending:
        return 0
    from gameday.faults.restore import restore

    say(f"preflight: a previous drill left {len(pending)} fault(s) applied; restoring first")
    for e in pending:
        say(f"  - {e.describe()}")
    report = restore(progress=lambda m: say(f"  {m}"))
    if not report.ok:
        failed = [f.entry.fault for f in report.faults if not f.ok]
        raise DrillError(
            f"could not restore faults left by a previous drill: {', '.join(failed) or 'steady'}",
            hint="run `gameday restore` and check the stack by hand",
        )
    return len(pending)


def bring_up(target: Target, say: Say) -> None:
    """Start the stack if any of its services is not running (``up`` is idempotent)."""
    try:
        statuses = target.status()
        running = bool(statuses) and all(_running(s) for s in statuses)
    except GamedayError:
        running = False
    if running:
        say(f"preflight: stack {target.project} is up")
        return
    say(f"preflight: bringing stack {target.project} up")
    target.up(progress=lambda m: say(f"  {m}"))


def _running(status: Any) -> bool:
    state = str(getattr(status, "state", getattr(status, "status", ""))).lower()
    return state.startswith("running") or state in ("up", "healthy")


def wait_steady(
    target: Target,
    scenario: Scenario,
    say: Say,
    timeout: float = 180.0,
    *,
    clock: Clock | None = None,
) -> None:
    from gameday.probes.runner import bind_all, check_all

    bound = bind_all(target, scenario.steady_state)
    polled = poll_until(
        lambda: check_all(bound),
        lambda rs: all(r.ok for r in rs),
        timeout=timeout,
        interval=1.0,
        clock=clock,
    )
    if not polled.ok:
        bad = "; ".join(r.line() for r in polled.value if not r.ok)
        raise DrillError(
            f"the stack is not in steady state after {timeout:.0f}s: {bad}",
            hint="fix the stack (`gameday target status`) before starting a drill",
        )
    say(f"preflight: steady state holds ({len(polled.value)} probe(s) pass)")


def check_guardrails(target: Target, scenario: Scenario) -> None:
    """Every fault works on the target's engine; every service it touches is a labelled
    container of this target."""
    from gameday.faults import registries
    from gameday.faults.apply import check_engine

    regs = registries()
    for step in scenario.faults:
        fault = regs.faults.get(step.type)
        check_engine(fault, target, step.name)
        params = step.parsed if step.parsed is not None else fault.parse_params(dict(step.params))
        for service in fault.services(params):
            target.container(service)  # raises GuardrailError


@dataclass
class RestoreOutcome:
    ok: bool
    undone: list[dict[str, Any]] = field(default_factory=list)  # {fault, type, ok, error?}
    steady: bool = True


def restore_drill(drill_id: str, target: Target | None, say: Say) -> RestoreOutcome:
    """Undo this drill's journal entries (newest first) and check steady state."""
    from gameday.faults.restore import restore
    from gameday.journal import Journal

    journal = Journal()
    mine = drill_entries(drill_id, journal)
    if not mine:
        return RestoreOutcome(ok=True)
    targets = {target.project: target} if target is not None else None
    report = restore(
        journal=journal,
        only={e.id for e in mine},
        progress=lambda m: say(f"restore: {m}"),
        steady_timeout=90.0,
        targets=targets,
    )
    undone = [
        {
            "fault": f.entry.fault,
            "type": f.entry.type,
            "ok": f.ok,
            **({"error": f.error} if f.error else {}),
        }
        for f in report.faults
    ]
    steady = all(s.ok for s in report.steady)
    return RestoreOutcome(ok=report.ok, undone=undone, steady=steady)


def drill_entries(drill_id: str, journal: Journal | None = None) -> list[JournalEntry]:
    from gameday.journal import Journal

    journal = journal if journal is not None else Journal()
    return [e for e in journal.pending() if e.drill == drill_id]


def record_restore(append: Callable[[str, dict[str, Any]], Any], outcome: RestoreOutcome) -> None:
    """Log what a restore undid (``fault.undone`` each, then ``drill.restored``), the same way
    whether the runner restored or ``gameday end`` did it for a dead runner."""
    undone = [i for i in outcome.undone if i.get("ok")]
    for item in undone:
        append(ev.FAULT_UNDONE, {"fault": item["fault"], "type": item["type"]})
    append(ev.RESTORED, {"ok": outcome.ok, "undone": [i["fault"] for i in undone]})
