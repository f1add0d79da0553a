"""Cost of delay: failures per minute of incident, and what mitigating at the first page saves."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gameday.incident import Incident, cost_line, cost_of_delay, impact, summary
from gameday.playbook import load_playbook
from gameday.scoring import score
from gameday.testing import TimelineBuilder, textbook_drill


def _drill(page_at: float | None = 60, mitigate_at: float = 120) -> TimelineBuilder:
    """Samples every 10s with 10 failures each while the fault acts (20s → mitigation)."""
    b = TimelineBuilder()
    b.at(0).started()
    b.at(20).fault_live()
    if page_at is not None:
        b.at(page_at).alert()
        b.page()
    for t in range(10, 210, 10):
        failing = 20 < t <= mitigate_at
        b.at(t).stats(50, 10 if failing else 0)
    b.at(mitigate_at).mitigated()
    b.at(200).ended()
    return b


def test_failures_per_minute_and_the_saving_at_the_page() -> None:
    cost = cost_of_delay(Incident.replay(_drill().build().events))
    assert cost is not None
    assert cost["failures"] == 100  # ten samples of ten inside (20s, 120s]
    assert cost["minutes"] == round(100 / 60, 3)
    assert cost["per_minute"] == 60.0
    assert cost["page_t"] == 60
    assert cost["saved"] == 60  # the samples at 70..120 s
    assert cost["saved_ratio"] == 0.6
    assert cost["delay_s"] == 60
    assert cost["label"] == (
        "cost of delay: 100 failed requests over 1m40s of incident (60 per minute); "
        "mitigating at the first page (1m00s) would have saved 60 of them (60%)"
    )


def test_the_sample_the_page_falls_in_counts_pro_rata() -> None:
    cost = cost_of_delay(Incident.replay(_drill(page_at=65).build().events))
    assert cost is not None and cost["saved"] == 55  # half of the 70 s sample, then 50


def test_cost_agrees_with_impact_and_is_in_the_summary() -> None:
    inc = Incident.replay(textbook_drill().build().events)
    cost = cost_of_delay(inc)
    imp = impact(inc)
    assert cost is not None and imp is not None
    assert cost["failures"] == imp["failures"]
    assert summary(inc)["cost"] == cost


def test_nobody_paged_and_no_samples() -> None:
    cost = cost_of_delay(Incident.replay(_drill(page_at=None).build().events))
    assert cost is not None and cost["page_t"] is None and cost["saved"] == 0
    assert "nobody was paged" in cost["label"]
    b = TimelineBuilder()
    b.at(0).started()
    b.at(5).fault_live()
    assert cost_of_delay(Incident.replay(b.build().events)) is None
    assert cost_line(None) == "cost of delay: no customer samples to price"


def test_the_scorecard_result_carries_the_cost() -> None:
    tl = textbook_drill().build()
    result = score(tl, None, load_playbook("default"))
    assert result.cost == cost_of_delay(Incident.replay(tl.events))
    assert result.to_dict()["cost"] == result.cost


@settings(max_examples=60, deadline=None)
@given(
    page=st.floats(min_value=21, max_value=119),
    later=st.floats(min_value=0, max_value=60),
    fails=st.lists(st.integers(0, 50), min_size=20, max_size=20),
)
def test_a_later_page_never_saves_more(page: float, later: float, fails: list[int]) -> None:
    """Saved failures are at most the failures, and shrink as the page comes later."""

    def cost(at: float) -> dict[str, Any]:
        b = TimelineBuilder()
        b.at(0).started()
        b.at(20).fault_live()
        b.at(at).alert()
        b.page()
        for i, t in enumerate(range(10, 210, 10)):
            b.at(t).stats(60, fails[i])
        b.at(150).mitigated()
        out = cost_of_delay(Incident.replay(b.build().events))
        assert out is not None
        return out

    early, late = cost(page), cost(min(149.0, page + later))
    assert 0 <= early["saved"] <= early["failures"]
    assert late["saved"] <= early["saved"] + 1  # rounding of the pro rata part
