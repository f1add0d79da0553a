"""Metrics, impact, first failing monitor, per-person log, deadline markers, plugins."""

from __future__ import annotations

import pytest

from gameday import events as ev
from gameday.playbook import Playbook, load_playbook
from gameday.plugins import hookimpl, new_manager
from gameday.registry import RegistryError
from gameday.scoring import Criterion, Outcome, criteria, criterion, score
from gameday.testing import TimelineBuilder, textbook_drill


@pytest.fixture(scope="module")
def pb() -> Playbook:
    return load_playbook("default")


def test_textbook_metrics(pb: Playbook) -> None:
    r = score(textbook_drill(severity=1).build(), None, pb)
    assert r.metrics == {
        "time_to_detect": 30.0,  # fault live 30s -> alert 60s
        "time_to_acknowledge": 60.0,  # page 60s -> ack 2m
        "time_to_declare": 120.0,  # alert 60s -> declare 3m
        "time_to_staff_roles": 30.0,  # declare 3m -> roles 3m30s
        "time_to_first_status": 180.0,  # declare 3m -> status 6m
        "longest_comm_gap": 720.0,  # status 6m -> update 18m
        "time_to_fix": 810.0,  # fault 30s -> rollback 14m (the last change before recovery)
        "time_to_mitigate": 1230.0,  # fault 30s -> mitigated 21m
        "time_to_resolve": 1410.0,  # fault 30s -> resolve 24m
    }
    assert r.first_failed_monitor == {
        "monitor": "checkout",
        "t": 45.0,
        "id": 5,
        "detail": "HTTP 500",
    }
    # only the stats sample inside the incident window (30s .. 21m) counts
    assert r.impact is not None
    assert (r.impact["requests"], r.impact["failures"], r.impact["slow"]) == (300, 120, 10)
    assert r.impact["peak_p95_ms"] == 900.0 and r.impact["failed_ratio"] == 0.4
    assert r.people["ana"]["roles"] == ["ic"] and r.people["ben"]["roles"] == ["tech"]
    assert [x["kind"] for x in r.people["ben"]["log"]] == ["note", "cause", "rollback"]
    assert "gameday" not in r.people


def test_missing_things_are_none(pb: Playbook) -> None:
    r = score(textbook_drill(severity=1, skip=frozenset({"ack", "roles"})).build(), None, pb)
    assert r.metrics["time_to_acknowledge"] is None
    assert r.metrics["time_to_staff_roles"] is None
    b = TimelineBuilder()
    b.at(0).started()
    r = score(b.build(), None, pb)
    assert set(r.metrics.values()) == {None}
    assert r.impact is None and r.first_failed_monitor is None and r.people == {}


def test_deadline_markers(pb: Playbook) -> None:
    r = score(textbook_drill(severity=1, skip=frozenset({"ack"})).build(), None, pb)
    marks = {d["criterion"]: d for d in r.deadlines}
    assert marks["ack"] == {"criterion": "ack", "label": "ack", "t": 60 + 300, "state": "missed"}
    assert marks["first_status"]["t"] == 180 + 600
    assert marks["final_status"]["t"] == 1440 + 600


def test_a_plugin_criterion_registers_like_a_builtin(pb: Playbook) -> None:
    assert "ack" in criteria and len(criteria) >= 17
    assert criteria.owner("ack") == "gameday"  # the built-in plugin, through the same hook

    class Again:
        @hookimpl
        def gameday_criteria(self) -> list[Criterion]:
            return [Criterion("ack", "again", lambda f: Outcome("met", 1.0, "x"))]

    pm = new_manager([("again", Again())])
    assert pm.registries.criteria.get("ack").title != "again"
    assert "registered twice (first by plugin 'gameday')" in str(pm.problems[0])
    with pytest.raises(RegistryError, match="declared twice"):
        for _ in range(2):
            criterion("twice", "twice")(lambda f: Outcome("met", 1.0, "x"))


def test_thousand_event_timeline_scores(pb: Playbook) -> None:
    b = textbook_drill(severity=1)
    for i in range(1000):
        b.at(2000 + i).stats(100, i % 3)
    r = score(b.build(), None, pb)
    assert r.total == 100.0 and len(b.events) > 1000


def test_a_boolean_severity_is_not_sev1(pb: Playbook) -> None:
    """YAML ``sev: true`` is a bool, which Python also counts as the int 1."""
    b = TimelineBuilder(severity=1)
    b.at(0).started()
    b.at(60).event(ev.DECLARE, {"sev": True}, actor="ana")
    r = score(b.build(), None, pb)
    assert r.criterion("severity").state == "missed"
    assert r.severity["declared"] is None
