"""Whole drills on the real stack: `gameday run` in its own process, the team on autopilot.

Short on purpose (baseline 3 s, hold 5 s, escalation 5 s, a couple of Locust users) so the suite
stays fast; every assertion is about what happened, read back from the drill's event log.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.state import project_root

pytestmark = pytest.mark.docker

ROOT = project_root()
DATA = ROOT / "tests" / "data" / "drill"
TEAM = ROOT / "scenarios" / "teams" / "model-team.yaml"
FAST_PLAYBOOK = ROOT / "tests" / "data" / "playbooks" / "fast.yaml"


def drill_env(shop: Any) -> dict[str, str]:
    """The runner and responders must find the test's stack and state, never the user's."""
    env = dict(os.environ)
    env["GAMEDAY_PROJECT"] = shop.project
    env["GAMEDAY_PROXY_PORT"] = str(shop.proxy_port)
    env["GAMEDAY_DB_PORT"] = str(shop.db_port)
    env.pop("GAMEDAY_AS", None)
    # scorecards of test drills go to the session's state dir, never the checkout
    env["GAMEDAY_SCORECARDS"] = str(Path(env["GAMEDAY_STATE_DIR"]) / "scorecards")
    return env


def start_run(shop: Any, args: list[str], log_to: Path) -> subprocess.Popen[bytes]:
    out = open(log_to, "wb")  # noqa: SIM115 - the child writes to it until it exits
    return subprocess.Popen(
        [sys.executable, "-m", "gameday", "run", *args, "--plain"],
        env=drill_env(shop),
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def gameday(shop: Any, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gameday", *args],
        env=drill_env(shop),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def current_drill_dir() -> Path | None:
    from gameday.drill.locate import drills_root

    p = drills_root() / "current"
    return drills_root() / p.read_text().strip() if p.exists() else None


def events_of(drill_dir: Path) -> list[ev.Event]:
    from gameday.drill.log import EventLog

    with EventLog.open(drill_dir, create=False) as log:
        return log.events()


def wait_for(pred: Any, timeout: float, what: str, proc: subprocess.Popen[bytes] | None = None,
             log: Path | None = None) -> Any:  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            break
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    pytest.fail(f"timed out waiting for {what}\n{tail}")


def wait_kind(drill_dir: Path, kind: str, timeout: float, **kw: Any) -> ev.Event:
    return wait_for(
        lambda: next((e for e in events_of(drill_dir) if e.kind == kind), None),
        timeout,
        kind,
        **kw,
    )


def assert_clean(shop: Any, scenario: str) -> None:
    from gameday.clock import RealClock
    from gameday.dockerutil import LABEL_HELPER, LABEL_PROJECT, client
    from gameday.faults.restore import poll_steady
    from gameday.journal import pending_restores
    from gameday.probes.runner import bind_all, check_all
    from gameday.scenario.loader import load_scenario

    assert pending_restores() == []
    bound = bind_all(shop, load_scenario(scenario).steady_state)
    ok, lines = poll_steady(lambda: check_all(bound), RealClock(), 60.0)
    assert ok, lines
    helpers = client().containers.list(
        all=True,
        filters={"label": [f"{LABEL_PROJECT}={shop.project}", f"{LABEL_HELPER}=1"]},
        ignore_removed=True,
    )
    assert helpers == []


def run_args(scenario: Path, autopilot: Path, *extra: str) -> list[str]:
    args = [
        str(scenario),
        "--team", str(TEAM),
        "--autopilot", str(autopilot),
        "--users", "2",
        "--baseline", "3s",
        "--hold", "5s",
        "--time-limit", "2m",
        "--wrap-up", "12s",
    ]  # fmt: skip
    if FAST_PLAYBOOK.exists():
        args += ["--playbook", str(FAST_PLAYBOOK)]
    return args + list(extra)


def http(url: str, body: Any = None, token: str | None = None) -> int:
    data = body if isinstance(body, bytes) else json.dumps(body).encode() if body else None
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_expired_cert_drill_on_autopilot(shop: Any, tmp_path: Path) -> None:
    scenario = DATA / "expired-cert-fast.yaml"
    log = tmp_path / "run.log"
    proc = start_run(
        shop,
        run_args(scenario, DATA / "expired-cert-autopilot.yaml", "--escalation-timeout", "5s"),
        log,
    )
    try:
        drill_dir = wait_for(current_drill_dir, 300, "the drill to start", proc, log)
        wait_kind(drill_dir, ev.FAULT_LIVE, 120, proc=proc, log=log)
        # a responder in a second process, while the runner runs
        done = gameday(shop, "note", "customers see a browser security warning", "--as", "dave")
        assert done.returncode == 0, done.stderr
        # the HTTP endpoint: refused without the token, accepted with it
        from gameday.drill.locate import open_drill

        meta = open_drill(drill_dir).meta()
        assert meta.url
        action = {"action": "note", "as": "dave", "params": {"text": "openssl says expired"}}
        assert http(meta.url + "/api/actions", action) == 401
        assert http(meta.url + "/api/actions", action, token="wrong") == 403
        bad = {"action": "declare", "as": "dave", "params": {"sev": 9}}
        assert http(meta.url + "/api/actions", bad, token=meta.token) == 400
        assert http(meta.url + "/api/actions", b"\xff\x00", token=meta.token) == 400
        assert http(meta.url + "/api/actions", action, token=meta.token) == 200
        assert proc.wait(timeout=180) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            gameday(shop, "abort")
    events = events_of(drill_dir)
    kinds = [e.kind for e in events]
    first = {k: next(e for e in events if e.kind == k) for k in set(kinds)}
    live = first[ev.FAULT_LIVE]
    assert first[ev.FAULT_INJECTED].t <= live.t
    real_alerts = [e for e in events if e.kind == ev.ALERT_FIRED and not e.data["noise"]]
    assert real_alerts and real_alerts[0].t >= live.t  # detection, for real, after the fault
    noise = [e for e in events if e.kind == ev.ALERT_FIRED and e.data["noise"]]
    assert [e.data["monitor"] for e in noise] == ["batch-reports"]
    pages = [e for e in events if e.kind == ev.PAGE_SENT]
    assert [p.data["to"] for p in pages] == ["alice", "bob"]  # nobody acked within 5 s
    esc = first[ev.PAGE_ESCALATED]
    assert esc.data["from"] == "alice" and esc.data["to"] == "bob" and esc.data["after_s"] >= 5
    ack = first[ev.ACK]
    assert ack.actor == "bob" and ack.t > esc.t
    stakeholder = [
        e for e in events if e.kind == ev.INJECT_DELIVERED and e.data["kind"] == "stakeholder"
    ]
    assert stakeholder and stakeholder[0].data["from"] == "CEO"
    # every action the autopilot and the second process recorded is in the log
    actions = [e for e in events if e.kind.startswith("action.")]
    assert {a.kind for a in actions} >= {
        ev.ACK, ev.DECLARE, ev.ROLE, ev.CHANNEL, ev.STATUS, ev.NOTIFY, ev.CAUSE, ev.RESOLVE,
        ev.NOTE,
    }  # fmt: skip
    assert len([a for a in actions if a.kind == ev.NOTE]) == 2  # CLI + HTTP
    assert len([a for a in actions if a.kind == ev.ROLE]) == 3
    resolves = [a for a in actions if a.kind == ev.RESOLVE]
    assert resolves[0].data["premature"] is True  # before mitigation: recorded, drill went on
    mitigated = first[ev.MITIGATED]
    assert mitigated.t > resolves[0].t
    assert resolves[-1].data["premature"] is False and resolves[-1].t >= mitigated.t
    assert first[ev.RESTORED].data["ok"] is True
    assert first[ev.RESTORED].data["undone"] == ["cert"]
    assert [e.data["reason"] for e in events if e.kind == ev.DRILL_ENDED] == ["resolved"]
    assert kinds.index(ev.RESTORED) < kinds.index(ev.DRILL_ENDED)
    assert ev.CUSTOMERS_STATS in kinds and ev.MONITOR_CHANGED in kinds
    stats = [e.data for e in events if e.kind == ev.CUSTOMERS_STATS]  # counts per interval
    assert sum(s["requests"] for s in stats) > 0
    assert sum(s["failures"] for s in stats) > 0  # customers really hit the outage
    assert (drill_dir / "summary.txt").exists() and (drill_dir / "timeline.yaml").exists()
    assert open_drill(drill_dir).meta().state == "ended"
    assert_clean(shop, str(scenario))


def test_bad_deploy_drill_on_autopilot_rolls_back_for_real(shop: Any, tmp_path: Path) -> None:
    """...with the team's Slack and PagerDuty (loopback receivers) following the drill."""
    from gameday.testing import LoopbackReceiver

    scenario = ROOT / "scenarios" / "bad-deploy.yaml"
    log = tmp_path / "run.log"
    before = shop.deployed_version("api")
    with LoopbackReceiver([(200, "ok", {})]) as slack, LoopbackReceiver() as pd:
        team = tmp_path / "model-team.yaml"  # the model team, plus its integrations
        team.write_text(
            TEAM.read_text() + f"integrations:\n  slack: {{webhook_url_env: E2E_SLACK}}\n"
            f"  pagerduty: {{routing_key_env: E2E_PD, url: '{pd.url}/v2/enqueue'}}\n"
        )
        args = run_args(scenario, DATA / "bad-deploy-autopilot.yaml", "--escalation-timeout", "30s")
        args[args.index("--team") + 1] = str(team)
        os.environ["E2E_SLACK"] = f"{slack.url}/services/T0/B0/secret"
        os.environ["E2E_PD"] = "e2e-routing-key"
        try:
            proc = start_run(shop, args, log)
        finally:
            del os.environ["E2E_SLACK"], os.environ["E2E_PD"]
        try:
            drill_dir = wait_for(current_drill_dir, 300, "the drill to start", proc, log)
            assert proc.wait(timeout=240) == 0, log.read_text()[-3000:]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
                gameday(shop, "abort")
    texts = [b["text"] for b in slack.bodies()]
    assert texts[0].startswith(f"[DRILL] Game Day drill {drill_dir.name} started")
    assert all(t.startswith("[DRILL] ") for t in texts)
    assert any(t.startswith("[DRILL] paged alice") for t in texts)
    assert texts[-1].startswith(f"[DRILL] Drill {drill_dir.name} is over (resolved)")
    assert [b["event_action"] for b in pd.bodies()] == ["trigger", "acknowledge", "resolve"]
    assert pd.bodies()[0]["payload"]["summary"].startswith("[DRILL] gameday drill ")
    assert "e2e-routing-key" not in log.read_text() and "secret" not in log.read_text()
    events = events_of(drill_dir)
    kinds = [e.kind for e in events]
    injected = next(e for e in events if e.kind == ev.FAULT_INJECTED)
    live = next(e for e in events if e.kind == ev.FAULT_LIVE)
    assert injected.t <= live.t and injected.data["target_service"] == "api"
    # a redeploy hurts customers while it rolls out: the alert may precede "verified live"
    alert = next(e for e in events if e.kind == ev.ALERT_FIRED and not e.data["noise"])
    assert alert.t >= injected.t
    assert [e.data["to"] for e in events if e.kind == ev.PAGE_SENT] == ["alice"]
    assert ev.PAGE_ESCALATED not in kinds  # acked within the timeout
    rollback = next(e for e in events if e.kind == ev.ROLLBACK)
    assert rollback.data["ok"] is True and rollback.data["service"] == "api"
    assert rollback.data["from_version"] == "v2"
    mitigated = next(e for e in events if e.kind == ev.MITIGATED)
    assert mitigated.t > rollback.t
    assert [e.data["reason"] for e in events if e.kind == ev.DRILL_ENDED] == ["resolved"]
    assert next(e for e in events if e.kind == ev.RESTORED).data["ok"] is True
    assert shop.deployed_version("api") == before
    # the playbook's order: resolve, THEN the final status, recorded in the wrap-up window
    resolve = next(e for e in events if e.kind == ev.RESOLVE and not e.data["premature"])
    wrapup = next(e for e in events if e.kind == ev.WRAPUP)
    final = [e for e in events if e.kind == ev.STATUS and e.data["state"] == "resolved"]
    assert resolve.t <= wrapup.t <= final[-1].t < events[-1].t
    assert kinds.index(ev.RESTORED) < kinds.index(ev.DRILL_ENDED)
    # the summary and the scorecard read one incident fold: the same numbers
    from gameday.scorecard import find_scorecards, read_scorecard

    summary = json.loads((drill_dir / "summary.json").read_text())
    cards = [read_scorecard(p) for p in find_scorecards(drill_env(shop)["GAMEDAY_SCORECARDS"])]
    card = next(c for c in cards if c.timeline.drill == drill_dir.name)
    assert summary["metrics"] == card.result["metrics"]
    assert summary["impact"] == card.result["impact"]
    # (blue/green and a quick rollback can leave no failed request to count: equal is the point)
    assert summary["cost"] == card.result["cost"]
    assert summary["metrics"]["time_to_detect"] == round(alert.t - injected.t, 3)
    assert_clean(shop, str(scenario))


def test_preflight_restores_leftovers_and_sigterm_ends_cleanly(shop: Any, tmp_path: Path) -> None:
    """A crashed drill's fault is undone before the next drill; SIGTERM restores and ends."""
    import signal

    from gameday.faults.apply import inject_fault
    from gameday.journal import pending_restores

    inject_fault(shop, "expired_cert", {"expired_for": "2d"}, name="leftover")
    assert [e.fault for e in pending_restores()] == ["leftover"]
    log = tmp_path / "run.log"
    scenario = DATA / "expired-cert-fast.yaml"
    proc = start_run(
        shop,
        [str(scenario), "--team", str(TEAM), "--users", "0", "--baseline", "10m"],
        log,
    )
    try:
        drill_dir = wait_for(current_drill_dir, 300, "the drill to start", proc, log)
        wait_kind(drill_dir, ev.MONITOR_CHANGED, 60, proc=proc, log=log)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            gameday(shop, "abort")
    out = log.read_text()
    assert "restoring first" in out and "leftover" in out
    events = events_of(drill_dir)
    assert [e.data["reason"] for e in events if e.kind == ev.DRILL_ENDED] == ["signal"]
    assert ev.FAULT_INJECTED not in [e.kind for e in events]
    monitors = [e for e in events if e.kind == ev.MONITOR_CHANGED]
    assert monitors and all(e.data["ok"] for e in monitors)  # the drill began on a steady stack
    assert_clean(shop, str(scenario))


def test_abort_for_a_real_incident_stands_everyone_down_at_once(shop: Any, tmp_path: Path) -> None:
    """`gameday abort --real-incident` mid-drill: the channel hears it before the restore, the
    drill ends as real-incident, and the summary and scorecard say so first."""
    from gameday.testing import LoopbackReceiver

    scenario = DATA / "expired-cert-fast.yaml"
    log = tmp_path / "run.log"
    with LoopbackReceiver([(200, "ok", {})]) as slack:
        team = tmp_path / "model-team.yaml"
        team.write_text(TEAM.read_text() + "integrations:\n  slack: {webhook_url_env: E2E_SLACK}\n")
        os.environ["E2E_SLACK"] = f"{slack.url}/services/T0/B0/x"
        try:
            proc = start_run(
                shop,
                [str(scenario), "--team", str(team), "--users", "0", "--baseline", "3s",
                 "--time-limit", "5m", "--playbook", str(FAST_PLAYBOOK)],
                log,
            )  # fmt: skip
        finally:
            del os.environ["E2E_SLACK"]
        try:
            drill_dir = wait_for(current_drill_dir, 300, "the drill to start", proc, log)
            wait_kind(drill_dir, ev.FAULT_LIVE, 120, proc=proc, log=log)
            done = gameday(shop, "abort", "--real-incident", timeout=240)
            assert done.returncode == 0, done.stderr
            assert "stopped for a real incident" in done.stdout
            assert proc.wait(timeout=120) == 0, log.read_text()[-3000:]
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
                gameday(shop, "abort")
    events = events_of(drill_dir)
    kinds = [e.kind for e in events]
    assert kinds.index(ev.DRILL_STOPPING) < kinds.index(ev.RESTORED) < kinds.index(ev.DRILL_ENDED)
    assert [e.data["reason"] for e in events if e.kind == ev.DRILL_ENDED] == ["real-incident"]
    texts = [b["text"] for b in slack.bodies()]
    stop = next(i for i, t in enumerate(texts) if "STOPPED: a real incident" in t)
    assert texts[stop].startswith(f"[DRILL] Drill {drill_dir.name} STOPPED")
    summary = (drill_dir / "summary.txt").read_text()
    assert summary.startswith(f"drill {drill_dir.name} STOPPED FOR A REAL INCIDENT")
    from gameday.scorecard import find_scorecards, read_scorecard
    from gameday.scorecard.view import from_card

    cards = [read_scorecard(p) for p in find_scorecards(drill_env(shop)["GAMEDAY_SCORECARDS"])]
    card = next(c for c in cards if c.timeline.drill == drill_dir.name)
    assert from_card(card).real_incident and card.summary["end_reason"] == "real-incident"
    assert_clean(shop, str(scenario))
