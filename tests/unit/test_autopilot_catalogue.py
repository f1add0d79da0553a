"""The catalogue scenarios of issue 11 ship a model and a sloppy autopilot script each: played
against the simulated runner of ``test_autopilot_scoring`` and scored with the default playbook,
the model team meets the playbook and the sloppy team does not."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.test_autopilot_scoring import _play

CATALOGUE = ("upstream-latency", "noisy-neighbour", "red-herring", "cascade")


@pytest.mark.parametrize("scenario_id", CATALOGUE)
def test_model_team_meets_the_playbook_and_sloppy_team_does_not(
    state_dir: Path, scenario_id: str
) -> None:
    model = _play("model-team", scenario_id)
    sloppy = _play("sloppy-team", scenario_id)
    states = {c.name: c.state for c in model.criteria}
    for name in ("ack", "declare", "severity", "roles", "roles_distinct", "channel",
                 "first_status", "root_cause", "resolve", "final_status"):  # fmt: skip
        assert states[name] == "met", (name, model.criterion(name).explanation)
    assert states.get("rollback") in (None, "not_applicable")  # no deploy to roll back
    assert model.total >= 85, model.total
    assert sloppy.total < model.total - 25, (sloppy.total, model.total)
    bad = {c.name: c.state for c in sloppy.criteria}
    assert bad["ack"] != "met" and bad["roles_distinct"] != "met" and bad["severity"] != "met"
    assert bad["root_cause"] != "met"  # the sloppy team names the wrong cause every time
