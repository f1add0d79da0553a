"""Scoring rules corrected by hand-scoring timelines against the playbook (issue 9).

A premature resolve resolves nothing (the cadence window and the review deadline run to the
drill's end), resolving early never scores better than resolving properly later, people are
matched the way the roster matches them, and explanations say what the evidence says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gameday.playbook import Playbook, load_playbook
from gameday.scoring import score
from gameday.testing import TimelineBuilder, textbook_drill

FAST = Path(__file__).resolve().parents[1] / "data" / "playbooks" / "fast.yaml"


@pytest.fixture(scope="module")
def fast() -> Playbook:
    return load_playbook(FAST)


def _drill(skip: tuple[str, ...] = ()) -> TimelineBuilder:
    """The textbook drill at 1/20 scale: mitigated 63s, resolve 72s, drill ended 81s."""
    return textbook_drill(severity=1, skip=frozenset(skip), scale=1 / 20)


def test_silence_after_a_premature_resolve_counts(fast: Playbook) -> None:
    b = _drill(("resolve", "updates", "final_status"))
    b.at(30).resolve(premature=True)  # last post: the status at 18s
    r = score(b.build(), None, fast)
    cadence = r.criterion("cadence")
    # 18s -> the drill's end at 81s, not 18s -> the premature resolve at 30s (which would be met)
    assert cadence.state == "late" and "1m03s (18s to 1m21s)" in cadence.explanation
    assert r.metrics["longest_comm_gap"] == 63.0 and r.metrics["time_to_resolve"] is None


def test_the_review_deadline_runs_from_the_drill_end_without_a_proper_resolve(
    fast: Playbook,
) -> None:
    b = _drill(("resolve", "review"))
    b.at(30).resolve(premature=True)
    c = score(b.build(), None, fast).criterion("review")
    assert c.pending and "2026-05-06 09:01 UTC" in c.explanation  # 81s + 48h, not 30s + 48h


@settings(max_examples=60, deadline=None)
@given(
    early=st.floats(10, 62),  # before mitigation (63s): premature
    proper=st.floats(63, 80),  # after mitigation, before the drill ends (81s)
    review_after=st.floats(0, 60 * 3600),
)
def test_resolving_early_never_scores_better_than_resolving_properly_later(
    early: float, proper: float, review_after: float
) -> None:
    pb = load_playbook(FAST)
    results = []
    for premature, at in ((True, early), (False, proper)):
        b = _drill(("resolve", "review"))
        b.at(at).resolve(premature=premature)
        b.at(84).review(review_after)
        results.append(score(b.build(), None, pb))
    early_result, proper_result = results
    assert early_result.total <= proper_result.total
    for name in ("cadence", "promises", "resolve", "final_status"):
        assert early_result.criterion(name).points <= proper_result.criterion(name).points, name


def test_names_are_matched_case_insensitively(fast: Playbook) -> None:
    b = _drill(("roles",))
    b.at(10.5).role("ic", "Dana", "Dana")
    b.role("tech", "dana", "Dana")
    b.role("comms", "cy", "DANA")
    r = score(b.build(), None, fast)
    distinct = r.criterion("roles_distinct")
    assert distinct.state == "missed" and distinct.detail == "ic_is_tech"
    assert "Dana was Incident Commander and Technical Lead" in distinct.explanation
    assert "Dana" in r.people and "dana" not in r.people and "DANA" not in r.people
    assert r.people["Dana"]["roles"] == ["ic", "tech"]


def test_the_doubled_person_is_named_not_the_last_one_assigned(fast: Playbook) -> None:
    b = _drill(("roles",))
    b.at(10.5).role("tech", "ben", "ana")
    b.role("comms", "Ben", "ana")
    b.role("ic", "ana", "ana")
    c = score(b.build(), None, fast).criterion("roles_distinct")
    assert c.detail == "doubled" and c.explanation == "ben held two roles at once."


def test_a_final_status_before_the_resolve_says_before(fast: Playbook) -> None:
    b = _drill(("final_status",))
    b.at(68).status("Resolved", state="resolved")  # resolve at 72s
    c = score(b.build(), None, fast).criterion("final_status")
    assert c.state == "met"
    assert (
        c.explanation
        == "cy posted the final 'resolved' status 4s before resolving (limit 30s after)."
    )


def test_nobody_paged_means_no_page_in_the_explanation(fast: Playbook) -> None:
    b = TimelineBuilder(severity=2)
    b.at(0).started()
    b.at(10).fault_live()
    b.at(20).alert("checkout")
    b.at(30).ack("ana")
    c = score(b.build(), None, fast).criterion("ack")
    assert c.state == "met" and "page" not in c.explanation
    assert c.explanation == "ana acknowledged the alert 10s after the alert (limit 20s)."
    b = TimelineBuilder(severity=2)
    b.at(30).ack("ana")
    assert "Nobody was paged" in score(b.build(), None, fast).criterion("ack").explanation


def test_the_review_explanation_gives_the_exact_duration(fast: Playbook) -> None:
    b = _drill(("review",))
    b.at(84).review(48 * 3600 + 6 * 60 - 12)  # the incident ended (resolved) at 72s
    c = score(b.build(), None, fast).criterion("review")
    assert c.state == "late"
    assert c.explanation == (
        "Review booked 48h06m after the incident ended, 6m past the 48h limit."
    )
    b = _drill(("review",))
    b.at(84).review("24h")
    assert score(b.build(), None, fast).criterion("review").explanation == (
        "Review booked 24h00m12s after the incident ended (limit 48h)."
    )


def test_deadlines_say_what_they_run_from(fast: Playbook) -> None:
    b = TimelineBuilder(severity=2)
    b.at(0).started()
    b.at(10).fault_live()
    b.at(12).page("ana")  # no alert in this hand-written timeline
    b.at(20).channel(who="ana")
    r = score(b.build(), None, fast)
    assert r.criterion("channel").explanation.endswith("after the page (limit 30s).")
    assert r.criterion("declare").explanation.endswith("within 30s of the page.")
