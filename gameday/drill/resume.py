"""``gameday run --resume``: reattach to a drill whose runner died (``kill -9``, a crash).

Same drill directory, same drill clock (the log's epoch never moves, so the outage time while
no runner was attached counts), state rebuilt by replaying the log into a fresh
``DrillMachine``. Faults stay applied; a fault caught half-way through its injection is undone
and re-injected by the timeline, one injected but not verified is verified again.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.drill import lifecycle
from gameday.drill.machine import DrillSettings
from gameday.errors import DrillError

if TYPE_CHECKING:
    from gameday.drill.runner import Runner


def attach_resumed(r: Runner) -> None:
    """Reopen the drill a dead runner left: same dir, same clock, state rebuilt from the log."""
    from gameday.drill.locate import find_running_drill, open_drill
    from gameday.drill.runner import RunOptions
    from gameday.drill.setup import load_parts, open_machine, resolve_drill_target, settings_for

    drill = (
        open_drill(r.opts.scenario)
        if r.opts.scenario and not r.opts.scenario.endswith((".yaml", ".yml"))
        else find_running_drill()
    )
    meta = drill.meta()
    if drill.runner_alive() and meta.pid != os.getpid():
        raise DrillError(f"drill {drill.id} still has a live runner (pid {meta.pid})")
    saved = dict(meta.extra.get("options") or {})
    known = set(RunOptions.__dataclass_fields__)
    r.opts = RunOptions(**{k: v for k, v in saved.items() if k in known}, resume=True)
    for key, value in meta.target_env.items():
        os.environ[key] = value  # the drill's stack, whatever this shell points at
    load_parts(r, meta.scenario_path, meta.team_file, r.opts.playbook)
    resolve_drill_target(r)
    r.drill = drill
    from gameday.drill.customers import kill_stale

    kill_stale(meta.extra.get("locust_pid"))
    s = dict(meta.extra.get("settings") or {})
    s["roster"] = tuple(s.get("roster") or r.team.oncall)
    settings = DrillSettings(**s) if s else settings_for(r, r.opts)
    open_machine(r, settings)
    drill.mark_running(os.getpid())
    r.drain_log()  # replay everything recorded, by us and by responders
    last_runner = [e.t for e in r.log.events() if e.actor == ev.SYSTEM_ACTOR]
    r._resume_t = max(last_runner) if last_runner else None
    assert r.machine is not None
    r.say(f"resume: drill {drill.id} at {r.now():.0f}s, {r._seen} events replayed")
    _recover_half_injected(r)
    r.emit(ev.DRILL_RESUMED, {})
    r.drain_log()


def _recover_half_injected(r: Runner) -> None:
    """A fault journaled but never recorded as injected: undo it, the timeline re-injects it.
    A fault injected but not yet verified live: verify again so detection is still timed."""
    assert r.drill is not None and r.machine is not None
    m = r.machine
    for entry in lifecycle.drill_entries(r.drill.id):
        if entry.fault not in m.faults.done:
            r.say(f"resume: {entry.fault} was half-injected when the runner died; undoing it")
            from gameday.journal.restore import restore

            restore(only={entry.id}, check_steady=False)
        elif entry.fault not in m.faults_live:
            _reverify(r, entry)


def _reverify(r: Runner, entry: Any) -> None:
    from gameday.faults.apply import rebuild, verify_live

    assert r.target is not None
    try:
        verify_live(rebuild(entry, r.target, clock=r.clock))
        r.emit(ev.FAULT_LIVE, {"fault": entry.fault, "type": entry.type})
    except Exception as exc:
        r.say(f"resume: {entry.fault} is not live ({exc})")
