"""The incident fold: milestones, phases and metrics, one event at a time or replayed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gameday import events as ev
from gameday.events import Event
from gameday.incident import Incident, impact, metrics, summary
from gameday.testing import TimelineBuilder, textbook_drill

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _log(*rows: tuple[float, str, dict[str, Any] | None, str]) -> list[Event]:
    return [
        Event(i, t, T0 + timedelta(seconds=t), actor, kind, data or {})
        for i, (t, kind, data, actor) in enumerate(rows, start=1)
    ]


def test_phases_follow_the_drill() -> None:
    tl = textbook_drill(severity=1).build()
    inc = Incident()
    seen = []
    for e in tl.events:
        inc.apply(e)
        if not seen or seen[-1] != inc.phase:
            seen.append(inc.phase)
    assert seen == ["baseline", "injecting", "incident", "mitigated", "resolved", "ended"]
    b = TimelineBuilder()
    b.at(0).started()
    b.at(5).event(ev.FAULT_INJECTED, {"fault": "f"})
    assert Incident.replay(b.build().events).phase == "injecting"


def test_bad_deploy_shape_detects_the_alert_before_the_fault_is_verified() -> None:
    """The release hurts while it rolls out: the alert between injected and live is detection."""
    events = _log(
        (0, ev.DRILL_STARTED, None, "gameday"),
        (8, ev.ALERT_FIRED, {"alert": "flaky"}, "gameday"),  # before the fault: not detection
        (10, ev.FAULT_INJECTED, {"fault": "api-v2"}, "gameday"),
        (14, ev.ALERT_FIRED, {"alert": "noise", "noise": True}, "gameday"),
        (18, ev.ALERT_FIRED, {"alert": "checkout"}, "gameday"),
        (30, ev.FAULT_LIVE, {"fault": "api-v2"}, "gameday"),
    )
    inc = Incident.replay(events)
    marks = inc.milestones()
    assert marks["started"] is not None and marks["started"].t == 10
    assert marks["detected"] is not None and marks["detected"].event == 5
    assert metrics(inc)["time_to_detect"] == 8.0


def test_a_fault_that_never_went_live_starts_no_incident() -> None:
    events = _log(
        (0, ev.DRILL_STARTED, None, "gameday"),
        (10, ev.FAULT_INJECTED, {"fault": "a"}, "gameday"),
        (20, ev.FAULT_UNDONE, {"fault": "a", "error": "refused"}, "gameday"),
        (30, ev.FAULT_INJECTED, {"fault": "b"}, "gameday"),
        (33, ev.FAULT_LIVE, {"fault": "b"}, "gameday"),
    )
    inc = Incident.replay(events)
    assert inc.start_event is not None and inc.start_event.t == 30


def test_a_tabletop_without_faults_starts_at_its_first_sign() -> None:
    events = _log(
        (60, ev.PAGE_SENT, {"to": "dana"}, "gameday"),
        (90, ev.ACK, None, "dana"),
        (120, ev.DECLARE, {"sev": 2}, "dana"),
    )
    inc = Incident.replay(events)
    assert inc.start_event is not None and inc.start_event.t == 60
    m = metrics(inc)
    assert m["time_to_detect"] is None  # no fault, so nothing to detect from
    assert (m["time_to_acknowledge"], m["time_to_declare"]) == (30.0, 60.0)


def test_a_premature_resolve_resolves_nothing() -> None:
    events = _log(
        (0, ev.FAULT_LIVE, {"fault": "f"}, "gameday"),
        (30, ev.RESOLVE, {"premature": True}, "dana"),
        (40, ev.MITIGATED, None, "gameday"),
        (100, ev.DRILL_ENDED, {"reason": "time_limit"}, "gameday"),
    )
    inc = Incident.replay(events)
    assert inc.resolution is None and inc.end_t == 100 and inc.phase == "ended"
    assert metrics(inc)["time_to_resolve"] is None
    assert inc.milestones()["ended"] is not None and inc.milestones()["ended"].t == 100
    # a hand-written resolve before the mitigation counts as premature too
    early = _log(
        (0, ev.FAULT_LIVE, None, "gameday"),
        (5, ev.RESOLVE, None, "d"),
        (9, ev.MITIGATED, None, "gameday"),
    )
    assert Incident.replay(early).premature_resolves and Incident.replay(early).resolution is None


def test_people_are_matched_as_the_roster_spells_them() -> None:
    events = _log(
        (0, ev.DRILL_STARTED, {"oncall": ["Dana", "eli"]}, "gameday"),
        (10, ev.ROLE, {"role": "ic", "person": "dana "}, "DANA"),
        (11, ev.ROLE, {"role": "tech", "person": "Eli"}, "dana"),
        (12, ev.ROLE, {"role": "comms", "person": "Fay"}, "dana"),
        (13, ev.NOTE, {"text": "x"}, "fay"),
    )
    inc = Incident.replay(events)
    assert inc.holders() == {"ic": "Dana", "tech": "eli", "comms": "Fay"}
    assert {inc.actor(e) for e in inc.events[1:]} == {"Dana", "Fay"}


def test_impact_counts_only_the_incident_window() -> None:
    b = TimelineBuilder()
    b.at(0).started()
    b.at(5).stats(100, 0)  # baseline
    b.at(10).fault_live()
    b.at(15).stats(100, 50, slow=3)
    b.at(20).mitigated()
    b.at(25).stats(100, 1)  # after recovery
    imp = impact(Incident.replay(b.build().events))
    assert imp is not None
    assert (imp["requests"], imp["failures"], imp["slow"], imp["samples"]) == (100, 50, 3, 1)
    assert imp["label"] == "incident start 10s → mitigated 20s"


def test_unknown_kinds_and_junk_payloads_are_tolerated() -> None:
    events = _log(
        (0, "engine.container.restart", {"service": "api"}, "gameday"),
        (1, ev.FAULT_LIVE, {"fault": ["not", "a", "name"]}, "gameday"),
        (2, ev.ROLE, {"role": 7, "person": None}, "x"),
        (3, ev.DECLARE, {"sev": "high"}, "x"),
        (4, ev.CUSTOMERS_STATS, {"requests": "many", "failures": -5}, "gameday"),
    )
    inc = Incident.replay(events)
    assert inc.roles() == [] and inc.severity is None and inc.has_incident
    assert impact(inc) is not None and summary(inc)["phase"] == "incident"


_kinds = st.sampled_from(
    [
        ev.DRILL_STARTED,
        ev.FAULT_INJECTED,
        ev.FAULT_LIVE,
        ev.ALERT_FIRED,
        ev.PAGE_SENT,
        ev.ACK,
        ev.DECLARE,
        ev.ROLE,
        ev.STATUS,
        ev.UPDATE,
        ev.RESOLVE,
        ev.MITIGATED,
        ev.DRILL_ENDED,
        ev.CUSTOMERS_STATS,
        "x.unknown",
    ]
)
_values = (
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=4)
)
_data = st.dictionaries(
    st.sampled_from(
        [
            "fault",
            "noise",
            "sev",
            "role",
            "person",
            "premature",
            "next_s",
            "requests",
            "failures",
            "oncall",
        ]
    ),
    _values | st.lists(st.text(max_size=3), max_size=3),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 50), _kinds, _data, st.sampled_from(["gameday", "Ana", "ana", "bo"])
        ),
        max_size=30,
    )
)
def test_following_live_equals_replaying(
    rows: list[tuple[float, str, dict[str, Any], str]],
) -> None:
    """Incremental and replayed folds agree after every event, and nothing raises."""
    rows.sort(key=lambda r: r[0])
    events = _log(*rows)
    live = Incident()
    for i, e in enumerate(events, start=1):
        live.apply(e)
        assert summary(live) == summary(Incident.replay(events[:i]))
    m = metrics(live)
    assert all(v is None or v >= 0 for v in m.values())
