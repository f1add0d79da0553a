"""A scenario's own alert rules (``alerts:``): checked against the alert-rule registry while
the file is read, and run by the drill instead of the default rules."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from gameday.clock import FakeClock
from gameday.drill.plan import scenario_rules
from gameday.errors import ValidationError
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from gameday.testing import offline_session

COMPLETE = project_root() / "tests" / "data" / "scenarios" / "complete.yaml"
ALERTS = """
alerts:
  - rule: probe_failing
    name: checkout failing
    params: {monitor: checkout, consecutive: 2, severity: warning}
  - rule: customer_failure_ratio
    name: customer errors
    params: {threshold: 0.1, window: 20s}
"""


def _write(tmp_path: Path, extra: str) -> Path:
    p = tmp_path / "s.yaml"
    own = COMPLETE.read_text().split("\nalerts:\n")[0] + "\n"  # the example's own rules out
    p.write_text(own + extra)
    return p


def test_rules_are_read_checked_and_built(tmp_path: Path) -> None:
    scenario = load_scenario(_write(tmp_path, ALERTS))
    assert [(a.rule, a.name) for a in scenario.alerts] == [
        ("probe_failing", "checkout failing"),
        ("customer_failure_ratio", "customer errors"),
    ]
    rules = scenario_rules(scenario)
    assert rules is not None
    assert [r.name for r in rules] == ["checkout failing", "customer errors"]
    assert rules[0].consecutive == 2 and rules[0].severity == "warning"
    assert rules[1].window == 20.0 and rules[1].threshold == 0.1
    assert scenario_rules(load_scenario(_write(tmp_path, ""))) is None  # none: the defaults


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (("rule: probe_failing", "rule: probe_failin"), "alerts[0].rule: unknown alert rule"),
        (("monitor: checkout,", "monitor: checkot,"), "alerts[0].params.monitor: no probe"),
        (("consecutive: 2", "consecutive: 0"), "alerts[0].params.consecutive: 0 is out of range"),
        (("threshold: 0.1", "threshold: .nan"), "alerts[1].params.threshold: nan is not"),
        (("window: 20s", "window: 2d"), "alerts[1].params.window: '2d' is too long"),
        (("severity: warning", "severity: dire"), "alerts[0].params.severity: 'dire' is not one"),
        (("name: customer errors", "name: checkout failing"), "alerts[1].name: duplicate"),
    ],
)
def test_bad_rules_name_file_line_and_key(
    tmp_path: Path, change: tuple[str, str], where: str
) -> None:
    path = _write(tmp_path, ALERTS.replace(*change))
    with pytest.raises(ValidationError) as info:
        load_scenario(path)
    assert str(info.value).startswith(f"{path}:")
    assert where in str(info.value), str(info.value)


def test_the_drill_runs_the_scenarios_rules_instead_of_the_defaults(
    tmp_path: Path, state_dir: Path
) -> None:
    from gameday.drill.machine import DrillSettings

    scenario = dataclasses.replace(load_scenario(_write(tmp_path, ALERTS)), faults=())
    session = offline_session(
        scenario, DrillSettings(roster=("ana",), customers=False), clock=FakeClock()
    )
    names = [rule.name for rule in session.machine.alerts.rules]
    assert names == ["checkout failing", "customer errors"]
