"""The scorecard flags status claims that contradict the monitors, and hints cost points."""

from __future__ import annotations

from gameday.incident import Incident
from gameday.playbook import Playbook
from gameday.scoring import score

# the textbook drill at 1/20 scale and the fast playbook, as the scoring corrections use them:
# checkout fails 2m15s..60s, mitigated 63s, resolve 72s, ended 81s
from tests.unit.test_scoring_corrections import _drill, fast

__all__ = ["fast"]  # a fixture


def test_an_honest_status_page_is_met(fast: Playbook) -> None:
    b = _drill()
    c = score(b.build(), None, fast).criterion("status_truth")
    assert c.state == "met" and c.evidence


def test_operational_claim_while_a_monitor_fails_is_flagged(fast: Playbook) -> None:
    b = _drill()
    b.at(20).status("Checkout is fine", components={"Checkout": "operational"})
    c = score(b.build(), None, fast).criterion("status_truth")
    assert c.state == "missed" and c.points == 0
    assert "said Checkout operational at 20s while checkout failed" in c.explanation


def test_resolved_while_failing_is_flagged(fast: Playbook) -> None:
    b = _drill()
    b.at(25).status("All good now", state="resolved")
    c = score(b.build(), None, fast).criterion("status_truth")
    assert c.state == "missed" and "said resolved at 25s while checkout failed" in c.explanation


def test_a_page_left_degraded_long_after_recovery_is_flagged(fast: Playbook) -> None:
    b = _drill(("final_status",))
    b.at(20).status("Checkout down", components={"Checkout": "major_outage"})
    b.at(200).ended("resolved")  # mitigated at 63s; fast final_status deadline is 30s
    c = score(b.build(), None, fast).criterion("status_truth")
    assert c.state == "missed" and "Checkout still shown degraded 30s after" in c.explanation


def test_degraded_then_restored_in_time_is_met(fast: Playbook) -> None:
    b = _drill()
    b.at(20).status("Checkout down", components={"Checkout": "major_outage"})
    b.at(70).status("Back", components={"Checkout": "operational"})
    assert score(b.build(), None, fast).criterion("status_truth").state == "met"


def test_no_posts_or_no_monitors_is_not_applicable(fast: Playbook) -> None:
    b = _drill(("status", "final_status"))
    assert score(b.build(), None, fast).criterion("status_truth").state == "not_applicable"


def test_hints_cost_their_points_and_the_scorecard_says_so(fast: Playbook) -> None:
    plain = score(_drill().build(), None, fast)
    b = _drill()
    b.at(30).hint("look at the deploy", cost=5)
    b.at(40).hint("really, the deploy", cost=2.5)
    hinted = score(b.build(), None, fast)
    assert hinted.hint_penalty == 7.5
    assert hinted.total == round(plain.total - 7.5, 1)
    assert [h["text"] for h in hinted.hints] == ["look at the deploy", "really, the deploy"]
    assert any("2 hint(s), costing 7.5 points" in n for n in hinted.notes)
    assert hinted.to_dict()["hint_penalty"] == 7.5


def test_the_fold_knows_claims_monitors_and_phase() -> None:
    b = _drill()
    b.at(20).status("Checkout down", components={"Checkout": "major_outage", "Payments": "bogus"})
    inc = Incident.replay(b.build().events)
    assert inc.failing_monitors(at=50 / 20 * 1 + 1) == ["checkout"]
    assert inc.failing_monitors() == []
    states = inc.component_states(("Storefront", "Checkout", "Payments"))
    assert states == {
        "Storefront": "operational",
        "Checkout": "major_outage",
        "Payments": "operational",  # an unknown state is no claim
    }
    assert inc.phase == "ended"
