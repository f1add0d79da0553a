"""What a drill is made of, read and checked before anything touches the stack.

``gameday run`` turns its options into a ``DrillPlan`` (scenario, playbook, team, autopilot
script, the machine's settings): every file is parsed once here, so a typo fails before
Docker is asked anything, and a resumed runner rebuilds the same plan from the drill's
metadata. The plan is immutable; the session and its parts only read it.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

from gameday.drill.machine import DrillSettings
from gameday.errors import DrillError
from gameday.records import record

if TYPE_CHECKING:
    from gameday.drill.alerts import AlertRule
    from gameday.drill.autopilot import Script
    from gameday.drill.team import Team
    from gameday.playbook import Playbook
    from gameday.registry import Registries
    from gameday.scenario.model import Scenario

DEFAULT_TEAM = "model-team"


@record
class RunOptions:
    """``gameday run``'s options, saved in the drill's metadata for ``--resume``."""

    scenario: str | None = None
    team: str | None = None
    time_limit: float | None = None
    users: int = 5
    workers: int = 0  # Locust workers started on this host (0: Locust runs as one process)
    remote_workers: int = 0  # workers the master also waits for, joining from other hosts
    master_bind: str = "127.0.0.1"  # where the Locust master listens for workers
    master_port: int = 0  # 0: any free port (remote workers need a fixed one)
    autopilot: str | None = None
    playbook: str | None = None
    resume: bool = False
    bind: str = "127.0.0.1"
    port: int = 0
    escalation_timeout: float | None = None
    hold: float | None = None
    wrapup: float | None = None  # None: the playbook's final_status deadline; 0: end at resolve
    baseline: float = 10.0
    poll: float = 1.0
    consecutive: int = 3
    score: bool = True
    scorecards: str | None = None  # where the scorecard goes (absolute; None: default_dir())

    def saved(self) -> dict[str, Any]:
        """What the drill's metadata keeps (everything but ``resume``)."""
        return {k: v for k, v in asdict(self).items() if k != "resume"}

    @classmethod
    def from_saved(cls, saved: dict[str, Any]) -> RunOptions:
        """The options a drill was started with, for ``--resume`` (unknown keys ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in saved.items() if k in known and k != "resume"}, resume=True)


@record
class DrillPlan:
    options: RunOptions
    scenario: Scenario
    playbook: Playbook
    team: Team
    settings: DrillSettings
    autopilot: Script | None = None

    @property
    def scenario_source(self) -> str:
        return self.scenario.source or self.options.scenario or ""

    def alert_rules(self) -> list[AlertRule]:
        """The scenario's own rules (``alerts:``), else one per probe plus the customers'."""
        from gameday.drill.alerts import default_rules

        return scenario_rules(self.scenario) or default_rules(
            [p.name for p in self.scenario.steady_state],
            consecutive=self.options.consecutive,
            customers=self.settings.customers,
        )

    def settings_dict(self) -> dict[str, Any]:
        d = asdict(self.settings)
        d["roster"] = list(self.settings.roster)
        return d


def scenario_rules(
    scenario: Scenario, registries: Registries | None = None
) -> list[AlertRule] | None:
    """The scenario's own alert rules (``alerts:``), or None when it names none (the drill then
    uses the defaults). Validation already built each rule once, so this cannot fail on a param.
    """
    if not scenario.alerts:
        return None
    from gameday.drill.alerts import select_rules
    from gameday.scenario.loader import default_registries

    regs = registries or default_registries()
    return select_rules([(a.rule, a.name, a.params) for a in scenario.alerts], regs.alert_rules)


def load_plan(
    options: RunOptions,
    *,
    scenario_path: str,
    team_file: str | None,
    settings: dict[str, Any] | None = None,
) -> DrillPlan:
    """Read the scenario, playbook, team and autopilot script; work out the settings (or take
    the ``settings`` a drill saved when it started, so a resumed drill keeps its rules)."""
    from gameday.drill.customers import check_workers
    from gameday.playbook import load_playbook
    from gameday.scenario.loader import load_scenario

    check_workers(options.workers, options.remote_workers, options.master_bind)
    scenario = load_scenario(scenario_path)
    playbook = load_playbook(options.playbook or scenario.playbook or "default")
    team = _load_team(team_file)
    script = None
    if options.autopilot:
        from gameday.drill.autopilot import load_script

        script = load_script(options.autopilot, scenario)
    if settings:
        s = dict(settings)
        s["roster"] = tuple(s.get("roster") or team.oncall)
        known = {f.name for f in fields(DrillSettings)}
        drill_settings = DrillSettings(**{k: v for k, v in s.items() if k in known})
    else:
        drill_settings = settings_for(options, scenario, playbook, team)
    return DrillPlan(options, scenario, playbook, team, drill_settings, script)


def _load_team(team_file: str | None) -> Team:
    from gameday.drill.team import load_team
    from gameday.state import project_root

    if team_file:
        return load_team(team_file)
    default = project_root() / "scenarios" / "teams" / f"{DEFAULT_TEAM}.yaml"
    if default.is_file():
        return load_team(default)
    raise DrillError("no team roster to page: pass --team FILE (see scenarios/teams/)")


def settings_for(
    opts: RunOptions, scenario: Scenario, playbook: Playbook | None, team: Team
) -> DrillSettings:
    """Options first, then the team's escalation, then the playbook's deadlines."""
    escalation = opts.escalation_timeout
    if escalation is None:
        escalation = team.escalate_after
    if escalation is None and playbook is not None:
        escalation = playbook.deadlines.get("ack")
    hold = opts.hold
    if hold is None and playbook is not None:
        hold = playbook.deadlines.get("mitigation_hold")
    wrapup = opts.wrapup
    if wrapup is None and playbook is not None:
        wrapup = playbook.deadlines.get("final_status")
    return DrillSettings(
        roster=tuple(team.oncall),
        escalation_s=float(escalation if escalation is not None else 120.0),
        hold_s=float(hold if hold is not None else 30.0),
        baseline_s=float(opts.baseline),
        time_limit_s=float(opts.time_limit or scenario.time_limit),
        customers=opts.users > 0,
        wrapup_s=float(wrapup if wrapup is not None else 15 * 60.0),
    )
