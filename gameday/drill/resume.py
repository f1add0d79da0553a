"""``gameday run --resume``: reattach to a drill whose runner died (``kill -9``, a crash).

Same drill directory, same drill clock (the log's epoch never moves, so the outage time while
no runner was attached counts), state rebuilt by the session replaying the log into a fresh
``DrillMachine``. Faults stay applied; a fault caught half-way through its injection is undone
and re-injected by the timeline, one injected but not verified is verified again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from gameday import events as ev
from gameday.drill import lifecycle
from gameday.errors import DrillError

if TYPE_CHECKING:
    from gameday.drill.locate import Drill
    from gameday.drill.plan import DrillPlan
    from gameday.drill.session import DrillSession
    from gameday.journal import JournalEntry
    from gameday.target import Target


def reopen(ref: str | None) -> tuple[DrillPlan, Drill, Target]:
    """The drill a dead runner left (``ref``: a drill id, else the current one), its plan as
    it was started, and its target; this process becomes its runner."""
    from gameday.drill.customers import kill_stale
    from gameday.drill.locate import find_running_drill, open_drill
    from gameday.drill.plan import RunOptions, load_plan
    from gameday.target import resolve_target

    drill = open_drill(ref) if ref and not ref.endswith((".yaml", ".yml")) else find_running_drill()
    meta = drill.meta()
    if drill.runner_alive() and meta.pid != os.getpid():
        raise DrillError(f"drill {drill.id} still has a live runner (pid {meta.pid})")
    options = RunOptions.from_saved(dict(meta.extra.get("options") or {}))
    for key, value in meta.target_env.items():
        os.environ[key] = value  # the drill's stack, whatever this shell points at
    plan = load_plan(
        options,
        scenario_path=meta.scenario_path,
        team_file=meta.team_file,
        settings=dict(meta.extra.get("settings") or {}),
    )
    target = resolve_target(plan.scenario.target_location)
    from gameday.drill.stop import locust_pids

    for pid in locust_pids(meta.extra):  # the master, and its local workers if any
        kill_stale(pid)
    drill.mark_running(os.getpid())
    return plan, drill, target


def recover(session: DrillSession) -> None:
    """After the log is replayed: settle half-done injections, then record ``drill.resumed``."""
    session.say(
        f"resume: drill {session.drill.id} at {session.now():.0f}s, "
        f"{session.events_folded} events replayed"
    )
    m = session.machine
    for entry in lifecycle.drill_entries(session.drill.id):
        if entry.fault not in m.faults.done:
            session.say(f"resume: {entry.fault} was half-injected when the runner died; undoing it")
            from gameday.faults.restore import restore

            restore(only={entry.id}, check_steady=False)
        elif entry.fault not in m.faults_live:
            _reverify(session, entry)
    session.record(ev.DRILL_RESUMED, {})


def _reverify(session: DrillSession, entry: JournalEntry) -> None:
    from gameday.faults.apply import rebuild, verify_live

    try:
        verify_live(rebuild(entry, session.target, clock=session.clock))
        session.record(ev.FAULT_LIVE, {"fault": entry.fault, "type": entry.type})
    except Exception as exc:
        session.say(f"resume: {entry.fault} is not live ({exc})")
