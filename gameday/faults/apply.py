"""Apply one fault with its undo recorded first; undo it and close its journal entry.

This is the only path that calls ``FaultType.inject``: selftest, the drill runner and the
benchmarks all go through ``inject_fault`` so no fault ever acts without a durable journal entry.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock, RealClock
from gameday.errors import FaultError, GamedayError
from gameday.faults import FaultContext, FaultType, Progress, _quiet, registries
from gameday.ownactions import own_action
from gameday.params import ParamError

if TYPE_CHECKING:
    from gameday.journal import Journal, JournalEntry
    from gameday.scenario.model import FaultStep
    from gameday.target import Target


def target_spec(target: Target) -> str:
    """How the journal names a target so another process can find it again."""
    path = getattr(target, "path", None)
    return str(path) if path else str(target.project)


def _own(target: Target, what: str, clock: Clock) -> AbstractContextManager[None]:
    """Marks gameday acting on the target, so the drill's recorder of the engine's events
    leaves the fault's own restarts and execs out of what the team did (``gameday.ownactions``)."""
    return own_action(str(getattr(target, "project", "") or ""), what, clock=clock)


def _fault_type(type_name: str) -> FaultType:
    regs = registries()
    if type_name not in regs.faults:
        raise FaultError(
            f"unknown fault type {type_name!r} (known: {', '.join(regs.faults.names())})"
        )
    return regs.faults.get(type_name)


def _params(fault: FaultType, raw: dict[str, Any] | None, name: str) -> Any:
    try:
        return fault.parse_params(raw)
    except ParamError as exc:
        key = f"params.{exc.key}: " if exc.key else ""
        raise FaultError(f"fault {name!r} ({fault.name}): {key}{exc.message}") from None


@dataclass
class AppliedFault:
    """A fault that has acted (or started to); keeps timings for reports and benchmarks."""

    entry: JournalEntry
    fault: FaultType
    ctx: FaultContext
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.entry.fault


def inject_fault(
    target: Target,
    type_name: str,
    raw_params: dict[str, Any] | None,
    *,
    name: str | None = None,
    clock: Clock | None = None,
    journal: Journal | None = None,
    scenario: str | None = None,
    drill: str | None = None,
    progress: Progress = _quiet,
    verify: bool = True,
    parsed: Any = None,
) -> AppliedFault:
    """prepare -> journal (fsync) -> inject -> verify_live (unless ``verify=False``).

    ``parsed``: the params already read by the scenario loader (the raw ones still go into
    the journal, which another process reads back).

    If inject or verification fails, the fault is undone on the spot and the error raised; its
    journal entry stays pending if even that undo fails, so ``gameday restore`` retries it.
    """
    from gameday.journal import Journal
    from gameday.target.engine import ENGINE_ENV
    from gameday.target.settings import capture_target_env

    journal = journal or Journal()
    fault = _fault_type(type_name)
    name = name or type_name
    params = parsed if parsed is not None else _params(fault, raw_params, name)
    ctx = FaultContext(target=target, params=params, clock=clock or RealClock(), progress=progress)
    engine = check_engine(fault, target, name)
    for service in fault.services(params):
        target.container(service)  # guardrail before anything is written or changed
    with _own(target, f"inject {name}", ctx.clock):
        ctx.state = dict(fault.prepare(ctx) or {})
        entry = journal.record(
            fault=name,
            type=fault.name,
            params=dict(raw_params or {}),
            target=target_spec(target),
            project=target.project,
            state=ctx.state,
            # restore may run elsewhere
            scenario=str(Path(scenario).resolve()) if scenario else None,
            drill=drill,
            env={**capture_target_env(), **({ENGINE_ENV: engine} if engine else {})},
        )
        applied = AppliedFault(entry=entry, fault=fault, ctx=ctx)
        start = time.perf_counter()
        try:
            progress(f"injecting {name} ({fault.name})")
            fault.inject(ctx)
            applied.timings["inject"] = time.perf_counter() - start
            if verify:
                verify_live(applied)
        except Exception as exc:  # Ctrl-C / SIGTERM pass through: the caller's guard restores
            _undo_after_failure(applied, journal)
            if isinstance(exc, GamedayError):
                raise
            raise FaultError(f"fault {name!r} ({fault.name}) failed: {exc}") from exc
        return applied


def check_engine(fault: FaultType, target: Target, name: str) -> str | None:
    """The target's engine name; FaultError if ``fault`` does not work on it."""
    engine = getattr(getattr(target, "engine", None), "name", None)
    if engine and fault.engines and engine not in fault.engines:
        instead = f"; {fault.instead}" if fault.instead else ""
        raise FaultError(
            f"fault {name!r} ({fault.name}) works on {'/'.join(fault.engines)} targets, "
            f"not on {engine}{instead}"
        )
    return engine


def _undo_after_failure(applied: AppliedFault, journal: Journal) -> None:
    try:
        undo_fault(applied, journal)
    except Exception:
        pass  # stays pending in the journal; `gameday restore` reports it


def verify_live(applied: AppliedFault) -> None:
    start = time.perf_counter()
    with _own(applied.ctx.target, f"verify {applied.name}", applied.ctx.clock):
        applied.fault.verify_live(applied.ctx)
    applied.timings["verify_live"] = time.perf_counter() - start
    applied.ctx.progress(f"{applied.name} is live")


def undo_fault(applied: AppliedFault, journal: Journal | None = None) -> None:
    """undo -> verify_undone -> journal ``done``. Safe to call twice."""
    from gameday.journal import Journal

    journal = journal or Journal()
    start = time.perf_counter()
    applied.ctx.progress(f"undoing {applied.name} ({applied.fault.name})")
    with _own(applied.ctx.target, f"undo {applied.name}", applied.ctx.clock):
        applied.fault.undo(applied.ctx)
        applied.fault.verify_undone(applied.ctx)
    journal.mark_done(applied.entry.id)
    applied.timings["undo"] = time.perf_counter() - start


def rebuild(
    entry: JournalEntry, target: Target, *, clock: Clock | None = None, progress: Progress = _quiet
) -> AppliedFault:
    """An ``AppliedFault`` from a journal entry, in any process (restore after a crash)."""
    fault = _fault_type(entry.type)
    params = _params(fault, entry.params, entry.fault)
    ctx = FaultContext(
        target=target,
        params=params,
        clock=clock or RealClock(),
        state=dict(entry.state),
        progress=progress,
    )
    return AppliedFault(entry=entry, fault=fault, ctx=ctx)


def stage_fault(
    target: Target,
    type_name: str,
    raw_params: dict[str, Any] | None,
    *,
    parsed: Any = None,
    clock: Clock | None = None,
    progress: Progress = _quiet,
) -> str | None:
    """Ready a fault ahead of its time (``FaultType.stage``): nothing customers see, nothing
    journaled; a failure only means ``inject`` does the work itself. One line, or None."""
    fault = _fault_type(type_name)
    params = parsed if parsed is not None else _params(fault, raw_params, type_name)
    ctx = FaultContext(target=target, params=params, clock=clock or RealClock(), progress=progress)
    check_engine(fault, target, type_name)
    for service in fault.services(params):
        target.container(service)  # the guardrail, as for inject
    with _own(target, f"stage {type_name}", ctx.clock):
        return fault.stage(ctx)


def stage_undo(applied: AppliedFault) -> str | None:
    """Ready the undo of a live fault (``FaultType.stage_undo``); one line, or None."""
    with _own(applied.ctx.target, f"stage undo {applied.name}", applied.ctx.clock):
        return applied.fault.stage_undo(applied.ctx)


def inject_step(target: Target, step: FaultStep, **kwargs: Any) -> AppliedFault:
    """``inject_fault`` for a scenario timeline step (its params were read with the scenario)."""
    return inject_fault(
        target, step.type, dict(step.params), name=step.name, parsed=step.parsed, **kwargs
    )
