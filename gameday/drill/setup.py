"""The runner's start and end: what happens before the loop and after it.

Split from ``runner.py`` so each reads in one go. ``preflight`` touches nothing the drill would
have to undo; ``create`` starts drill time; ``start_parts`` starts every moving part (server,
monitors, customers, injector, autopilot); ``finish`` stops them in the reverse order and
restores the stack before anything is scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.drill import control, lifecycle
from gameday.drill.alerts import default_rules
from gameday.drill.machine import DrillMachine, DrillSettings
from gameday.drill.monitors import Poller
from gameday.errors import DrillError

if TYPE_CHECKING:
    from gameday.drill.runner import Runner, RunOptions, RunResult

DEFAULT_TEAM = "model-team"


def load_parts(r: Runner, scenario_path: str, team_file: str | None, playbook: str | None) -> None:
    from gameday.playbook import load_playbook
    from gameday.scenario.loader import load_scenario

    r.scenario = load_scenario(scenario_path)
    r.playbook = load_playbook(playbook or r.scenario.playbook or "default")
    r.team = _load_team(team_file)
    if r.opts.autopilot:  # validated before anything touches the stack
        from gameday.drill.autopilot import load_script

        r.autopilot_script = load_script(r.opts.autopilot, r.scenario)


def _load_team(team_file: str | None) -> Any:
    from gameday.drill.team import load_team
    from gameday.state import project_root

    if team_file:
        return load_team(team_file)
    default = project_root() / "scenarios" / "teams" / f"{DEFAULT_TEAM}.yaml"
    if default.is_file():
        return load_team(default)
    raise DrillError("no team roster to page: pass --team FILE (see scenarios/teams/)")


def settings_for(r: Runner, opts: RunOptions) -> DrillSettings:
    assert r.scenario is not None
    escalation = opts.escalation_timeout
    if escalation is None:
        escalation = getattr(r.team, "escalate_after", None)
    if escalation is None and r.playbook is not None:
        escalation = r.playbook.deadlines.get("ack")
    hold = opts.hold
    if hold is None and r.playbook is not None:
        hold = r.playbook.deadlines.get("mitigation_hold")
    return DrillSettings(
        roster=tuple(r.team.oncall),
        escalation_s=float(escalation if escalation is not None else 120.0),
        hold_s=float(hold if hold is not None else 30.0),
        baseline_s=float(opts.baseline),
        time_limit_s=float(opts.time_limit or r.scenario.time_limit),
        customers=opts.users > 0,
    )


def resolve_drill_target(r: Runner) -> None:
    from gameday.target import resolve_target

    assert r.scenario is not None
    r.target = resolve_target(r.scenario.target_location)


def preflight(r: Runner) -> None:
    """Validate, restore leftovers, stack up and steady, guardrails. Changes nothing else."""
    opts = r.opts
    assert opts.scenario
    _refuse_second_drill()
    load_parts(r, opts.scenario, opts.team, opts.playbook)
    assert r.scenario is not None
    r.say(f"preflight: scenario {r.scenario.id} ({r.scenario.title}) is valid")
    lifecycle.restore_pending_first(r.say)
    resolve_drill_target(r)
    assert r.target is not None
    lifecycle.bring_up(r.target, r.say)
    lifecycle.wait_steady(r.target, r.scenario, r.say)
    lifecycle.check_guardrails(r.target, r.scenario)
    r.say("preflight: guardrails hold (every fault acts on a labelled staging container)")


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


def create(r: Runner) -> None:
    from gameday.drill.locate import create_drill

    assert r.scenario is not None and r.target is not None
    settings = settings_for(r, r.opts)
    opts = {k: v for k, v in vars(r.opts).items() if k != "resume"}
    r.drill = create_drill(
        r.scenario.id,
        scenario_path=str(Path(r.scenario.source or r.opts.scenario or "").resolve()),
        team=r.team.name,
        team_file=getattr(r.team, "source", None) or r.opts.team,
        target=str(getattr(r.target, "path", None) or r.target.project),
        clock=r.clock,
        extra={"options": opts, "settings": _settings_dict(settings)},
    )
    open_machine(r, settings)
    r.emit(
        ev.DRILL_STARTED,
        {
            "scenario": r.scenario.id,
            "title": r.scenario.title,
            "team": r.team.name,
            "playbook": getattr(r.playbook, "name", "default"),
            "severity": r.scenario.severity,
            "time_limit_s": settings.time_limit_s,
            "baseline_s": settings.baseline_s,
            "hold_s": settings.hold_s,
            "escalation_s": settings.escalation_s,
            "oncall": list(settings.roster),
        },
        t=0.0,
    )
    r.drain_log()


def _settings_dict(s: DrillSettings) -> dict[str, Any]:
    from dataclasses import asdict

    d = asdict(s)
    d["roster"] = list(s.roster)
    return d


def open_machine(r: Runner, settings: DrillSettings) -> None:
    assert r.drill is not None and r.scenario is not None
    r.log = r.drill.log(r.clock)
    epoch = r.log.epoch
    r._epoch = epoch.timestamp() if epoch else r.clock.now().timestamp()
    from gameday.scenario.alerts import scenario_rules

    rules = scenario_rules(r.scenario) or default_rules(
        [p.name for p in r.scenario.steady_state],
        consecutive=r.opts.consecutive,
        customers=settings.customers,
    )
    r.machine = DrillMachine(r.scenario, settings, rules)
    control.clear(r.drill.dir)


def start_parts(r: Runner) -> None:
    from gameday.drill.customers import Customers
    from gameday.drill.server import start_server
    from gameday.probes.runner import bind_all

    assert r.drill is not None and r.target is not None and r.scenario is not None
    assert r.machine is not None
    r.server, r.url = start_server(
        r.drill, host=r.opts.bind, port=r.opts.port, clock=r.clock, target=r.target
    )
    r.say(f"drill {r.drill.id}: responders join at {r.url} (token {r.drill.meta().token})")
    for bound in bind_all(r.target, r.scenario.steady_state):
        poller = Poller(bound.name, _check_fn(bound), r._obs.put, r.now, interval_s=r.opts.poll)
        poller.start()
        r.pollers.append(poller)
    if r.opts.users > 0:
        path = getattr(r.target, "path", None)
        host = r.target.endpoints()["proxy"]
        r.customers = Customers(
            locustfile=Path(path or ".") / "locustfile.py",
            host=str(host),
            ca_path=r.target.ca_path,
            users=r.opts.users,
            workdir=r.drill.dir,
        )
        pid = r.customers.start()
        meta = r.drill.meta()
        r.drill.update(extra={**meta.extra, "locust_pid": pid})
    r.start_injector()
    if r.opts.autopilot:
        _start_autopilot(r)


def _check_fn(bound: Any) -> Any:
    def check() -> tuple[bool, float | None, str]:
        res = bound.check()
        return res.ok, res.latency_ms, res.detail

    return check


def _start_autopilot(r: Runner) -> None:
    from gameday.drill import autopilot

    assert r.opts.autopilot and r.drill is not None

    def on_step(res: Any) -> None:
        if not res.ok:
            r.say(f"autopilot: {res.step.do} failed: {res.detail}")

    player = autopilot.AutopilotPlayer(
        r.autopilot_script,
        r.drill,
        clock=r.clock,
        target=r.target,
        default_actor=getattr(r.team, "default_actor", None),
        on_step=on_step,
    )
    if r.opts.resume and r._resume_t is not None:
        # Steps that were due while the dead runner was alive were played by its autopilot;
        # playing them again would record a second ack, a second declare...
        played = player.due_steps(r._resume_t)
        player._pending = [s for s in player._pending if s not in played]
    player.start()
    r.autopilot = player


def finish(r: Runner, reason: str) -> RunResult:
    from gameday.drill.runner import RunResult

    if r.drill is None or r.log is None or r.machine is None:
        raise DrillError(f"the drill could not start ({reason})")
    r.machine.request_end(reason)
    if r.autopilot is not None:
        _quietly(r.autopilot.stop)
    r._fault_q.put(None)
    if r._injector is not None:
        r._injector.join(180)
    _quietly(r.tick)  # record what is still queued (a fault that just went live...)
    r.say(f"gameday: ending the drill ({reason}); restoring the stack")
    outcome = lifecycle.restore_drill(r.drill.id, r.target, r.say)
    lifecycle.record_restore(r.emit, outcome)
    for poller in r.pollers:
        poller.stop()
    if r.customers is not None:
        _quietly(lambda: r.tick())
        r.customers.stop()
        stats = r.machine.last_stats
        if stats is not None:
            r.emit(ev.CUSTOMERS_STATS, r.machine.stats_event(stats))
    r.emit(ev.DRILL_ENDED, {"reason": reason})
    r.drain_log()
    control.clear(r.drill.dir)
    r.drill.mark_ended(reason, r.clock)
    if r.server is not None:
        _quietly(r.server.shutdown)
        _quietly(r.server.server_close)
    from gameday.drill import report

    result = RunResult(r.drill.id, r.drill.dir, reason, outcome.ok)
    report.write(r, result)
    return result


def _quietly(fn: Any) -> None:
    try:
        fn()
    except Exception:
        pass
