"""The review's action items as Jira issues: JSON, CSV, the review draft and a direct create."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.clock import FakeClock
from gameday.integrations.jira import JiraSettings, issues_csv, issues_json, post
from gameday.scorecard import publish, read_scorecard
from gameday.scorecard.actions import action_items
from gameday.scorecard.markdown import render_review
from gameday.testing import LoopbackReceiver, textbook_drill


@pytest.fixture
def card(tmp_path: Path):  # type: ignore[no-untyped-def]
    tl = textbook_drill(skip=frozenset({"status", "rollback", "review"})).build()
    return read_scorecard(publish(tl, out_dir=tmp_path).yaml)


def test_action_items_have_owners_due_dates_and_the_drill_as_source(card) -> None:  # type: ignore[no-untyped-def]
    items = action_items(card)
    by = {i.criterion: i for i in items}
    assert by["first_status"].owner == "cy" and by["first_status"].owner_role == "comms"
    assert by["rollback"].owner == "ben" and by["rollback"].role_title == "Technical Lead"
    assert by[None].title.startswith("Add a synthetic monitor")
    assert {i.due for i in items} == {date(2026, 5, 18)}  # drill day + 14 (no review booked)
    assert all(
        i.source == f"gameday drill {card.timeline.drill} (bad-deploy, team blue)" for i in items
    )
    review = render_review(card)
    assert "| Improve: first status post | cy (Communications Lead) | 2026-05-18 | |" in review


def test_issue_create_json_and_csv(card) -> None:  # type: ignore[no-untyped-def]
    s = JiraSettings(project="OPS", labels=("game-day",), accounts={"ben": "5b10ac8d"})
    items = action_items(card)
    body = issues_json(items, s, "OPS")
    fields = [u["fields"] for u in body["issueUpdates"]]
    assert len(fields) == len(items)
    rollback = next(f for f in fields if f["summary"] == "Improve: bad deploy rolled back")
    assert rollback["project"] == {"key": "OPS"} and rollback["issuetype"] == {"name": "Task"}
    assert rollback["duedate"] == "2026-05-18"
    assert rollback["assignee"] == {"accountId": "5b10ac8d"}
    assert rollback["labels"] == ["gameday", f"drill-{card.timeline.drill}", "game-day"]
    assert "Owner: ben (Technical Lead)" in rollback["description"]
    assert all("assignee" not in f for f in fields if "Owner: ben" not in f["description"])
    rows = list(csv.reader(io.StringIO(issues_csv(items, s, "OPS"))))
    assert rows[0] == [
        "Summary",
        "Description",
        "Issue Type",
        "Project Key",
        "Assignee",
        "Due Date",
        "Labels",
        "Labels",
        "Labels",
        "Source",
        "Drill",
        "Criterion",
    ]
    row = next(r for r in rows[1:] if r[0] == "Improve: bad deploy rolled back")
    assert row[2:6] == ["Task", "OPS", "ben", "2026-05-18"]
    assert row[9].startswith("gameday drill ") and row[11] == "rollback"


def test_post_creates_them_with_basic_auth(card, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GAMEDAY_JIRA_USER", "bot@example.com")
    monkeypatch.setenv("GAMEDAY_JIRA_TOKEN", "tok")
    with LoopbackReceiver([(201, {"issues": [], "errors": []}, {})]) as jira:
        s = JiraSettings(project="OPS", url=jira.url)
        d = post(action_items(card), s, "OPS", clock=FakeClock())
    assert d.ok and d.status == 201
    (req,) = jira.requests
    assert req["path"] == "/rest/api/2/issue/bulk"
    assert req["headers"]["authorization"] == "Basic Ym90QGV4YW1wbGUuY29tOnRvaw=="
    assert req["body"]["issueUpdates"][0]["fields"]["project"] == {"key": "OPS"}


def test_the_command_writes_both_files(card, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["review", "export", str(card.path), "--project", "OPS"]) == 0
    json_file = card.path.with_suffix(".jira.json")
    assert json.loads(json_file.read_text())["issueUpdates"]
    assert card.path.with_suffix(".jira.csv").exists()
    assert main(["review", "export", str(card.path), "--project", "ops"]) == 2
    assert "must be a Jira project key" in capsys.readouterr().err
    assert main(["review", "export", str(card.path)]) == 2
