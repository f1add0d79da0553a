"""The facilitator's controls: hints (by number, name or words, with their cost), spare and
free injects, extend, end; the truth; and the status page checked against the scenario's map."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday import events as ev
from gameday.drill import control as ctl
from gameday.drill.facilitator import control, truth
from gameday.drill.locate import create_drill
from gameday.errors import DrillError
from gameday.incident import Incident

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "expired-cert.yaml"


@pytest.fixture
def drill(state_dir: Path):
    d = create_drill("expired-cert", scenario_path=str(SCENARIO), team="model-team")
    d.log().append(ev.DRILL_STARTED, {"time_limit_s": 600, "oncall": ["ana"]}, t=0.0)
    yield d
    d.close()


def test_hints_by_number_name_or_words_cost_what_the_scenario_and_playbook_say(drill) -> None:
    first = control(drill, "hint", {"hint": "1"}, by="fay")
    assert first.kind == ev.HINT and first.actor == "fay"
    assert first.data["index"] == 1 and first.data["cost"] == 5.0  # the playbook's hint_cost
    third = control(drill, "hint", {"hint": "hint-3"}, by="fay")
    assert third.data["index"] == 3 and third.data["cost"] == 10.0  # the scenario's own
    assert "gameday target cert renew" in third.data["text"]
    own = control(drill, "hint", {"hint": "check the proxy"}, by="fay")
    assert own.data == {"text": "check the proxy", "cost": 5.0}
    with pytest.raises(DrillError, match="hint: the scenario has 3 hint"):
        control(drill, "hint", {"hint": "7"}, by="fay")
    with pytest.raises(DrillError, match="must not be empty"):
        control(drill, "hint", {"hint": "  "}, by="fay")


def test_spare_and_free_injects(drill) -> None:
    asked = control(drill, "inject", {"message": "security-team"}, by="fay")
    assert asked.data["from"] == "Security Officer" and asked.data["kind"] == "stakeholder"
    assert asked.data["inject"] == "security-team" and asked.data["extra"] is True
    control(drill, "inject", {"message": "mobile-errors"}, by="fay")
    noise = drill.log().events(kinds=[ev.ALERT_FIRED])[-1]
    assert noise.data["noise"] is True and noise.data["alert"] == "mobile-errors"
    free = control(
        drill, "inject", {"message": "Any ETA?", "kind": "stakeholder", "sender": "VP"}, by="fay"
    )
    assert free.data["from"] == "VP" and free.data["inject"].startswith("extra-")
    with pytest.raises(DrillError, match="kind"):
        control(drill, "inject", {"message": "x", "kind": "gossip"}, by="fay")


def test_extend_end_and_unknown_controls(drill) -> None:
    e = control(drill, "extend", {"by": "10m"}, by="fay")
    assert e.data == {"by_s": 600.0, "time_limit_s": 1200.0}
    assert Incident.replay(drill.log().events()).time_limit_s == 1200.0
    with pytest.raises(DrillError, match="between 1s and 4h"):
        control(drill, "extend", {"by": "5h"}, by="fay")
    said = control(drill, "end", {}, by="fay")
    assert isinstance(said, str) and ctl.read(drill.dir)["request"] == "end"
    with pytest.raises(DrillError, match="unknown control"):
        control(drill, "explode", {}, by="fay")


def test_truth_names_faults_cause_hints_and_spares(drill) -> None:
    control(drill, "hint", {"hint": "2"}, by="fay")
    t = truth(drill, Incident.replay(drill.log().events()))
    assert t["severity"] == 1 and "certificate" in t["cause"].lower()
    assert [f["state"] for f in t["faults"]] == ["pending"]
    assert [h["sent"] for h in t["hints"]] == [False, True, False]
    assert [h["cost"] for h in t["hints"]] == [5.0, 5.0, 10.0]
    assert {s["name"] for s in t["spare_injects"]} == {"security-team", "mobile-errors"}


def test_status_truth_follows_the_scenarios_component_map() -> None:
    from gameday.playbook import load_playbook
    from gameday.scoring import score
    from gameday.testing import TimelineBuilder

    b = TimelineBuilder(scenario="expired-cert", severity=1)
    b.at(0).event(
        ev.DRILL_STARTED,
        {"components": {"Storefront": ["browse"], "Checkout": ["checkout"]}},
        "gameday",
    )
    b.at(5).monitor("checkout", False, "HTTP 500")
    b.at(10).status("Checkout down", components={"Storefront": "operational"})  # true
    pb = load_playbook("default")
    assert score(b.build(), None, pb).criterion("status_truth").state == "met"
    b.at(20).status("Both fine", components={"Checkout": "operational"})  # false
    c = score(b.build(), None, pb).criterion("status_truth")
    assert c.state == "missed" and "said Checkout operational at 20s while checkout" in (
        c.explanation
    )
