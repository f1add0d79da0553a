"""Scorecard files, renderers, list/compare/trends and re-scoring when the review is booked."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gameday.clock import FakeClock
from gameday.errors import ValidationError
from gameday.playbook import load_playbook
from gameday.scorecard import (
    publish,
    read_scorecard,
    read_summary,
    schedule_review,
    write_scorecards,
)
from gameday.scorecard.html import render_html
from gameday.scorecard.io import Scorecard
from gameday.scorecard.markdown import render_markdown, render_review
from gameday.scorecard.query import compare, list_scorecards, sparkline, trends
from gameday.scoring import score
from gameday.testing import textbook_drill

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _publish(tmp_path: Path, skip: tuple[str, ...] = (), **kw) -> Path:
    tl = textbook_drill(severity=1, skip=frozenset(skip), **kw).build()
    return publish(tl, out_dir=tmp_path).yaml


def test_publish_writes_three_files_named_by_date_scenario_team(tmp_path: Path) -> None:
    tl = textbook_drill(severity=1).build()
    out = publish(tl, out_dir=tmp_path)
    assert out.yaml.name == "2026-05-04-bad-deploy-blue.yaml"
    assert out.markdown.exists() and out.html.exists()
    text = out.yaml.read_text()
    assert text.startswith("scorecard_version: 1\nsummary: {")
    card = read_scorecard(out.yaml)
    assert card.timeline.events == tl.events  # the whole timeline inside
    assert card.result["total"] == out.result.total == 100.0
    assert card.summary == read_summary(out.yaml)
    assert card.timeline.expectations is not None  # travels with the card for re-scoring


def test_same_drill_overwrites_other_drill_same_day_gets_suffix(tmp_path: Path) -> None:
    a = _publish(tmp_path)
    assert _publish(tmp_path, ("ack",)) == a  # same drill id: re-scored in place
    other = textbook_drill(severity=1).build()
    other = type(other)(**{**other.__dict__, "drill": "another"})
    b = publish(other, out_dir=tmp_path).yaml
    assert b.name == "2026-05-04-bad-deploy-blue-2.yaml"


def test_write_scorecards_for_the_runner(tmp_path: Path) -> None:
    tl = textbook_drill(severity=2).build()
    result = score(tl, None, load_playbook("default"))
    paths = write_scorecards(result, tl, tmp_path)
    assert [p.suffix for p in paths] == [".yaml", ".md", ".html"]
    assert read_summary(paths[0])["total"] == result.total


def test_summary_fallback_for_hand_edited_files(tmp_path: Path) -> None:
    p = _publish(tmp_path)
    text = p.read_text().replace("summary: {", "summary:\n  {", 1)
    p.write_text(text)
    assert read_summary(p)["total"] == 100.0


def test_bad_scorecard_files(tmp_path: Path) -> None:
    p = tmp_path / "x.yaml"
    p.write_text("scorecard_version: 9\nsummary: {}\n")
    with pytest.raises(
        ValidationError, match=r"x.yaml:1: scorecard_version: unsupported version 9"
    ):
        read_scorecard(p)
    p.write_text("hello: 1\n")
    with pytest.raises(ValidationError, match="not a gameday scorecard"):
        read_summary(p)


def test_markdown_and_review_draft(tmp_path: Path) -> None:
    card = read_scorecard(_publish(tmp_path, ("channel", "review")))
    md = render_markdown(card)
    assert "**Score:" in md and "| Incident channel opened | ❌ missed | 0/3 |" in md
    assert "⏳ pending" in md
    review = render_review(card)
    for heading in (
        "## Summary",
        "## Impact",
        "## Timeline",
        "## Detection",
        "## Root cause",
        "## Five whys",
        "## What went well",
        "## What went badly",
        "## Action items",
    ):
        assert heading in review
    assert "Blameless" in review
    assert "Incident channel opened: Nobody opened the incident channel" in review
    # action items come with an owner (the role's holder) and a due date
    item = "| Improve: incident channel opened | ana (Incident Commander) | 2026-05-18 | |"
    assert item in review
    assert "v2 deploy of the API broke checkout" in review  # the named cause


def test_html_is_self_contained(tmp_path: Path) -> None:
    card = read_scorecard(_publish(tmp_path, ("ack",)))
    html = render_html(card)
    assert "<svg" in html and "</html>" in html
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", html)
    assert "<script" not in html and "@import" not in html
    assert "Page acknowledged" in html and "missed" in html
    assert html.count("<polygon") >= 3  # alert triangles and action diamonds drawn
    assert "ack deadline" in html  # deadline markers


def test_a_long_drill_draws_dense_lanes_one_mark_per_column() -> None:
    """Thousands of notes and monitor flaps: one mark per column, its tooltip counts them and
    lists the first few; every event is still in the event log; a short drill's lanes are
    drawn mark by mark (the same page as ever)."""
    b = textbook_drill(severity=1)
    t = 600.0
    for i in range(1500):
        t += 2.0
        b.at(t).note(f"looked at <logs> {i}", who="ana")
        b.monitor("login", i % 2 == 1)
    tl = b.build()
    card = Scorecard(None, {}, score(tl, None, load_playbook("default")).to_dict(), tl)
    page = render_html(card)
    svg = page[page.index("<svg") : page.index("</svg>")]
    notes = svg.count("note: looked at &lt;logs&gt;")
    assert 0 < notes < 1500 // 4  # summarised, not one shape per note
    assert re.search(r"<title>\d+ from \S+ to \S+: \d+ note", svg)
    assert "more (the event log lists every event)" in svg
    assert re.search(r"<title>\d+ from \S+ to \S+: \d+ failing", svg)  # monitor flaps merged
    assert "looked at &lt;logs&gt; 1499" in page  # the event log has them all
    assert svg.count("<title>") < 1000

    short = textbook_drill(severity=1).build()
    card = Scorecard(None, {}, score(short, None, load_playbook("default")).to_dict(), short)
    svg = render_html(card).split("<svg", 1)[1].split("</svg>")[0]
    assert not re.search(r"<title>\d+ from ", svg)


def test_list_compare_trends(tmp_path: Path) -> None:
    a = _publish(tmp_path, ("ack", "channel"), team="blue")
    b = _publish(tmp_path, (), team="blue", start=START + timedelta(days=7))
    _publish(tmp_path, ("roles",), team="red", start=START + timedelta(days=1))
    rows = list_scorecards(tmp_path)
    assert [r["team"] for r in rows] == ["blue", "red", "blue"]  # oldest first
    assert [r["file"] for r in list_scorecards(tmp_path, team="red")] == [
        str(tmp_path / "2026-05-05-bad-deploy-red.yaml")
    ]
    assert list_scorecards(tmp_path, scenario="nope") == []

    cmp = compare(a, b)
    changes = {c["criterion"]: c["change"] for c in cmp["criteria"]}
    assert changes["ack"] == "improved" and changes["channel"] == "improved"
    assert changes["channel_name"] == "new"  # not applicable before: no channel
    assert changes["declare"] == "same"
    assert cmp["total"]["change"] == "improved"
    assert {m["metric"]: m["change"] for m in cmp["metrics"]}["time_to_acknowledge"] == "new"
    back = compare(b, a)
    assert back["total"]["change"] == "worse"

    tr = trends(tmp_path)
    assert tr["scorecards"] == 3
    assert tr["teams"]["blue"]["count"] == 2
    assert tr["teams"]["blue"]["last"] == 100.0
    assert tr["teams"]["blue"]["first"] < 100.0
    assert tr["people"]["ana"]["drills"] == 3
    assert tr["criteria"]["ack"]["recent"] == [0.0, 100.0, 100.0]
    assert len(tr["teams"]["blue"]["spark"]) == 2
    assert trends(tmp_path, team="red")["scorecards"] == 1


def test_sparkline() -> None:
    assert sparkline([0, 50, 100]) == "▁▄█"
    assert sparkline([]) == ""
    assert len(sparkline(list(range(100)), width=10)) == 10


def test_schedule_review_rescores(tmp_path: Path) -> None:
    p = _publish(tmp_path, ("review",))
    before = read_scorecard(p)
    assert {c["name"]: c for c in before.result["criteria"]}["review"].get("pending")
    clock = FakeClock(START + timedelta(hours=3))
    out = schedule_review(p, START + timedelta(hours=30), "ana", clock)
    assert out.yaml == p
    after = read_scorecard(p)
    rev = {c["name"]: c for c in after.result["criteria"]}["review"]
    assert rev["state"] == "met" and not rev.get("pending")
    assert after.result["total"] > before.result["total"]
    last = after.timeline.events[-1]
    assert last.kind == "action.review" and last.actor == "ana"
    assert last.t == 3 * 3600 and last.id == len(after.timeline.events)
    # booked too late: the review criterion says so
    schedule_review(p, START + timedelta(hours=60), "ana", clock)
    rev = {c["name"]: c for c in read_scorecard(p).result["criteria"]}["review"]
    assert rev["state"] == "late"
