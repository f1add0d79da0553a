"""The bundled teams behave as advertised: played against a simulated runner on a FakeClock and
scored with the default playbook, the model team meets the playbook and the sloppy team does not.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.autopilot import AutopilotPlayer, load_script
from gameday.drill.locate import create_drill
from gameday.drill.team import load_team
from gameday.playbook import load_playbook
from gameday.scenario.loader import load_scenario
from gameday.scoring import score
from gameday.state import project_root

ROOT = project_root()
SEEDS = (
    "expired-cert",
    "heavy-migration",
    "upstream-schema",
    "bad-deploy",
    "queue-backlog",
    "queue-redis-maxmemory",
)
CATALOGUE_I11A = ("pool-exhaustion", "disk-full", "dns-failure", "crash-loop-config")
ALERT_AT, MITIGATION_HOLD = 30.0, 30.0


class _Target:
    def rollback(self, service: str) -> tuple[str, str]:
        return "v2", "v1"


def _play(team_name: str, scenario_id: str) -> Any:
    """A tiny runner: fault, alert, page, escalation, injects, mitigation after the right fix."""
    scenario = load_scenario(ROOT / "scenarios" / f"{scenario_id}.yaml")
    team = load_team(ROOT / "scenarios" / "teams" / f"{team_name}.yaml")
    playbook = load_playbook("default")
    script = team.autopilot_script(scenario_id)
    assert script is not None
    clock = FakeClock()
    drill = create_drill(scenario.id, team=team.name, clock=clock)
    log = drill.log(clock)
    fixed: list[float] = []
    right_fix = {r.action for r in scenario.remediation}

    def remediate(name: str, params: dict) -> str:
        if name in right_fix:
            fixed.append(log.now_t())
        return name

    player = AutopilotPlayer(load_script(script), drill, clock=clock, target=_Target(),
                             default_actor=team.default_actor, remediate=remediate)  # fmt: skip
    log.append(ev.DRILL_STARTED, {"scenario": scenario.id, "team": team.name,
                                  "severity": scenario.severity}, t=0.0)  # fmt: skip
    log.append(ev.FAULT_LIVE, {"fault": "f", "type": "t"}, t=10.0)
    escalate = team.escalate_after or playbook.deadlines["ack"]
    injects = sorted(scenario.injects, key=lambda i: i.at)
    paged = escalated = mitigated = False
    while log.now_t() < scenario.time_limit:
        now = log.now_t()
        if not paged and now >= ALERT_AT:
            log.append(ev.ALERT_FIRED, {"alert": "checkout", "monitor": "checkout"})
            log.append(ev.PAGE_SENT, {"to": team.oncall[0], "level": 0})
            paged = True
        if paged and not escalated and log.first(ev.ACK) is None and now >= ALERT_AT + escalate:
            log.append(ev.PAGE_ESCALATED, {"from": team.oncall[0], "to": team.oncall[1],
                                           "level": 1, "after_s": escalate})  # fmt: skip
            escalated = True
        while injects and injects[0].at <= now:
            i = injects.pop(0)
            log.append(ev.INJECT_DELIVERED, {"inject": i.name, "kind": i.kind, "from": i.sender,
                                             "message": i.message})  # fmt: skip
        rolled = [e for e in log.events(kinds=[ev.ROLLBACK]) if e.data.get("ok")]
        if "rollback" in right_fix and rolled and not fixed:
            fixed.append(rolled[0].t)
        if fixed and not mitigated and now >= fixed[0] + MITIGATION_HOLD:
            log.append(ev.MITIGATED, {"hold_s": MITIGATION_HOLD})
            mitigated = True
        player.tick()
        resolves = log.events(kinds=[ev.RESOLVE])
        if mitigated and any(not e.data["premature"] for e in resolves):
            break  # the runner ends the drill here, whatever the script still had to do
        clock.advance(1.0)
    result = score(drill.timeline(), scenario, playbook)
    drill.close()
    return result


@pytest.mark.parametrize("scenario_id", SEEDS + CATALOGUE_I11A)
def test_model_team_follows_the_playbook_and_sloppy_team_does_not(
    state_dir: Path, scenario_id: str
) -> None:
    model = _play("model-team", scenario_id)
    sloppy = _play("sloppy-team", scenario_id)
    states = {c.name: c.state for c in model.criteria}
    for name in (
        "ack",
        "declare",
        "severity",
        "roles",
        "roles_distinct",
        "channel",
        "channel_name",
        "first_status",
        "root_cause",
        "resolve",
        "final_status",
    ):
        assert states[name] == "met", (name, model.criterion(name).explanation)  # fmt: skip
    if scenario_id == "bad-deploy":
        assert states["rollback"] == "met"
    assert model.total >= 85
    assert sloppy.total < model.total - 25
    bad = {c.name: c.state for c in sloppy.criteria}
    assert bad["ack"] != "met" and bad["roles_distinct"] != "met" and bad["severity"] != "met"
