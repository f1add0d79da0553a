"""Before a drill session starts: preflight on the real stack, then the drill directory.

``preflight`` touches nothing the drill would have to undo (Ctrl-C there just stops);
``create`` starts drill time and records ``drill.started``. Both take the ``DrillPlan`` and
return what they made: nothing here writes into a session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gameday import events as ev
from gameday.drill import lifecycle
from gameday.errors import DrillError

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.plan import DrillPlan
    from gameday.target import Target

Say = lifecycle.Say


def preflight(plan: DrillPlan, say: Say, clock: Clock | None = None) -> Target:
    """Restore leftovers, stack up and steady, guardrails; return the drill's target."""
    from gameday.target import resolve_target

    _refuse_second_drill()
    say(f"preflight: scenario {plan.scenario.id} ({plan.scenario.title}) is valid")
    lifecycle.restore_pending_first(say)
    target = resolve_target(plan.scenario.target_location)
    lifecycle.bring_up(target, say)
    lifecycle.wait_steady(target, plan.scenario, say, clock=clock)
    lifecycle.check_guardrails(target, plan.scenario)
    say("preflight: guardrails hold (every fault acts on a labelled staging container)")
    return target


def _refuse_second_drill() -> None:
    """One drill at a time per state directory: responders' commands find "the" drill."""
    from gameday.drill.locate import find_running_drill
    from gameday.errors import NoDrillRunning

    try:
        drill = find_running_drill()
    except NoDrillRunning:
        return
    if drill.runner_alive():
        raise DrillError(
            f"drill {drill.id} is already running (runner pid {drill.meta().pid})",
            hint="`gameday end` it first, or use another GAMEDAY_STATE_DIR",
        )
    raise DrillError(
        f"drill {drill.id} was left running by a runner that died",
        hint="`gameday run --resume` continues it; `gameday end` restores and ends it",
    )


def create(plan: DrillPlan, target: Target, clock: Clock) -> Drill:
    """The drill directory, its metadata (what ``--resume`` needs) and ``drill.started``."""
    from gameday.drill.locate import create_drill

    settings = plan.settings
    drill = create_drill(
        plan.scenario.id,
        scenario_path=str(Path(plan.scenario_source).resolve()),
        team=plan.team.name,
        team_file=plan.team.source or plan.options.team,
        target=str(target.path),
        clock=clock,
        components=tuple(c.name for c in plan.scenario.status_components),
        extra={"options": plan.options.saved(), "settings": plan.settings_dict()},
    )
    drill.log(clock).append(
        ev.DRILL_STARTED,
        {
            "scenario": plan.scenario.id,
            "title": plan.scenario.title,
            "team": plan.team.name,
            "playbook": plan.playbook.name,
            "severity": plan.scenario.severity,
            "time_limit_s": settings.time_limit_s,
            "baseline_s": settings.baseline_s,
            "hold_s": settings.hold_s,
            "escalation_s": settings.escalation_s,
            "oncall": list(settings.roster),
            # the load asked for; the fold reports what the customers achieved next to it
            "users": plan.options.users,
            "workers": plan.options.workers,
            "briefing": plan.scenario.briefing,
            # the status page's components and the monitors behind each (status_truth)
            "components": {c.name: list(c.monitors) for c in plan.scenario.status_components},
        },
        t=0.0,
    )
    return drill
