"""The drill room in a real browser (headless Chromium): a responder joins, acks and declares;
the facilitator's hint appears on the responder's page live; every page is screenshotted."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.web import start_web
from tests.browser.conftest import new_browser

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "expired-cert.yaml"
TEAM = ROOT / "scenarios" / "teams" / "model-team.yaml"


def wait_for(predicate: Any, timeout: float = 20.0, what: str = "the page") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        got = predicate()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def seed(drill: Any) -> None:
    """A drill under way: briefing, a real alert and its page, a noise alert, a stakeholder
    question, a status post with components, monitors, and a minute of customer traffic."""
    from gameday.scenario.loader import load_scenario

    s = load_scenario(SCENARIO)
    log = drill.log()
    log.append(
        ev.DRILL_STARTED,
        {
            "scenario": s.id,
            "oncall": ["alice", "bob"],
            "time_limit_s": 1800,
            "briefing": s.briefing,
        },
        t=0.0,
    )
    log.append(ev.MONITOR_CHANGED, {"monitor": "storefront", "ok": True})
    log.append(ev.MONITOR_CHANGED, {"monitor": "checkout", "ok": True})
    log.append(ev.MONITOR_CHANGED, {"monitor": "storefront", "ok": False, "detail": "TLS"})
    log.append(
        ev.ALERT_FIRED,
        {"alert": "storefront-down", "severity": "critical", "message": "3 probes failed"},
    )
    log.append(ev.PAGE_SENT, {"to": "alice", "level": 0, "alert": "storefront-down"})
    log.append(
        ev.ALERT_FIRED,
        {"alert": "batch-reports", "severity": "warning", "message": "job late", "noise": True},
    )
    log.append(
        ev.INJECT_DELIVERED,
        {"inject": "ceo", "kind": "stakeholder", "from": "CEO", "message": "Is the shop down?"},
    )
    log.append(
        ev.STATUS,
        {
            "text": "Customers cannot reach the shop; investigating.",
            "state": "investigating",
            "components": {"Storefront": "major_outage", "Checkout": "partial_outage"},
        },
        actor="carol",
    )
    epoch = log.epoch.timestamp()
    lines = []
    for i in range(60):
        failing = i >= 30
        lines.append(
            {
                "ts": epoch + i,
                "interval_s": 1.0,
                "requests": 20,
                "failures": 20 if failing else 0,
                "p95_ms": 40.0 + i % 7,
                "endpoints": {
                    "GET /": {"requests": 8, "failures": 8 if failing else 0, "p95_ms": 35.0},
                    "GET /api/products": {
                        "requests": 8,
                        "failures": 8 if failing else 0,
                        "p95_ms": 45.0 + i % 5,
                    },
                    "POST /api/checkout": {
                        "requests": 4,
                        "failures": 4 if failing else 0,
                        "p95_ms": 120.0 + i % 9,
                    },
                },
            }
        )
    (drill.dir / "customers.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))


@pytest.fixture
def room(state_dir: Path):
    drill = create_drill(
        "expired-cert", scenario_path=str(SCENARIO), team="model-team", team_file=str(TEAM)
    )
    seed(drill)
    server, url = start_web(drill)
    yield drill, server, url
    server.stop()
    drill.close()


def join_as(browser: Any, link: str, name: str, screenshot: Any = None) -> None:
    from selenium.webdriver.common.by import By

    browser.get(link)
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "form.names button"), what="roster")
    assert "token" not in browser.current_url  # the join link's token left the address bar
    if screenshot is not None:
        screenshot(browser, "join")
    browser.find_element(By.XPATH, f"//form[@class='names']/button[@value='{name}']").click()
    wait_for(lambda: browser.find_elements(By.ID, "form-ack"), what="the console")


def submit(browser: Any, form_id: str, **fields: str) -> str:
    """Fill and send a form; the text it shows afterwards (recorded: ... or the error)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    form = browser.find_element(By.ID, form_id)
    details = browser.execute_script("return arguments[0].closest('details')", form)
    if details is not None:
        browser.execute_script("arguments[0].open = true", details)
    for name, value in fields.items():
        el = form.find_element(By.NAME, name)
        if el.tag_name == "select":
            Select(el).select_by_value(value)
        else:
            el.clear()
            el.send_keys(value)
    out = form.find_element(By.CSS_SELECTOR, "output")
    browser.execute_script("arguments[0].textContent = ''", out)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return str(wait_for(lambda: out.text, what=f"{form_id}'s answer"))


def section(browser: Any, name: str) -> str:
    from selenium.webdriver.common.by import By

    return str(browser.find_element(By.ID, f"s-{name}").text)


def test_a_responder_joins_acks_and_declares_in_the_browser(room, browser, screenshot) -> None:
    drill, server, _url = room
    join_as(browser, server.join_url, "alice", screenshot)
    assert "PAGE from synthetic monitoring" in section(browser, "page")  # the briefing
    assert "storefront-down" in section(browser, "page")
    assert "batch-reports" in section(browser, "alerts")  # noise looks like a real alert
    assert "noise" not in browser.page_source
    assert submit(browser, "form-ack") == "recorded: acknowledged the page"
    refused = submit(browser, "form-declare", sev="7")
    assert refused == "declare: severity 7 is out of range; use 1 (worst) to 4"
    assert submit(browser, "form-declare", sev="2") == "recorded: declared SEV 2"
    assert "hello from the browser" in submit(browser, "form-say", text="hello from the browser")
    wait_for(lambda: "declared SEV 2" in section(browser, "channel"), what="the live channel")
    # the stakeholder's Reply button fills the notify form with the message it answers
    from selenium.webdriver.common.by import By

    browser.find_element(By.CSS_SELECTOR, "button.reply[data-inject='ceo']").click()
    reply = browser.find_element(By.CSS_SELECTOR, "#form-notify [name=reply_to]")
    assert reply.get_attribute("value") == "ceo"
    said = submit(browser, "form-notify", text="Yes; a fix is under way.")
    assert said == "recorded: told the stakeholders (reply to ceo): Yes; a fix is under way."
    wait_for(lambda: "SEV 2" in section(browser, "incident"), what="the incident summary")
    events = drill.log().events(kinds=[ev.ACK, ev.DECLARE, ev.SAY, ev.NOTIFY])
    assert [(e.kind, e.actor) for e in events] == [
        (ev.ACK, "alice"),
        (ev.DECLARE, "alice"),
        (ev.SAY, "alice"),
        (ev.NOTIFY, "alice"),
    ]
    assert events[1].data == {"sev": 2} and events[3].data["reply_to"] == "ceo"
    screenshot(browser, "room")


def test_the_facilitator_hint_appears_on_the_responders_page(room, browser, screenshot) -> None:
    from selenium.webdriver.common.by import By

    drill, server, _url = room
    join_as(browser, server.join_url, "bob")
    assert "None" in section(browser, "hints")
    facilitator = new_browser()
    try:
        facilitator.get(server.facilitator_url)
        wait_for(lambda: facilitator.find_elements(By.ID, "form-hint"), what="the console")
        truth = section(facilitator, "truth")
        assert "SEV" in truth and "expired" in truth.lower()
        said = submit(facilitator, "form-hint", hint="1")
        assert said.startswith("recorded: hint from the facilitator")
        assert submit(facilitator, "form-extend", by="soon").startswith("extend: by:")
        screenshot(facilitator, "facilitator")
    finally:
        facilitator.quit()
    hint = drill.log().events(kinds=[ev.HINT])[-1]
    # live: no reload on the responder's side
    wait_for(lambda: hint.data["text"][:30] in section(browser, "hints"), what="the hint")
    screenshot(browser, "room-with-hint")


def test_dashboard_and_status_page(room, browser, screenshot) -> None:
    from selenium.webdriver.common.by import By

    _drill, server, url = room
    join_as(browser, server.join_url, "carol")
    browser.get(url + "/dashboard")
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "svg.chart polyline"), what="charts")
    charts = section(browser, "charts")
    assert "POST /api/checkout" in charts and "all requests" in charts
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart.bad")) >= 1  # errors now
    assert "storefront" in section(browser, "monitors")
    screenshot(browser, "dashboard")
    browser.get(url + "/status")
    page = section(browser, "status")
    assert "major outage" in page.lower() and "investigating" in page.lower()
    screenshot(browser, "status")


def test_a_real_incident_stop_shows_a_banner_live(room, browser, screenshot) -> None:
    """The facilitator stops the drill for a real incident: the responder's page and the
    facilitator's console both show the banner without a reload (Server-Sent Events)."""
    from selenium.webdriver.common.by import By

    drill, server, _url = room
    join_as(browser, server.join_url, "alice")
    assert not browser.find_elements(By.CSS_SELECTOR, ".real-incident")
    facilitator = new_browser()
    try:
        facilitator.get(server.facilitator_url)
        wait_for(lambda: facilitator.find_elements(By.ID, "form-end"), what="the console")
        # what `gameday abort --real-incident` records first (gameday.drill.stop)
        drill.log().append(ev.DRILL_STOPPING, {"reason": ev.REAL_INCIDENT, "by": "facilitator"})
        for b in (browser, facilitator):
            banner = wait_for(
                lambda b=b: b.find_elements(By.CSS_SELECTOR, "#s-head .real-incident"),
                what="the real-incident banner",
            )[0]
            assert "Drill stopped for a real incident" in banner.text
            assert banner.value_of_css_property("background-color") == "rgba(183, 28, 28, 1)"
        screenshot(facilitator, "facilitator-real-incident")
    finally:
        facilitator.quit()
    screenshot(browser, "room-real-incident")
