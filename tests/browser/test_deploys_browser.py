"""The responder console's "recent deploys" panel in a real browser: who deployed what, when,
from the target's deploy log (the one `gameday target deploys` prints), updated live."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.web import start_web
from gameday.target.deploys import DeployHistory
from tests.browser.test_room_browser import SCENARIO, TEAM, join_as, section, seed, wait_for

PROJECT = "gd-browser-deploys"


@pytest.fixture
def room_with_deploys(state_dir: Path) -> Any:
    history = DeployHistory(state_dir / "targets" / PROJECT / "deploys.json")
    now = dt.datetime.now(dt.UTC)
    history.record("api", "v1", "up", at=now - dt.timedelta(hours=3), by="ci")
    history.record("api", "v1.1", "deploy", at=now - dt.timedelta(minutes=4), by="dana",
                   note="<b>product photos</b> from the CDN")  # fmt: skip
    drill = create_drill(
        "expired-cert",
        scenario_path=str(SCENARIO),
        team="model-team",
        team_file=str(TEAM),
        target_env={"GAMEDAY_PROJECT": PROJECT},
    )
    seed(drill)
    server, _url = start_web(drill)
    yield drill, server, history
    server.stop()
    drill.close()


def test_recent_deploys_show_who_deployed_what_and_when(
    room_with_deploys: Any, browser: Any, screenshot: Any
) -> None:
    from selenium.webdriver.common.by import By

    drill, server, history = room_with_deploys
    join_as(browser, server.join_url, "alice")
    panel = section(browser, "deploys")
    assert "Recent deploys" in panel
    rows = browser.find_elements(By.CSS_SELECTOR, "#s-deploys table.deploys tbody tr")
    cells = [[td.text for td in r.find_elements(By.TAG_NAME, "td")] for r in rows]
    assert [c[2:6] for c in cells] == [["api", "v1.1", "deploy", "dana"], ["api", "v1", "up", "ci"]]
    assert re.fullmatch(r"4m\d\ds ago", cells[0][1]), cells[0][1]
    assert cells[0][6] == "<b>product photos</b> from the CDN"  # text, never markup
    assert not browser.find_elements(By.CSS_SELECTOR, "#s-deploys td b b")
    # a rollback lands in the log; the panel follows without a reload
    history.record("api", "v1", "rollback", by="bob", note="rolled back from the console")
    drill.log().append(ev.SAY, {"text": "rolled back"}, actor="bob")
    wait_for(lambda: "rollback" in section(browser, "deploys"), what="the live deploys panel")
    first = browser.find_element(By.CSS_SELECTOR, "#s-deploys tbody tr")
    assert [td.text for td in first.find_elements(By.TAG_NAME, "td")][2:6] == [
        "api", "v1", "rollback", "bob"
    ]  # fmt: skip
    screenshot(browser, "room-deploys")


def test_a_drill_without_a_recorded_project_says_so(state_dir: Path, browser: Any) -> None:
    drill = create_drill("expired-cert", scenario_path=str(SCENARIO), team="model-team",
                         team_file=str(TEAM), target_env={})  # fmt: skip
    seed(drill)
    server, _url = start_web(drill)
    try:
        join_as(browser, server.join_url, "alice")
        assert "No deploy history for this target." in section(browser, "deploys")
    finally:
        server.stop()
        drill.close()
