"""``gameday end`` / ``gameday abort`` from any terminal on the host.

Ask the runner through the drill directory; if it does not take the request, SIGTERM it; if
no runner is alive (killed with -9 and never resumed), or it dies while we wait, finish the drill
here exactly as the runner would have: end what the runner left running (its Locust), restore
the stack, record the end, and write the same drill record (summary, timeline, scorecard) with
the one Runner-independent writer (``gameday.drill.report.write_record``).

"Alive" means the very process recorded as the runner (``gameday.drill.proc``): a zombie or a
reused pid is not, so a crashed drill is finished at once instead of waited on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.clock import Clock, RealClock, poll_until
from gameday.drill import control, lifecycle, proc
from gameday.errors import DrillError, GamedayError, StateError

if TYPE_CHECKING:
    from gameday.drill.locate import Drill, DrillMeta
    from gameday.drill.report import DrillRecord

TAKE_S = 10.0  # how long a live runner has to take the request before it is signalled
LEFTOVER_GRACE_S = 3.0  # a dead runner's Locust gets this long after SIGTERM, then SIGKILL


@dataclass
class Stopped:
    """What ``stop_drill`` did; ``record`` is set when this process wrote the drill record."""

    drill_id: str
    message: str
    restored_ok: bool = True
    record: DrillRecord | None = None
    warnings: list[str] = field(default_factory=list)


def stop_drill(
    request: str,
    *,
    drill_ref: str | None = None,
    wait_s: float = 180.0,
    say: Callable[[str], None] = lambda _m: None,
    clock: Clock | None = None,
) -> Stopped:
    from gameday.drill.locate import find_running_drill, open_drill

    if request not in control.REQUESTS:
        raise DrillError(f"unknown request {request!r} (known: {', '.join(control.REQUESTS)})")
    drill = open_drill(drill_ref) if drill_ref else find_running_drill()
    meta = drill.meta()
    if meta.state != "running":
        raise DrillError(f"drill {drill.id} already ended ({meta.end_reason})")
    if not drill.runner_alive():
        return finish_orphan(drill, request, say=say)
    control.request(drill.dir, request, by=os.environ.get("USER", ""))
    clock = clock or RealClock()
    asked = clock.monotonic()
    signalled = False

    def state() -> str:
        nonlocal signalled
        if not drill.is_running():
            return "ended"
        if not drill.runner_alive():  # it died on its way (or was killed meanwhile)
            return "died"
        waited = clock.monotonic() - asked
        if not signalled and waited >= TAKE_S and control.read(drill.dir) is not None:
            if meta.pid:  # not taken: stuck, or on its way down
                control.signal_runner(meta.pid)
            signalled = True
        return "running"

    polled = poll_until(state, lambda s: s != "running", timeout=wait_s, interval=0.2, clock=clock)
    if polled.value == "died":
        return finish_orphan(drill, request, say=say)
    if polled.ok:
        if request == ev.REAL_INCIDENT:
            return Stopped(
                drill.id,
                f"drill {drill.id} stopped for a real incident: the drill's pages are resolved "
                "and its channel told to stand down; the runner restored the stack",
            )
        done = f"drill {drill.id} ended ({request}); the runner restored the stack"
        return Stopped(drill.id, f"{done} and wrote the drill record in {drill.dir}")
    raise DrillError(
        f"the runner of drill {drill.id} (pid {meta.pid}) did not finish within {wait_s:.0f}s",
        hint="check its terminal; if it is stuck, kill it and run `gameday end` again",
    )


def finish_orphan(drill: Drill, request: str, *, say: Callable[[str], None]) -> Stopped:
    """End a drill whose runner is gone, leaving what the runner's own end would have left."""
    from gameday.target.settings import target_environment

    meta = drill.meta()
    out = Stopped(drill.id, "")
    end_leftovers(meta, say)
    try:  # integrations stand the channel and the pager down before the restore, as the
        # runner's control part does; a damaged log must not stop the restore
        drill.log().append(ev.DRILL_STOPPING, {"reason": request, "by": os.environ.get("USER", "")})
    except StateError:
        pass
    with target_environment(meta.target_env):  # the restore first: nothing may stop it
        outcome = lifecycle.restore_drill(drill.id, None, say)
    out.restored_ok = outcome.ok
    state = "restored" if outcome.ok else "NOT fully restored: run `gameday restore`"
    try:
        log = drill.log()
        lifecycle.record_restore(log.append, outcome)
        log.append(ev.DRILL_ENDED, {"reason": request})
        _integrations_catch_up(drill, meta.team_file, out.warnings)
        drill.mark_ended(request)
        out.record = _write_record(drill, meta, request, say, out.warnings)
    except StateError as exc:  # a damaged log: the drill still ends, and says what is lost
        if drill.is_running():
            drill.mark_ended(request)
        raise StateError(
            f"{exc}; drill {drill.id} ended here ({request}), stack {state}, no drill record",
            hint=exc.hint,
        ) from None
    finally:
        drill.close()
    if request == ev.REAL_INCIDENT:
        out.message = (
            f"drill {drill.id} had no live runner; stopped it for a real incident; stack {state}"
        )
    else:
        out.message = (
            f"drill {drill.id} had no live runner; ended it here ({request}); stack {state}"
        )
    return out


def _integrations_catch_up(drill: Drill, team_file: str | None, warnings: list[str]) -> None:
    """No runner followed the end: send what the integrations still owe (the channel's stand
    down, the pager's resolve) from here. Best effort: a failure is said, never raised."""
    from gameday.integrations.mirror import Integrations

    try:
        team = None
        if team_file:
            from gameday.drill.team import load_team

            team = load_team(team_file)
        Integrations.for_team(drill, team).run_once()
    except Exception as exc:
        warnings.append(f"integrations could not catch up: {exc}")


def end_leftovers(meta: DrillMeta, say: Callable[[str], None]) -> None:
    """Stop what a dead runner left behind: its Locust keeps loading the stack otherwise (it
    quits by itself only once its runner's pid is gone, and a zombie's pid is not); with
    ``--workers``, its worker processes too."""
    for pid in locust_pids(meta.extra):
        _end_locust(pid, say)
    project = meta.extra.get("locust_service_project")
    if isinstance(project, str) and project:  # workers as a swarm service (--workers, swarm)
        from gameday.target.swarm.locust import remove

        try:
            for name in remove(project):
                say(f"removed the dead runner's Locust helper {name}")
        except Exception as exc:
            say(f"could not remove the Locust worker service of {project}: {exc}")


def locust_pids(extra: dict[str, object]) -> list[int]:
    """The master's pid, then its local workers', as the customers part recorded them."""
    raw = [extra.get("locust_pid")]
    workers = extra.get("locust_worker_pids")
    if isinstance(workers, list):
        raw += workers
    return [p for p in raw if isinstance(p, int) and not isinstance(p, bool) and p > 1]


def _end_locust(pid: int, say: Callable[[str], None]) -> None:
    if not proc.is_same(pid, None, cmdline_has=b"locust"):
        return
    say(f"ending the dead runner's customers (Locust, pid {pid})")
    proc.kill_group(pid, 15)

    def gone() -> bool:
        return not proc.is_same(pid, None, cmdline_has=b"locust")

    if not poll_until(gone, timeout=LEFTOVER_GRACE_S, interval=0.1).ok:
        proc.kill_group(pid, 9)


def _write_record(
    drill: Drill, meta: DrillMeta, reason: str, say: Callable[[str], None], warnings: list[str]
) -> DrillRecord | None:
    """The runner's end-of-drill files, from what the drill recorded about how it ran."""
    from gameday.drill.report import write_record
    from gameday.playbook import load_playbook
    from gameday.scenario.loader import load_scenario

    options: dict[str, Any] = dict(meta.extra.get("options") or {})
    try:
        scenario = load_scenario(meta.scenario_path)
    except GamedayError as exc:
        warnings.append(f"no drill record: the scenario no longer loads: {exc}")
        return None
    playbook = None
    try:
        playbook = load_playbook(options.get("playbook") or scenario.playbook or "default")
    except GamedayError as exc:
        warnings.append(f"the playbook does not load, so there is no score: {exc}")
    return write_record(
        drill,
        drill.log().events(),
        reason=reason,
        scenario=scenario,
        playbook=playbook,
        team=meta.team,
        score=bool(options.get("score", True)),
        out_dir=options.get("scorecards") or None,
        say=lambda m: warnings.append(m.removeprefix("gameday: ")),
    )
