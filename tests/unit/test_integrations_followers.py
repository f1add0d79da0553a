"""Outbound integrations, pure: which requests each event asks for, and every one a drill."""

from __future__ import annotations

import json
from typing import Any

import pytest

from gameday import events as ev
from gameday.integrations import opsgenie, pagerduty
from gameday.integrations.common import mirrored
from gameday.integrations.marking import DRILL_MARK, marked
from gameday.integrations.opsgenie import OpsgenieSettings
from gameday.integrations.pagerduty import PagerDutySettings
from gameday.integrations.secrets import Secret
from gameday.integrations.slack import SlackFollower, escape
from gameday.integrations.spec import DrillInfo, Outbound
from gameday.testing import TimelineBuilder, textbook_drill

INFO = DrillInfo("20260504-0900-ab12", "blue", "http://127.0.0.1:9/status")
KEY = Secret("R0UTING-KEY-123", "$TEST")


def _run(follower: Any, events: Any) -> list[tuple[str, Outbound]]:
    return [(e.kind, o) for e in events for o in follower.follow(e)]


def _marked(o: Outbound) -> bool:
    """A drill mark in the text, or the drill's own alert key (ack/resolve carry no text)."""
    text = json.dumps(o.body)
    return DRILL_MARK in text or "gameday-drill-" in text


def test_slack_mirrors_the_incident_channel_and_marks_every_message() -> None:
    b = textbook_drill()
    b.at("8m").alert("disk-full", noise=True)
    b.at("8m").event("action.say", {"text": "<!channel> anyone?"}, "dana")  # a plugin's chat
    sent = _run(SlackFollower(Secret("https://hooks.example/T/B/x", "$X"), INFO), b.build().events)
    kinds = [k for k, _ in sent]
    assert kinds[0] == ev.DRILL_STARTED and kinds[-1] == ev.REVIEW
    for hidden in (
        ev.FAULT_INJECTED,
        ev.FAULT_LIVE,
        ev.MONITOR_CHANGED,
        ev.MITIGATED,
        ev.CUSTOMERS_STATS,
        ev.FAULT_UNDONE,
    ):
        assert hidden not in kinds  # what responders may not see never leaves the runner
    assert {ev.ACK, ev.DECLARE, ev.STATUS, ev.UPDATE, ev.NOTIFY, ev.INJECT_DELIVERED} <= set(kinds)
    for _, o in sent:
        assert o.body["text"].startswith("[DRILL] ")
        assert o.body["blocks"][0]["text"]["text"].startswith("*[DRILL]* ")
        assert "not a real incident" in o.body["blocks"][1]["elements"][0]["text"]
        assert "noise" not in json.dumps(o.body)  # a noise alert looks like a real one
    chat = next(o for k, o in sent if k == "action.say")
    assert "&lt;!channel&gt;" in chat.body["text"]  # escaped: never a real @channel
    declare = next(o for k, o in sent if k == ev.DECLARE)
    assert declare.body["text"] == "[DRILL] ana: declared SEV 2"
    assert "hooks.example" not in repr(declare) and "hooks.example" not in str(declare)


def test_pagerduty_lifecycle_one_dedup_key() -> None:
    b = TimelineBuilder()
    b.at(0).started()
    b.at(10).fault_live()
    b.at(20).alert()
    b.page("ana")
    b.at(80).escalate("ana", "ben")
    b.page("ben", level=1)
    b.at(90).ack("ben")
    b.at(95).ack("ana")
    b.at(100).resolve(premature=True)
    b.at(120).mitigated()
    b.at(130).resolve()
    b.at(140).ended()
    sent = _run(pagerduty.follower(PagerDutySettings(), KEY, INFO), b.build().events)
    assert [(k, o.body["event_action"]) for k, o in sent] == [
        (ev.PAGE_SENT, "trigger"),
        (ev.ACK, "acknowledge"),
        (ev.RESOLVE, "resolve"),  # the proper one, not the premature one
    ]
    keys = {o.body["dedup_key"] for _, o in sent}
    assert keys == {f"gameday-drill-{INFO.drill}"}
    trigger = sent[0][1].body
    assert trigger["routing_key"] == "R0UTING-KEY-123"
    assert trigger["payload"]["summary"] == (
        f"[DRILL] gameday drill {INFO.drill}: an alert fired, paged ana"
    )
    assert trigger["payload"]["severity"] == "critical"
    assert trigger["payload"]["custom_details"]["drill"] == "true"
    assert trigger["payload"]["class"] == "gameday-drill"
    assert set(trigger["payload"]) >= {"summary", "source", "severity", "timestamp"}
    assert all(_marked(o) for _, o in sent)
    assert sent[0][1].secrets == ("R0UTING-KEY-123",)


def test_pagerduty_resolves_at_the_drill_end_and_never_retriggers() -> None:
    b = TimelineBuilder()
    b.at(0).started()
    b.at(20).alert()
    b.page("ana")
    b.at(30).page("ana")
    b.at(200).ended("real-incident")
    b.at(210).page("ana")
    sent = _run(pagerduty.follower(PagerDutySettings(), KEY, INFO), b.build().events)
    assert [o.body["event_action"] for _, o in sent] == ["trigger", "resolve"]


def test_opsgenie_create_acknowledge_close() -> None:
    s = OpsgenieSettings(url="http://og.test/", teams=("sre",), priority="P2")
    events = textbook_drill().build().events
    sent = _run(opsgenie.follower(s, Secret("genie", "$G"), INFO), events)
    alias = f"gameday-drill-{INFO.drill}"
    assert [o.url for _, o in sent] == [
        "http://og.test/v2/alerts",
        f"http://og.test/v2/alerts/{alias}/acknowledge?identifierType=alias",
        f"http://og.test/v2/alerts/{alias}/close?identifierType=alias",
    ]
    create = sent[0][1].body
    assert create["message"].startswith("[DRILL] ") and len(create["message"]) <= 130
    assert create["alias"] == alias and create["priority"] == "P2"
    assert create["responders"] == [{"type": "team", "name": "sre"}]
    assert {"gameday", "drill"} <= set(create["tags"])
    assert sent[1][1].body == {
        "user": "ana",
        "source": "gameday",
        "note": "[DRILL] acknowledged in the drill by ana",
    }
    assert all(o.headers == {"Authorization": "GenieKey genie"} for _, o in sent)
    assert all(_marked(o) for _, o in sent)


@pytest.mark.parametrize("kind", [ev.FAULT_INJECTED, ev.MONITOR_CHANGED, ev.MITIGATED])
def test_runner_internals_are_not_mirrored(kind: str) -> None:
    b = TimelineBuilder()
    assert not mirrored(b.event(kind, {}))


def test_marks_and_escapes() -> None:
    assert marked("x") == "[DRILL] x" == marked(marked("x"))
    assert escape("a & <b>") == "a &amp; &lt;b&gt;"
