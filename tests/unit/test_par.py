"""Par times: the median of the team's own past drills of a scenario, next to every metric."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from gameday.scorecard import publish, read_scorecard
from gameday.scorecard.markdown import render_markdown
from gameday.scorecard.par import Par, par_times, read_par
from gameday.scorecard.view import from_card
from gameday.testing import TimelineBuilder, textbook_drill

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _summary(drill: str, started: str, ack: float | None, **kw: object) -> dict[str, object]:
    return {
        "drill": drill,
        "team": kw.get("team", "blue"),
        "scenario": kw.get("scenario", "bad-deploy"),
        "started": started,
        "metrics": {"time_to_acknowledge": ack, "time_to_declare": 60.0},
        **({"end_reason": kw["end_reason"]} if "end_reason" in kw else {}),
    }


def test_par_is_the_median_of_earlier_drills_of_the_team_and_scenario() -> None:
    rows = [
        _summary("a", "2026-05-01T09:00:00+00:00", 30.0),
        _summary("b", "2026-05-02T09:00:00+00:00", 90.0),
        _summary("c", "2026-05-03T09:00:00+00:00", 40.0),
        _summary("d", "2026-05-03T10:00:00+00:00", None),  # never acked: not a time
        _summary("x", "2026-05-03T11:00:00+00:00", 1.0, team="red"),
        _summary("y", "2026-05-03T12:00:00+00:00", 1.0, scenario="expired-cert"),
        _summary("r", "2026-05-03T13:00:00+00:00", 1.0, end_reason="real-incident"),
        _summary("later", "2026-05-09T09:00:00+00:00", 1.0),
        _summary("me", "2026-05-04T08:00:00+00:00", 1.0),
    ]
    par = par_times(
        rows,
        team="blue",
        scenario="bad-deploy",
        before="2026-05-04T09:00:00+00:00",
        exclude_drill="me",
    )
    assert par["time_to_acknowledge"] == Par("time_to_acknowledge", 40.0, 3)
    assert par["time_to_declare"].drills == 4
    assert par_times(rows, team="green", scenario="bad-deploy") == {}


def test_read_par_drops_malformed_values() -> None:
    raw = {"a": {"seconds": 5, "drills": 2}, "b": {"seconds": "x"}, "c": 3, "d": {"seconds": -1}}
    assert read_par(raw) == {"a": Par("a", 5.0, 2)}
    assert read_par(["nope"]) == {}


def test_the_scorecard_shows_par_next_to_each_metric(tmp_path: Path) -> None:
    # two earlier drills of the same team and scenario, acked after 60s and 120s ...
    for day, ack in ((1, "1m"), (2, "2m")):
        b = TimelineBuilder(start=START - timedelta(days=day), drill=f"past-{day}")
        b.at(0).started()
        b.at(10).fault_live()
        b.at(20).alert()
        b.page()
        b.at(f"{20 + int(ack[0]) * 60}s").ack()
        b.at("30m").ended()
        publish(b.build(), out_dir=tmp_path)
    # ... then today's drill, acked 60s after the page (the textbook)
    out = publish(textbook_drill().build(), out_dir=tmp_path)
    assert out.par["time_to_acknowledge"] == Par("time_to_acknowledge", 90.0, 2)
    card = read_scorecard(out.yaml)
    assert card.par == out.par  # kept in the file
    row = next(m for m in from_card(card).metrics if m.name == "time_to_acknowledge")
    assert row.with_par == "1m00s; your par 1m30s"
    assert row.vs_par == "-30s"
    html = out.html.read_text()
    assert "your par 1m30s" in html
    assert "1m30s (-30s, 2 drills)" in render_markdown(card)
    # the first drill of a team has no par: the metric alone
    first = read_scorecard(min(tmp_path.glob("*.yaml")))
    assert first.par == {}
    assert "your par" not in from_card(first).metrics[1].with_par


def test_a_drill_stopped_for_a_real_incident_is_shown_so_and_not_counted(tmp_path: Path) -> None:
    from gameday.drill.report import headline
    from gameday.scorecard.markdown import render_review

    b = TimelineBuilder(start=START - timedelta(days=1), drill="interrupted")
    b.at(0).started()
    b.at(10).fault_live()
    b.at(20).alert()
    b.page()
    b.at(25).ack()
    b.at(40).ended("real-incident")
    first = publish(b.build(), out_dir=tmp_path)
    card = read_scorecard(first.yaml)
    assert card.summary["end_reason"] == "real-incident"
    view = from_card(card)
    assert view.real_incident and view.banner.startswith("Drill stopped for a REAL incident")
    assert "Stopped for a real incident." in first.html.read_text()
    assert render_markdown(card).count("REAL incident") == 1
    assert "REAL incident" in render_review(card)
    later = publish(textbook_drill().build(), out_dir=tmp_path)
    assert later.par == {}  # the interrupted drill is not the team's pace
    from gameday.scorecard.query import trends

    assert trends(tmp_path)["scorecards"] == 1  # nor a trend
    assert headline("x", "real-incident").startswith("drill x STOPPED FOR A REAL INCIDENT")
    assert headline("x", "abort") == "drill x aborted (no scorecard)"
