"""What the team did to the stack, recorded from the engine's events during a real drill.

A heavy-migration drill where the responder never types a gameday command for the fix: they
look at ``pg_stat_activity`` and end the migration's session with ``docker exec ... psql``,
as they would in production. The drill must record both execs (and none of gameday's own: the
fault's checks, the migration job, the engine's health checks), find the fix in them, and every
view of the scorecard and the review draft must say when and how it landed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from tests.integration.test_drill_e2e import (
    ROOT,
    TEAM,
    assert_clean,
    current_drill_dir,
    drill_env,
    events_of,
    gameday,
    start_run,
    wait_for,
    wait_kind,
)

pytestmark = pytest.mark.docker

LOOK = "SELECT pid, state, query FROM pg_stat_activity WHERE state <> 'idle'"
FIX = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE application_name LIKE 'migration_%'"
)


def docker_exec(container: str, sql: str) -> str:
    """A responder's terminal: the docker CLI, not gameday."""
    argv = ["docker", "exec", container, "psql", "-U", "postgres", "-d", "shop", "-c", sql]
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_fix_by_hand_is_recorded_and_scored(shop: Any, tmp_path: Path) -> None:
    scenario = ROOT / "tests" / "data" / "drill" / "heavy-migration-loaded.yaml"
    log = tmp_path / "run.log"
    args = [
        str(scenario), "--team", str(TEAM), "--users", "0", "--baseline", "3s", "--hold", "5s",
        "--escalation-timeout", "60s", "--time-limit", "3m", "--wrap-up", "5s",
    ]  # fmt: skip
    proc = start_run(shop, args, log)
    db = shop.container("db").name
    try:
        drill_dir = wait_for(current_drill_dir, 300, "the drill to start", proc, log)
        wait_kind(drill_dir, ev.FAULT_LIVE, 120, proc=proc, log=log)
        wait_for(
            lambda: any(e.kind == ev.ALERT_FIRED for e in events_of(drill_dir)),
            60,
            "the alert",
            proc,
            log,
        )
        seen = docker_exec(db, LOOK)
        assert "migration_0042_add_order_status" in seen and "pg_sleep" not in seen
        docker_exec(db, FIX)
        wait_kind(drill_dir, ev.MITIGATED, 90, proc=proc, log=log)
        done = gameday(shop, "end")
        assert done.returncode == 0, done.stdout + done.stderr
        assert proc.wait(timeout=120) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            gameday(shop, "abort")
    events = events_of(drill_dir)
    changes = [e for e in events if e.kind == ev.STACK_CHANGED]
    # the responder's two execs, and nothing gameday did (fault checks, job, health checks)
    assert [(c.data["service"], c.data["change"], c.data["by"]) for c in changes] == [
        ("db", "exec", "team"),
        ("db", "exec", "team"),
    ], [c.data for c in changes]
    look, fix = changes
    assert "pg_stat_activity" in look.data["command"]
    assert "pg_terminate_backend" in fix.data["command"]
    assert all(0 <= c.data["delay_ms"] < 5000 for c in changes)
    print("engine event -> recorded:", [c.data["delay_ms"] for c in changes], "ms")

    injected = next(e for e in events if e.kind == ev.FAULT_INJECTED)
    mitigated = next(e for e in events if e.kind == ev.MITIGATED)
    assert injected.t < fix.t < mitigated.t
    summary = json.loads((drill_dir / "summary.json").read_text())
    assert summary["metrics"]["time_to_fix"] == round(fix.t - injected.t, 3)
    assert summary["fix"]["id"] == fix.id

    from gameday.scorecard import find_scorecards, read_scorecard
    from gameday.scorecard.html import render_html
    from gameday.scorecard.markdown import render_markdown, render_review
    from gameday.scorecard.terminal import show

    cards = [read_scorecard(p) for p in find_scorecards(drill_env(shop)["GAMEDAY_SCORECARDS"])]
    card = next(c for c in cards if c.timeline.drill == drill_dir.name)
    assert card.result["fix"] == summary["fix"]
    assert card.result["metrics"]["time_to_fix"] == summary["metrics"]["time_to_fix"]
    md, html, review = render_markdown(card), render_html(card), render_review(card)
    for page in (md, html, review):
        assert "pg_terminate_backend" in page and "time to fix" in page.lower()
    assert "## The fix" in review
    from rich.console import Console

    console = Console(record=True, width=200)
    for block in show(card.result, card_header(card), card.timeline):
        console.print(block)
    assert "fix landed" in console.export_text()
    assert_clean(shop, str(scenario))


def card_header(card: Any) -> dict[str, Any]:
    tl = card.timeline
    return {"title": tl.title, "team": tl.team, "scenario": tl.scenario, "drill": tl.drill}
