"""The responders' view never shows the answer: faults, scenario, hints, noise flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.actions import record_action
from gameday.drill.locate import create_drill
from gameday.drill.view import responder_state, status_page_html
from gameday.drill.watch import render


def _drill(clock: FakeClock):
    drill = create_drill("expired-cert", team="model-team", clock=clock)
    log = drill.log(clock)
    log.append(ev.DRILL_STARTED, {"scenario": "expired-cert", "title": "Expired certificate"})
    log.append(ev.FAULT_INJECTED, {"fault": "cert", "type": "expired_cert", "params": {}})
    log.append(ev.FAULT_LIVE, {"fault": "cert", "type": "expired_cert"})
    clock.advance(10)
    log.append(
        ev.ALERT_FIRED,
        {
            "alert": "tls-failures",
            "monitor": "storefront",
            "severity": "critical",
            "message": "probe failing 3x",
            "noise": False,
        },
    )
    log.append(
        ev.ALERT_FIRED,
        {
            "alert": "search-latency",
            "monitor": "search",
            "severity": "warning",
            "message": "p95 > 2s",
            "noise": True,
        },
    )
    log.append(ev.PAGE_SENT, {"to": "alice", "level": 0, "alert": "tls-failures"})
    log.append(ev.PAGE_ESCALATED, {"from": "alice", "to": "bob", "level": 1, "after_s": 120})
    log.append(
        ev.INJECT_DELIVERED,
        {"inject": "ceo", "kind": "stakeholder", "from": "CEO", "message": "What is going on?"},
    )
    return drill


def test_state_shows_what_responders_see_and_nothing_else(state_dir: Path) -> None:
    clock = FakeClock()
    drill = _drill(clock)
    record_action(drill, "ack", {}, actor="bob", clock=clock)
    record_action(drill, "declare", {"sev": 2}, actor="bob", clock=clock)
    record_action(drill, "role", {"role": "ic", "person": "bob"}, actor="bob", clock=clock)
    record_action(drill, "status", {"text": "Looking into it"}, actor="carol", clock=clock)
    drill.log().append(ev.ALERT_RESOLVED, {"alert": "search-latency"})
    state = responder_state(drill)
    assert [a["alert"] for a in state["alerts"]] == ["tls-failures"]
    assert [(p["to"], p["escalated"]) for p in state["pages"]] == [("alice", False), ("bob", True)]
    assert state["stakeholder_messages"][0]["message"] == "What is going on?"
    assert state["incident"] == {
        "sev": 2,
        "roles": {"ic": "bob"},
        "channel": None,
        "acked_by": "bob",
        "acknowledged_t": 10.0,
        "declared_t": 10.0,
    }
    assert [c["actor"] for c in state["channel"]] == ["bob", "bob", "bob", "carol"]
    assert state["status_posts"][0]["state"] == "investigating"
    assert state["drill"]["t"] == 10.0
    text = json.dumps(state)
    for secret in ("expired", "cert", "noise", "fault", "Expired certificate"):
        assert secret not in text


def test_noise_alert_looks_like_a_real_one(state_dir: Path) -> None:
    clock = FakeClock()
    drill = _drill(clock)
    alerts = {a["alert"]: a for a in responder_state(drill)["alerts"]}
    assert set(alerts["search-latency"]) == set(alerts["tls-failures"])


def test_status_page_banner_follows_the_latest_post(state_dir: Path) -> None:
    clock = FakeClock()
    drill = _drill(clock)
    assert "All systems operational" in status_page_html(drill)
    record_action(drill, "status", {"text": "fixing", "state": "monitoring"}, actor="c")
    assert "monitoring" in status_page_html(drill)
    record_action(drill, "status", {"text": "done", "state": "resolved"}, actor="c")
    page = status_page_html(drill)
    assert "All systems operational" in page and "done" in page and "fixing" in page
    assert "expired" not in page.lower()


def test_watch_renders_a_frame(state_dir: Path) -> None:
    from rich.console import Console

    clock = FakeClock()
    drill = _drill(clock)
    record_action(drill, "note", {"text": "curl fails"}, actor="bob", clock=clock)
    console = Console(width=120, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render(responder_state(drill)))
    out = console.export_text()
    for shown in (
        "tls-failures",
        "search-latency",
        "page escalated from alice to bob",
        "What is going on?",
        "bob: note: curl fails",
    ):
        assert shown in out


def test_ended_drill_clock_stops_at_the_end(state_dir: Path) -> None:
    clock = FakeClock()
    drill = _drill(clock)
    log = drill.log()
    log.append(ev.CUSTOMERS_STATS, {"rps": 3.0})
    clock.advance(50)
    log.append(ev.DRILL_ENDED, {"reason": "end"})
    drill.mark_ended("end", clock)
    clock.advance(500)
    state = responder_state(drill)
    assert state["drill"]["state"] == "ended" and state["drill"]["t"] == 60.0
    assert "rps" not in json.dumps(state)


def test_ack_prints_the_page_and_watch_shows_it(
    state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from gameday.cli import main

    drill = create_drill("expired-cert", team="t")
    log = drill.log()
    brief = "Customers see a security\nwarning on every page.\n\nNo deploy went out."
    log.append(ev.DRILL_STARTED, {"oncall": ["ana"], "briefing": brief})
    assert responder_state(drill)["page"]["briefing"] == ""  # nobody paged: no page yet
    log.append(ev.ALERT_FIRED, {"alert": "browse failing", "message": "3 checks failed"})
    log.append(ev.PAGE_SENT, {"to": "ana", "level": 0, "alert": "browse failing"})
    assert main(["ack", "--as", "ana"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("PAGE to ana at") and "browse failing: 3 checks failed" in out[1]
    assert out[2:] == ["  Customers see a security warning on every page.", "  No deploy went out."]
    drill.close()
