"""Prove a scenario end to end on the real stack before anyone is paged with it.

steady state holds -> every fault injected and verified live -> steady state broken -> the
scenario's own remediation steps applied -> steady state again -> restore -> clean stack.
A scenario whose documented fix does not fix anything would teach juniors the wrong lesson, and
one whose restore leaves debris would break the next drill; selftest catches both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock, RealClock, poll_until
from gameday.errors import GamedayError

if TYPE_CHECKING:
    from gameday.scenario.model import Scenario
    from gameday.target import Target

Progress = Callable[[str], None]

PHASES = ("steady", "inject", "broken", "remediate", "recovered", "restore", "clean")


@dataclass
class Phase:
    name: str
    ok: bool
    seconds: float
    details: list[str] = field(default_factory=list)


@dataclass
class SelftestReport:
    scenario: str
    phases: list[Phase] = field(default_factory=list)
    fault_timings: dict[str, dict[str, float]] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and [p.name for p in self.phases if p.ok] == list(PHASES)

    def phase(self, name: str) -> Phase | None:
        return next((p for p in self.phases if p.name == name), None)


class _PhaseFailed(GamedayError):
    pass


def selftest(
    scenario: Scenario,
    progress: Progress = lambda _m: None,
    *,
    target: Target | None = None,
    clock: Clock | None = None,
    settle_timeout: float = 120.0,
    broken_timeout: float = 45.0,
) -> SelftestReport:
    """Run every phase; on any failure the faults are still restored (the journal guard)."""
    from gameday.faults import RemediationContext, registries
    from gameday.faults.apply import inject_step
    from gameday.faults.guard import restoring
    from gameday.faults.restore import poll_steady, restore
    from gameday.probes.runner import bind_all, check_all

    clock = clock or RealClock()
    if target is None:
        from gameday.target import resolve_target

        target = resolve_target(scenario.target_location)
    from gameday.journal import ensure_no_pending

    ensure_no_pending(project=target.project)  # a proof on a half-broken stack proves nothing
    report = SelftestReport(scenario=scenario.source or scenario.id)
    bound = bind_all(target, scenario.steady_state)

    def probe_lines() -> tuple[bool, list[str]]:
        results = check_all(bound)
        return all(r.ok for r in results), [r.line() for r in results]

    def run(name: str, fn: Callable[[], list[str]]) -> None:
        progress(f"[{name}] ...")
        start = time.perf_counter()
        try:
            details = fn()
        except GamedayError as exc:
            report.phases.append(Phase(name, False, time.perf_counter() - start, [str(exc)]))
            progress(f"[{name}] FAILED: {exc}")
            raise _PhaseFailed(f"{name}: {exc}") from None
        seconds = time.perf_counter() - start
        report.phases.append(Phase(name, True, seconds, details))
        progress(f"[{name}] ok in {seconds:.1f}s")

    def steady(timeout: float = settle_timeout) -> list[str]:
        ok, lines = poll_steady(lambda: check_all(bound), clock, timeout)
        if not ok:
            raise _PhaseFailed("steady state does not hold: " + "; ".join(lines))
        return lines

    injected: list[Any] = []

    def inject() -> list[str]:
        lines = []
        for step in sorted(scenario.faults, key=lambda s: s.at):
            applied = inject_step(
                target, step, clock=clock, scenario=scenario.source or None, progress=progress
            )
            injected.append(applied)
            report.fault_timings[step.name] = dict(applied.timings)
            t = applied.timings
            lines.append(
                f"{step.name} ({step.type}): injected in {t.get('inject', 0):.2f}s, "
                f"verified live in {t.get('verify_live', 0):.2f}s"
            )
        return lines

    def broken() -> list[str]:
        polled = poll_until(
            probe_lines, lambda r: not r[0], timeout=broken_timeout, interval=0.5, clock=clock
        )
        if not polled.ok:
            raise _PhaseFailed(
                "every probe still passes with the faults live: " + "; ".join(polled.value[1])
            )
        return polled.value[1]

    def remediate() -> list[str]:
        regs = registries()
        lines = []
        for step in scenario.remediation:
            action = regs.remediations.get(step.action)
            params = step.parsed if step.parsed is not None else action.parse_params(step.params)
            ctx = RemediationContext(target=target, params=params, clock=clock, progress=progress)
            lines.append(action.apply(ctx))
            progress(f"  {lines[-1]}")
        if not lines:
            raise _PhaseFailed("the scenario has no remediation steps to prove")
        return lines

    def do_restore() -> list[str]:
        rep = restore(
            only={a.entry.id for a in injected}, clock=clock, progress=progress,
            targets={target.project: target}, steady_timeout=settle_timeout,
        )  # fmt: skip
        lines = [
            f"{f.entry.fault}: {'undone' if f.ok else 'FAILED ' + (f.error or '')}"
            f" in {f.seconds:.2f}s"
            for f in rep.faults
        ]
        lines += [ln for s in rep.steady for ln in s.details]
        if not rep.ok:
            raise _PhaseFailed("restore failed: " + "; ".join(lines))
        for f in rep.faults:
            report.fault_timings.setdefault(f.entry.fault, {})["restore"] = f.seconds
        return lines

    def clean() -> list[str]:
        from gameday.journal import pending_restores

        ids = {a.entry.id for a in injected}
        left = [e for e in pending_restores() if e.id in ids]
        if left:
            raise _PhaseFailed("journal still lists " + ", ".join(e.fault for e in left))
        for a in injected:  # every fault checks its own traces are gone, on the live stack
            a.fault.verify_undone(a.ctx)
        ok, lines = probe_lines()
        if not ok:
            raise _PhaseFailed("steady state after restore: " + "; ".join(lines))
        return [*lines, "journal clean"]

    with restoring(clock=clock, progress=progress, targets={target.project: target}):
        try:
            run("steady", lambda: steady(min(30.0, settle_timeout)))  # a stack that is up
            run("inject", inject)
            run("broken", broken)
            run("remediate", remediate)
            run("recovered", steady)
            run("restore", do_restore)
            run("clean", clean)
        except _PhaseFailed as exc:
            report.error = str(exc)
    return report
