"""The live view renders from a snapshot alone; plain lines for pipes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from gameday import events as ev
from gameday.drill.dashboard import MonitorView, Snapshot, plain_line, render, sparkline


def test_sparkline_marks_failed_polls() -> None:
    s = sparkline([10.0, 20.0, None, 40.0])
    assert len(s) == 4 and s[2] == "x" and s[3] == "█"
    assert sparkline([]) == ""


def test_render_shows_clock_monitors_alerts_pages_progress_and_timeline() -> None:
    from rich.console import Console

    snap = Snapshot(
        drill_id="20260101-090000-abcd",
        scenario="expired-cert",
        t=95.0,
        time_limit_s=600.0,
        phase="incident",
        url="http://127.0.0.1:1234",
        monitors=(
            MonitorView("browse", False, "TLS: certificate has expired", "▁▂x"),
            MonitorView("customers", True, "0% failed", "▁▁▁"),
        ),
        customers={
            "rps": 12.5,
            "fail_ratio": 0.9,
            "p95_ms": 30.0,
            "requests": 900,
            "failures": 400,
        },
        alerts=("browse failing (critical)",),
        pages=("1m05s alice (level 0)",),
        next_escalation=125.0,
        timeline=("[ 1m05s] paged alice", "[ 1m10s] carol: status: [investigating] down"),
        progress=(("ack", "met"), ("declare", "missed"), ("roles", "late")),
        metrics={"time_to_detect": 4.0, "time_to_acknowledge": None},
        impact="customer impact (incident start 10s → so far 1m35s): 400 failed",
    )
    out = io.StringIO()
    Console(file=out, width=120, color_system=None).print(render(snap))
    text = out.getvalue()
    for needle in (
        "1m35s",
        "browse",
        "FAIL",
        "12.5 req/s",
        "browse failing",
        "alice",
        "escalates at 2m05s",
        "[x] ack",
        "[ ] declare",
        "[~] roles",
        "paged alice",
        "time to detect 4s",
        "400 failed",
    ):
        assert needle in text, needle


def test_plain_line_has_drill_time_and_actor() -> None:
    e = ev.Event(3, 65.0, datetime.now(UTC), "bob", ev.ACK, {})
    line = plain_line(e)
    assert line.startswith("[ 1m05s]") and "bob" in line
