"""The rubric as a table: hand-built timelines and the state and points of EVERY criterion.

All cases start from ``textbook_drill(scale=1/20)`` scored against the fast playbook
(``tests/data/playbooks/fast.yaml``: ack 20s, declare/roles/channel/first status/answer/final
status 30s, cadence/stakeholders 45s, rollback 90s, review 48h). Textbook times (seconds):
alert+page 3, ack 6, declare 9, roles 10.5, channel 12, status 18 (next 45), notify 21,
question 27 / answer 33, cause 39, rollback 42, update 54 (next 45), mitigated 63, resolve 72,
final status 75, review booked at 84 for 24h later.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gameday.playbook import Playbook, load_playbook
from gameday.scoring import ScoreResult, score
from gameday.testing import TimelineBuilder, textbook_drill
from gameday.timeline import Expectations

FAST = Path(__file__).resolve().parents[1] / "data" / "playbooks" / "fast.yaml"


@pytest.fixture(scope="module")
def fast() -> Playbook:
    return load_playbook(FAST)


def _drill(skip: tuple[str, ...] = (), severity: int = 1) -> TimelineBuilder:
    return textbook_drill(severity=severity, skip=frozenset(skip), scale=1 / 20)


Case = tuple[str, Callable[[], TimelineBuilder], dict[str, tuple[str, float]]]


def _ack_late() -> TimelineBuilder:
    b = _drill(("ack",))
    b.at(30).ack("ana")
    return b


def _ack_escalated() -> TimelineBuilder:
    b = _drill(("ack",))
    b.at(10).escalate("ana", "ben")
    b.at(12).ack("ben")
    return b


def _declare_late() -> TimelineBuilder:
    b = _drill(("declare",))
    b.at(40).declare(1)
    return b


def _sev(*levels: int) -> Callable[[], TimelineBuilder]:
    def make() -> TimelineBuilder:
        b = _drill(("declare",))
        for i, lvl in enumerate(levels):
            b.at(9 + i).declare(lvl)
        return b

    return make


def _roles(*assign: tuple[str, str], at: float = 10.5) -> Callable[[], TimelineBuilder]:
    def make() -> TimelineBuilder:
        b = _drill(("roles",))
        b.at(at)
        for role, person in assign:
            b.role(role, person, "ana")
        return b

    return make


def _channel(name: str, at: float = 12) -> Callable[[], TimelineBuilder]:
    def make() -> TimelineBuilder:
        b = _drill(("channel",))
        b.at(at).channel(name)
        return b

    return make


def _status_late() -> TimelineBuilder:
    b = _drill(("status",))
    b.at(45).status("Investigating", next=45)
    return b


def _promise_broken_late() -> TimelineBuilder:
    b = _drill(("status",))
    b.at(18).status("Investigating", next=10)  # due 28, next post at 54
    return b


def _promise_never_kept() -> TimelineBuilder:
    b = _drill(("updates", "final_status"))
    b.at(54).update("Rolled back", next=10)  # due 64; nothing follows, resolve at 72
    return b


def _question_unanswered() -> TimelineBuilder:
    b = _drill(("question",))
    b.at(27).question("Is checkout down?", "CEO", "ceo-asks")
    return b


def _question_late() -> TimelineBuilder:
    b = _drill(("question",))
    b.at(27).question("Is checkout down?", "CEO", "ceo-asks")
    b.at(70).notify("Yes; fixed now", reply_to="ceo-asks")
    return b


def _rollback(service: str, at: float) -> Callable[[], TimelineBuilder]:
    def make() -> TimelineBuilder:
        b = _drill(("rollback",))
        b.at(at).rollback(service)
        return b

    return make


def _wrong_cause() -> TimelineBuilder:
    b = _drill(("cause",))
    b.at(39).cause("the database is slow")
    return b


def _premature(fixed: bool) -> Callable[[], TimelineBuilder]:
    def make() -> TimelineBuilder:
        b = _drill(("resolve",) if not fixed else ())
        b.at(50).resolve(premature=True)
        return b

    return make


def _final_late() -> TimelineBuilder:
    b = _drill(("final_status",))
    b.at(110).status("Resolved", state="resolved")
    return b


def _review_after(hours: str) -> Callable[[], TimelineBuilder]:
    def make() -> TimelineBuilder:
        b = _drill(("review",))
        b.at(84).review(hours)
        return b

    return make


CASES: list[Case] = [
    ("textbook", _drill, {}),
    ("ack late", _ack_late, {"ack": ("late", 4)}),
    ("ack after escalation", _ack_escalated, {"ack": ("late", 4)}),
    ("ack missed", lambda: _drill(("ack",)), {"ack": ("missed", 0)}),
    ("declare late", _declare_late, {"declare": ("late", 3)}),
    (
        "never declared",
        lambda: _drill(("declare",)),
        {"declare": ("missed", 0), "severity": ("missed", 0)},
    ),
    ("severity one off", _sev(2), {"severity": ("missed", 4)}),
    ("severity wrong", _sev(3), {"severity": ("missed", 0)}),
    ("severity corrected later", _sev(3, 1), {}),
    (
        "roles late",
        _roles(("ic", "ana"), ("tech", "ben"), ("comms", "cy"), at=50),
        {"roles": ("late", 3)},
    ),
    ("no comms lead", _roles(("ic", "ana"), ("tech", "ben")), {"roles": ("missed", 4)}),
    (
        "IC also tech lead",
        _roles(("ic", "ana"), ("tech", "ana"), ("comms", "cy")),
        {"roles_distinct": ("missed", 0)},
    ),
    (
        "one person in all three",
        _roles(("ic", "ana"), ("operations-lead", "ana"), ("comms", "ana")),
        {"roles_distinct": ("missed", 0)},
    ),
    (
        "roles doubled (tech also comms)",
        _roles(("ic", "ana"), ("tech", "ben"), ("comms", "ben")),
        {"roles_distinct": ("missed", 3)},
    ),
    ("alias names a role", _roles(("incident-commander", "ana"), ("ops", "ben"), ("cl", "cy")), {}),
    (
        "channel late, bad name",
        _channel("#war-room", at=50),
        {"channel": ("late", 1.5), "channel_name": ("missed", 0)},
    ),
    ("channel wrong date", _channel("#incident-20260503"), {"channel_name": ("missed", 1)}),
    (
        "no channel",
        lambda: _drill(("channel",)),
        {"channel": ("missed", 0), "channel_name": ("not_applicable", 0)},
    ),
    ("first status late", _status_late, {"first_status": ("late", 4)}),
    (
        "silence: no posts at all",
        lambda: _drill(("status", "updates", "final_status")),
        {
            "first_status": ("missed", 0),
            "cadence": ("missed", 0),
            "promises": ("not_applicable", 0),
            "final_status": ("missed", 0),
            "status_truth": ("not_applicable", 0),  # no claim to check
        },
    ),
    (
        "cadence gap (no update)",
        lambda: _drill(("updates",)),
        {"cadence": ("late", 4), "promises": ("late", 3)},
    ),
    ("promise broken, kept late", _promise_broken_late, {"promises": ("late", 4.5)}),
    (
        "promise never kept, no final status",
        _promise_never_kept,
        {"promises": ("missed", 3), "final_status": ("missed", 0)},
    ),
    (
        "stakeholders never told",
        lambda: _drill(("notify", "question")),
        {"stakeholders": ("missed", 0), "questions": ("not_applicable", 0)},
    ),
    ("stakeholder question unanswered", _question_unanswered, {"questions": ("missed", 0)}),
    ("stakeholder question answered late", _question_late, {"questions": ("late", 2.5)}),
    ("no rollback", lambda: _drill(("rollback",)), {"rollback": ("missed", 0)}),
    ("wrong service rolled back", _rollback("db", 42), {"rollback": ("missed", 0)}),
    ("rollback late", _rollback("api", 100), {"rollback": ("late", 4)}),
    ("wrong root cause", _wrong_cause, {"root_cause": ("missed", 0)}),
    ("no root cause", lambda: _drill(("cause",)), {"root_cause": ("missed", 0)}),
    ("premature resolve, then proper", _premature(True), {"resolve": ("missed", 2.5)}),
    (  # a premature resolve resolves nothing: no proper resolve for the final status to follow
        "premature resolve only",
        _premature(False),
        {"resolve": ("missed", 0), "final_status": ("missed", 0)},
    ),
    ("no final status post", lambda: _drill(("final_status",)), {"final_status": ("missed", 0)}),
    ("final status late", _final_late, {"final_status": ("late", 2)}),
    ("review after 49h", _review_after("49h"), {"review": ("late", 2)}),
    ("review pending", lambda: _drill(("review",)), {"review": ("missed", 0)}),
    (
        "SEV3: no cadence, stakeholders, review",
        lambda: _drill(severity=3),
        {
            "cadence": ("not_applicable", 0),
            "stakeholders": ("not_applicable", 0),
            "review": ("not_applicable", 0),
        },
    ),
]


def _expected(
    fast: Playbook, overrides: dict[str, tuple[str, float]]
) -> dict[str, tuple[str, float]]:
    base = {name: ("met", w) for name, w in fast.weights.items()}
    return {**base, **{k: (s, float(p)) for k, (s, p) in overrides.items()}}


def _rescaled(fast: Playbook, expected: dict[str, tuple[str, float]]) -> float:
    live = {k: v for k, v in expected.items() if v[0] != "not_applicable"}
    return round(100 * sum(p for _, p in live.values()) / sum(fast.weights[k] for k in live), 1)


@pytest.mark.parametrize(("name", "make", "overrides"), CASES, ids=[c[0] for c in CASES])
def test_every_criterion(fast: Playbook, name: str, make: Callable, overrides: dict) -> None:
    result = score(make().build(), None, fast)
    got = {c.name: (c.state, c.points) for c in result.criteria}
    want = _expected(fast, overrides)
    assert got == want, name
    assert result.total == _rescaled(fast, want)
    for c in result.criteria:
        assert c.explanation.endswith(".")  # one sentence
        if c.state in ("met", "late"):
            assert c.evidence, c.name


def test_roles_doubled_details(fast: Playbook) -> None:
    r = score(_roles(("ic", "ana"), ("tech", "ana"), ("comms", "cy"))().build(), None, fast)
    c = r.criterion("roles_distinct")
    assert c.detail == "ic_is_tech"
    assert "Incident Commander and Technical Lead" in c.explanation
    r = score(_roles(("ic", "ana"), ("tech", "ana"), ("comms", "ana"))().build(), None, fast)
    assert r.criterion("roles_distinct").detail == "one_person"


def test_severity_details(fast: Playbook) -> None:
    assert score(_sev(2)().build(), None, fast).criterion("severity").detail == "one_off"
    assert score(_sev(4)().build(), None, fast).criterion("severity").detail == "wrong"
    assert score(_drill().build(), None, fast).criterion("severity").detail == "exact"


def test_review_pending_is_flagged(fast: Playbook) -> None:
    c = score(_drill(("review",)).build(), None, fast).criterion("review")
    assert c.pending and c.state == "missed"
    assert c.explanation.startswith("Pending:")
    assert not score(_review_after("49h")().build(), None, fast).criterion("review").pending


def test_first_missed_step_in_playbook_order(fast: Playbook) -> None:
    r = score(_drill(("rollback", "channel")).build(), None, fast)
    assert fast.steps.index("channel") < fast.steps.index("rollback")
    assert r.first_missed_step is not None
    assert r.first_missed_step["criterion"] == "channel"
    assert score(_drill().build(), None, fast).first_missed_step is None


def test_tabletop_without_expectations(fast: Playbook) -> None:
    """No scenario, no header expectations: severity/root cause/rollback not applicable."""
    b = _drill()
    b.expectations = None
    r = score(b.build(), None, fast)
    for name in ("severity", "root_cause", "rollback"):
        assert r.criterion(name).state == "not_applicable"
    assert r.criterion("stakeholders").state == "met"  # declared SEV1 decides
    assert r.total == 100.0
    assert r.applicable_weight == 100 - 8 - 7 - 8  # severity, root_cause, rollback


def test_header_expectations_used_and_scenario_wins(fast: Playbook) -> None:
    tl = _drill().build()  # header says SEV1
    assert score(tl, None, fast).criterion("severity").state == "met"
    r = score(tl, Expectations(severity=3), fast)
    assert r.criterion("severity").detail == "wrong"


def test_score_overrides_change_weights(fast: Playbook) -> None:
    tl = _drill(("rollback",)).build()
    r = score(
        tl, Expectations(severity=1, rollback_service="api", score_overrides={"rollback": 50}), fast
    )
    c = r.criterion("rollback")
    assert (c.weight, c.points) == (50, 0)
    # root cause is not applicable here (no expected cause): 100 - 8 - 7 weight left, + 50
    assert r.total == round(100 * (100 - 8 - 7) / (100 - 8 - 7 + 50), 1)
    r = score(
        tl, Expectations(severity=1, rollback_service="api", score_overrides={"rollback": 0}), fast
    )
    assert r.criterion("rollback").state == "not_applicable"
    assert r.total == 100.0


def test_empty_timeline_scores_zero_without_crashing(fast: Playbook) -> None:
    r = score(TimelineBuilder().build(), None, fast)
    assert {c.state for c in r.criteria} == {"not_applicable"}
    assert r.total == 0.0 and r.notes


def test_deterministic(fast: Playbook) -> None:
    tl = _ack_escalated().build()
    assert score(tl, None, fast).to_dict() == score(tl, None, fast).to_dict()


def test_noise_alerts_do_not_count_as_detection(fast: Playbook) -> None:
    b = TimelineBuilder(severity=2)
    b.at(0).started()
    b.at(5).alert("disk-80", monitor="other", noise=True)
    b.at(10).fault_live()
    b.at(25).alert("checkout-errors")
    r = score(b.build(), None, fast)
    assert r.metrics["time_to_detect"] == 15.0
    assert r.criterion("declare").state == "missed"


def test_default_playbook_on_textbook_is_full_marks() -> None:
    r = score(textbook_drill(severity=1).build(), None, load_playbook("default"))
    assert r.total == 100.0
    assert ScoreResult is type(r)
