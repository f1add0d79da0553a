"""``gameday run``: one drill on the real stack, from its options to its record.

plan (every file read and checked) -> preflight (stack up and steady, guardrails, leftover
faults restored) -> the drill directory -> a ``DrillSession`` assembled from its parts ->
the loop -> the end (restore, then the record and the scorecard). ``--resume`` reopens the
drill a dead runner left instead of creating one. The decisions live in ``DrillMachine``
(pure); the session moves data between it and the parts (``gameday.drill.part``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gameday.clock import Clock, RealClock
from gameday.drill.part import Part
from gameday.drill.plan import RunOptions
from gameday.drill.session import RunResult
from gameday.errors import DrillError

__all__ = ["RunOptions", "RunResult", "run_drill"]


def run_drill(
    options: RunOptions,
    *,
    say: Callable[[str], None] = print,
    parts: Sequence[Part] = (),
    clock: Clock | None = None,
) -> RunResult:
    """Run one drill to its end; ``parts`` join the built-in ones (a live view, a printer)."""
    from gameday.drill import resume, setup
    from gameday.drill.parts import assemble
    from gameday.drill.parts.interrupts import Interrupts
    from gameday.drill.plan import load_plan
    from gameday.drill.session import DrillSession

    clock = clock or RealClock()
    interrupts = Interrupts(say)
    try:
        if options.resume:
            plan, drill, target = resume.reopen(options.scenario)
            interrupts.install()
        else:
            if not options.scenario:
                raise DrillError("gameday run needs a SCENARIO file (or --resume)")
            plan = load_plan(options, scenario_path=options.scenario, team_file=options.team)
            target = setup.preflight(plan, say, clock)  # Ctrl-C here just stops: nothing to undo
            interrupts.install()
            drill = setup.create(plan, target, clock)
        session = DrillSession(plan, drill, target, clock=clock, say=say, resumed=options.resume)
        reason = "crash"
        try:
            if options.resume:
                resume.recover(session)
            reason = session.run([interrupts, *assemble(session, parts)])
        except KeyboardInterrupt:
            reason = "signal"
        finally:
            result = session.finish(reason)
        return result
    finally:
        interrupts.close()
