"""The timeline exchange format: hand-written files, round trips, and clear errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from gameday.errors import ValidationError
from gameday.events import Event
from gameday.state import project_root
from gameday.testing import TimelineBuilder, textbook_drill
from gameday.timeline import Timeline, load_timeline, write_timeline

DATA = project_root() / "tests" / "data" / "timelines"


def test_hand_written_tabletop_timeline() -> None:
    tl = load_timeline(DATA / "tabletop-expired-cert.yaml")
    assert (tl.scenario, tl.team, tl.drill) == ("expired-cert", "green", "tabletop-2026-05-06")
    assert tl.started == datetime(2026, 5, 6, 14, 0, tzinfo=UTC)
    ack = next(e for e in tl.events if e.kind == "action.ack")
    assert ack.t == 270.0  # "4m30s"
    assert ack.wall == datetime(2026, 5, 6, 14, 4, 30, tzinfo=UTC)  # from started + t
    assert ack.actor == "dana"
    assert [e.id for e in tl.events] == list(range(1, len(tl.events) + 1))
    assert tl.expectations is not None and tl.expectations.severity == 1
    assert tl.expectations.root_cause is not None
    assert tl.expectations.root_cause.keywords == ("certificate", "expired")
    assert tl.events[0].actor == "gameday"


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_round_trip(tmp_path: Path, suffix: str) -> None:
    tl = textbook_drill(severity=1).build()
    p = write_timeline(tl, tmp_path / f"t{suffix}")
    if suffix == ".json":
        json.loads(p.read_text())  # really JSON
    back = load_timeline(p)
    assert back.events == tl.events
    assert back.expectations == tl.expectations
    assert (back.drill, back.scenario, back.team, back.started) == (
        tl.drill,
        tl.scenario,
        tl.team,
        tl.started,
    )


def test_events_are_sorted_by_time(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(
        "started: 2026-05-06T14:00:00Z\nevents:\n"
        "  - {id: 1, t: 2m, kind: action.ack, actor: a}\n"
        "  - {id: 2, t: 1m, kind: alert.fired}\n"
    )
    tl = load_timeline(p)
    assert [e.kind for e in tl.events] == ["alert.fired", "action.ack"]
    assert tl.scenario == "tabletop" and tl.team == "team"


def test_from_events_takes_header_from_drill_started() -> None:
    wall = datetime(2026, 5, 6, 14, 0, 10, tzinfo=UTC)
    ev = Event(1, 10.0, wall, "gameday", "drill.started", {"scenario": "x", "team": "t"})
    tl = Timeline.from_events([ev])
    assert (tl.scenario, tl.team) == ("x", "t")
    assert tl.started == datetime(2026, 5, 6, 14, 0, tzinfo=UTC)


def test_builder_sorts_and_renumbers() -> None:
    b = TimelineBuilder()
    b.at(10).ack()
    b.at(5).declare(2)
    tl = b.build()
    assert [(e.id, e.kind) for e in tl.events] == [(1, "action.declare"), (2, "action.ack")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad-duration.yaml", ":7: events[1].t: 'four minutes' is not a duration"),
        ("missing-kind.yaml", ":4: events[0].kind: required key is missing"),
        ("no-started.yaml", ":1: started: required key is missing"),
    ],
)
def test_bad_timeline_files(name: str, expected: str) -> None:
    with pytest.raises(ValidationError) as exc:
        load_timeline(DATA / "bad" / name)
    assert str(exc.value).startswith(str(DATA / "bad" / name))
    assert expected in str(exc.value)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("events: []\nstarted: yesterday\n", "started: 'yesterday' is not an ISO-8601 time"),
        ("started: 2026-05-06T14:00:00Z\nevents: {}\n", "events: expected a list, got a mapping"),
        ("started: 2026-05-06T14:00:00Z\nteem: x\nevents: []\n", "teem: unknown key"),
        (
            "started: 2026-05-06T14:00:00Z\nevents:\n  - {t: 1s, kind: ack}\n",
            "events[0].kind: 'ack' is not an event kind",
        ),
        (
            (
                "started: 2026-05-06T14:00:00Z\nevents:\n  - {id: 3, t: 1s, kind: a.b}\n"
                "  - {id: 3, t: 2s, kind: a.b}\n"
            ),
            "events[1].id: duplicate id 3",
        ),
        (
            "started: 2026-05-06T14:00:00Z\nexpectations: {severity: 5}\nevents: []\n",
            "expectations.severity: 5 is out of range (1..4)",
        ),
        (
            "timeline_version: 2\nstarted: 2026-05-06T14:00:00Z\nevents: []\n",
            "timeline_version: must be 1, got 2",
        ),
        ("- just\n- a list\n", "expected a timeline: a mapping with a header"),
    ],
)
def test_bad_timeline_texts(tmp_path: Path, body: str, expected: str) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(body)
    with pytest.raises(ValidationError) as exc:
        load_timeline(p)
    assert expected in str(exc.value)
    assert str(exc.value).startswith(f"{p}:")


def test_json_timelines_read_by_json_name_the_line_of_a_bad_value(tmp_path: Path) -> None:
    import json

    doc = {
        "started": "2026-05-06T14:00:00Z",
        "events": [{"t": 1, "kind": "a.b"}, {"t": 2, "kind": "a.c", "data": {"x": [1, 2]}},
                   {"t": "soon", "kind": "a.d"}],
    }  # fmt: skip
    p = tmp_path / "t.json"
    p.write_text(json.dumps(doc, indent=2))
    with pytest.raises(ValidationError) as exc:
        load_timeline(p)
    line = next(i for i, text in enumerate(p.read_text().splitlines(), 1) if '"soon"' in text)
    assert str(exc.value).startswith(f"{p}:{line}: events[2].t: 'soon' is not a duration")


def test_json_refuses_nan_and_duplicate_keys(tmp_path: Path) -> None:
    p = tmp_path / "t.json"
    p.write_text('{"started": "2026-05-06T14:00:00Z", "events": [], "title": NaN}')
    with pytest.raises(ValidationError, match="NaN is not a number JSON allows"):
        load_timeline(p)
    p.write_text('{"started": "2026-05-06T14:00:00Z", "events": [], "events": []}')
    with pytest.raises(ValidationError, match="duplicate key 'events'"):
        load_timeline(p)


def test_ids_continue_from_the_largest_in_one_pass(tmp_path: Path) -> None:
    p = tmp_path / "t.yaml"
    p.write_text(
        "started: 2026-05-06T14:00:00Z\nevents:\n  - {t: 1, kind: a.b}\n"
        "  - {id: 7, t: 2, kind: a.b}\n  - {t: 3, kind: a.b}\n"
        "  - {id: 3, t: 4, kind: a.b}\n  - {t: 5, kind: a.b}\n"
    )
    assert [e.id for e in load_timeline(p).events] == [1, 7, 8, 3, 9]
