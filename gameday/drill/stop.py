"""``gameday end`` / ``gameday abort`` from any terminal on the host.

Ask the runner through the drill directory; if it does not take the request, SIGTERM it; if
no runner is alive (killed with -9 and never resumed), finish the drill here with the same
restore the runner would have done, so the stack is never left broken.
"""

from __future__ import annotations

import os

from gameday import events as ev
from gameday.clock import poll_until
from gameday.drill import control, lifecycle
from gameday.errors import DrillError


def stop_drill(request: str, *, drill_ref: str | None = None, wait_s: float = 180.0) -> str:
    from gameday.drill.locate import find_running_drill, open_drill

    drill = open_drill(drill_ref) if drill_ref else find_running_drill()
    meta = drill.meta()
    if meta.state != "running":
        raise DrillError(f"drill {drill.id} already ended ({meta.end_reason})")
    if drill.runner_alive():
        control.request(drill.dir, request, by=os.environ.get("USER", ""))
        taken = poll_until(lambda: control.read(drill.dir) is None, timeout=10.0, interval=0.25)
        if not taken.ok and meta.pid:
            control.signal_runner(meta.pid)
        if poll_until(lambda: not drill.is_running(), timeout=wait_s, interval=0.5).ok:
            if request == ev.REAL_INCIDENT:
                return (
                    f"drill {drill.id} stopped for a real incident: the drill's pages are "
                    "resolved and its channel told to stand down; the runner restored the stack"
                )
            return f"drill {drill.id} ended ({request}); the runner restored the stack"
        raise DrillError(
            f"the runner of drill {drill.id} did not finish within {wait_s:.0f}s",
            hint="check its terminal; `gameday restore` undoes faults if it died",
        )
    return _finish_orphan(drill, request)


def _finish_orphan(drill: object, request: str) -> str:
    from gameday.drill.locate import Drill
    from gameday.target.settings import target_environment

    assert isinstance(drill, Drill)
    meta = drill.meta()
    log = drill.log()
    lines: list[str] = []
    log.append(ev.DRILL_STOPPING, {"reason": request, "by": os.environ.get("USER", "")})
    with target_environment(meta.target_env):
        outcome = lifecycle.restore_drill(drill.id, None, lines.append)
    lifecycle.record_restore(log.append, outcome)
    log.append(ev.DRILL_ENDED, {"reason": request})
    _integrations_catch_up(drill, meta.team_file)
    drill.mark_ended(request)
    drill.close()
    state = "restored" if outcome.ok else "NOT fully restored: run `gameday restore`"
    if request == ev.REAL_INCIDENT:
        return f"drill {drill.id} had no live runner; stopped it for a real incident; stack {state}"
    return f"drill {drill.id} had no live runner; ended it here ({request}); stack {state}"


def _integrations_catch_up(drill: object, team_file: str | None) -> None:
    """No runner followed the end: send what the integrations still owe (the channel's stand
    down, the pager's resolve) from here. Best effort: a failure is said, never raised."""
    from gameday.drill.locate import Drill
    from gameday.integrations.mirror import Integrations

    assert isinstance(drill, Drill)
    try:
        team = None
        if team_file:
            from gameday.drill.team import load_team

            team = load_team(team_file)
        Integrations.for_team(drill, team).run_once()
    except Exception as exc:
        print(f"gameday: warning: integrations could not catch up: {exc}")
