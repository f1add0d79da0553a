"""Prove a scenario end to end on the real stack before anyone is paged with it.

stack up -> steady state holds -> the timeline's stages, each injected at its ``at:`` and
checked to break the probes it names -> the scenario's own remediation steps applied -> steady
state again -> restore -> clean stack.
A scenario whose documented fix does not fix anything would teach juniors the wrong lesson, and
one whose restore leaves debris would break the next drill; selftest catches both. A cascade
whose second stage breaks nothing would teach that fixing the first symptom is enough; the
per-stage check catches that too.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock, RealClock, poll_until
from gameday.durations import format_duration
from gameday.errors import GamedayError
from gameday.records import record

if TYPE_CHECKING:
    from gameday.probes.base import ProbeResult
    from gameday.scenario.model import FaultStep, Scenario
    from gameday.target import ServiceStatus, Target

Progress = Callable[[str], None]

PHASES = ("up", "steady", "inject", "broken", "remediate", "recovered", "restore", "clean")
"""Every phase a passing selftest went through; ``inject`` and ``broken`` once per stage."""


@dataclass
class Phase:
    name: str
    ok: bool
    seconds: float
    details: list[str] = field(default_factory=list)
    stage: int | None = None  # 1-based stage of the timeline (inject, broken)


@dataclass
class SelftestReport:
    scenario: str
    phases: list[Phase] = field(default_factory=list)
    fault_timings: dict[str, dict[str, float]] = field(default_factory=dict)
    error: str | None = None
    stages: int = 0
    seconds: float = 0.0  # wall time of the whole selftest

    @property
    def ok(self) -> bool:
        names = {p.name for p in self.phases}
        return (
            self.error is None
            and all(p.ok for p in self.phases)
            and names >= set(PHASES)
            and sum(p.name == "broken" for p in self.phases) == self.stages
        )

    def phase(self, name: str, stage: int | None = None) -> Phase | None:
        """The phase called ``name`` (of ``stage``, if given; else the last one)."""
        found = [p for p in self.phases if p.name == name and stage in (None, p.stage)]
        return found[-1] if found else None


@record
class Stage:
    """The faults of the timeline that start at the same ``at``: one step of a cascade."""

    number: int  # 1-based
    at: float
    faults: tuple[FaultStep, ...]

    @property
    def breaks(self) -> tuple[str, ...]:
        """Probes this stage should break (in file order, once each); empty = any probe."""
        out: list[str] = []
        for step in self.faults:
            out += [p for p in step.breaks if p not in out]
        return tuple(out)

    def describe(self, total: int) -> str:
        names = ", ".join(f"{f.name} ({f.type})" for f in self.faults)
        what = ", ".join(self.breaks) if self.breaks else "at least one probe (none named)"
        at = format_duration(self.at)
        return f"stage {self.number}/{total} at {at}: {names} should break {what}"


def stages(faults: Sequence[FaultStep]) -> list[Stage]:
    """The timeline's faults grouped by ``at``, in time order (file order within a stage)."""
    ats = sorted({f.at for f in faults})
    return [
        Stage(i, at, tuple(f for f in faults if f.at == at)) for i, at in enumerate(ats, start=1)
    ]


def stage_verdict(stage: Stage, results: Sequence[ProbeResult]) -> tuple[bool, list[str]]:
    """Did ``stage`` break what it should? Every probe it names must fail (any probe when it
    names none). The lines say, probe by probe, what was expected and what was seen."""
    failing = {r.name for r in results if not r.ok}
    lines = []
    for r in results:
        expected = r.name in stage.breaks
        note = " (expected to break)" if expected else ""
        if expected and r.ok:
            note = " (expected to break: STILL PASSES)"
        lines.append(r.line() + note)
    if stage.breaks:
        return set(stage.breaks) <= failing, lines
    return bool(failing), lines


def needs_up(status: Sequence[ServiceStatus]) -> list[str]:
    """Services that are not running (absent, exited, ...): a stack to bring up first."""
    return [f"{s.service} {s.state}" for s in status if s.state != "running"]


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
    follow_timeline: bool = True,
    bring_up: bool = True,
    up_timeout: float = 300.0,
) -> SelftestReport:
    """Run every phase; on any failure the faults are still restored (the journal guard).

    ``follow_timeline``: inject each stage at its ``at:`` (counted from the first stage);
    False injects the next stage as soon as the previous one broke what it should.
    ``bring_up``: start the stack when a service is not running (else fail at ``steady``).
    """
    from gameday.faults import RemediationContext, registries
    from gameday.faults.apply import inject_step
    from gameday.faults.guard import restoring
    from gameday.faults.restore import poll_steady, restore
    from gameday.probes.runner import BoundProbe, bind_all, check_all

    clock = clock or RealClock()
    started = time.perf_counter()
    if target is None:
        from gameday.target import resolve_target

        target = resolve_target(scenario.target_location)
    from gameday.journal import ensure_no_pending

    ensure_no_pending(project=target.project)  # a proof on a half-broken stack proves nothing
    report = SelftestReport(scenario=scenario.source or scenario.id)
    timeline = stages(scenario.faults)
    report.stages = len(timeline)
    bound: list[BoundProbe] = []

    def probe_lines() -> tuple[bool, list[str]]:
        results = check_all(bound)
        return all(r.ok for r in results), [r.line() for r in results]

    def run(name: str, fn: Callable[[], list[str]], stage: int | None = None) -> None:
        label = name if stage is None or len(timeline) == 1 else f"{name} {stage}/{len(timeline)}"
        progress(f"[{label}] ...")
        start = time.perf_counter()
        try:
            details = fn()
        except GamedayError as exc:
            report.phases.append(Phase(name, False, time.perf_counter() - start, [str(exc)], stage))
            progress(f"[{label}] FAILED: {exc}")
            raise _PhaseFailed(f"{label}: {exc}") from None
        seconds = time.perf_counter() - start
        report.phases.append(Phase(name, True, seconds, details, stage))
        progress(f"[{label}] ok in {seconds:.1f}s")

    def up() -> list[str]:
        down = needs_up(target.status())
        if not down:
            return ["the stack is up"]
        if not bring_up:
            raise _PhaseFailed("the stack is not up (" + ", ".join(down) + ")")
        progress(f"bringing {target.project} up ({', '.join(down)})")
        target.up(lambda m: progress(f"  {m}"), timeout=up_timeout)
        return [f"brought the stack up ({', '.join(down)})"]

    def steady(timeout: float = settle_timeout) -> list[str]:
        ok, lines = poll_steady(lambda: check_all(bound), clock, timeout)
        if not ok:
            raise _PhaseFailed("steady state does not hold: " + "; ".join(lines))
        return lines

    injected: list[Any] = []
    t0: list[float] = []  # when the timeline started (the first stage's injection)

    def inject(stage: Stage) -> list[str]:
        if not t0:
            t0.append(clock.monotonic())
        wait = t0[0] + (stage.at - timeline[0].at) - clock.monotonic()
        if follow_timeline and wait > 0:
            progress(f"waiting {format_duration(wait)} for stage {stage.number} (at: "
                     f"{format_duration(stage.at)})")  # fmt: skip
            clock.sleep(wait)
        progress(stage.describe(len(timeline)))
        lines = []
        for step in stage.faults:
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

    def broken(stage: Stage) -> list[str]:
        polled = poll_until(
            lambda: check_all(bound),
            lambda results: stage_verdict(stage, results)[0],
            timeout=broken_timeout,
            interval=0.5,
            clock=clock,
        )
        ok, lines = stage_verdict(stage, polled.value)
        if not ok:
            what = ", ".join(stage.breaks) if stage.breaks else "any probe"
            raise _PhaseFailed(
                f"stage {stage.number} should break {what} within "
                f"{format_duration(broken_timeout)}: " + "; ".join(lines)
            )
        for line in lines:
            progress(f"  {line}")
        return lines

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

    try:
        run("up", up)
    except _PhaseFailed as exc:
        report.error = str(exc)
        report.seconds = time.perf_counter() - started
        return report
    bound += bind_all(target, scenario.steady_state)  # after up: it reads the published ports
    with restoring(clock=clock, progress=progress, targets={target.project: target}):
        try:
            run("steady", lambda: steady(min(30.0, settle_timeout)))  # a stack that is up
            for stage in timeline:
                run("inject", partial(inject, stage), stage.number)
                run("broken", partial(broken, stage), stage.number)
            run("remediate", remediate)
            run("recovered", steady)
            run("restore", do_restore)
            run("clean", clean)
        except _PhaseFailed as exc:
            report.error = str(exc)
    report.seconds = time.perf_counter() - started
    return report
