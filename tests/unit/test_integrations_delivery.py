"""Sending to a loopback receiver: 202 done, 400 not retried, 429 backed off, secrets redacted,
and the drill part that follows the log (payloads as the receivers saw them)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.locate import create_drill
from gameday.drill.machine import DrillSettings
from gameday.drill.parts.integrations import IntegrationsPart
from gameday.integrations.delivery import RetryPolicy, send
from gameday.integrations.mirror import AUDIT_FILE, Integrations
from gameday.integrations.opsgenie import OPSGENIE, OpsgenieSettings
from gameday.integrations.pagerduty import PAGERDUTY, PagerDutySettings
from gameday.integrations.secrets import SecretMissing, read_secret
from gameday.integrations.slack import SLACK, SlackSettings
from gameday.integrations.spec import Outbound
from gameday.testing import LoopbackReceiver, offline_session, textbook_drill
from tests.unit.test_runner_machine import SCENARIO

FAST = RetryPolicy(attempts=4, backoff_s=1.0, max_wait_s=30.0, timeout_s=5.0)


class SleepLog(FakeClock):
    def __init__(self) -> None:
        super().__init__()
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        super().sleep(seconds)


def _out(url: str, secret: str = "s3cret") -> Outbound:
    return Outbound("pagerduty", "trigger", url, {"routing_key": secret}, secrets=(secret,))


def test_202_is_done_first_time() -> None:
    with LoopbackReceiver() as rx:
        d = send(_out(rx.url + "/v2/enqueue"), clock=SleepLog(), policy=FAST)
    assert d.ok and d.status == 202 and d.attempts == 1
    assert rx.requests[0]["headers"]["content-type"] == "application/json"


def test_400_is_not_retried_and_its_errors_are_the_reason() -> None:
    invalid = {
        "status": "invalid event",
        "message": "Event object is invalid",
        "errors": ["'payload.severity' is invalid (must be one of critical, error...)"],
    }
    clock = SleepLog()
    with LoopbackReceiver([(400, invalid, {})]) as rx:
        d = send(_out(rx.url), clock=clock, policy=FAST)
    assert not d.ok and d.status == 400 and d.attempts == 1 and len(rx.requests) == 1
    assert d.reason.startswith("HTTP 400: Event object is invalid; invalid event; 'payload.")
    assert clock.slept == []


def test_429_backs_off_as_told_then_succeeds() -> None:
    clock = SleepLog()
    script: list[tuple[int, Any, dict[str, str]]] = [
        (429, {"status": "throttled"}, {"Retry-After": "7"}),
        (429, {"status": "throttled"}, {}),  # no Retry-After: exponential back-off
        (500, "oops", {}),
        (202, {"status": "success", "dedup_key": "k"}, {}),
    ]
    with LoopbackReceiver(script) as rx:
        d = send(_out(rx.url), clock=clock, policy=FAST)
    assert d.ok and d.attempts == 4 and len(rx.requests) == 4
    assert clock.slept == [7.0, 2.0, 4.0]


def test_giving_up_says_why_without_the_secret() -> None:
    clock = SleepLog()
    with LoopbackReceiver([(429, "slow down, s3cret", {"Retry-After": "999"})]) as rx:
        d = send(_out(rx.url), clock=clock, policy=FAST)
    assert not d.ok and d.attempts == 4 and clock.slept == [30.0, 30.0, 30.0]  # capped
    assert "s3cret" not in d.reason and "***" in d.reason
    assert d.line().startswith("pagerduty trigger failed after 4 attempts: HTTP 429")


def test_nobody_listening_is_a_reason_not_an_exception() -> None:
    with LoopbackReceiver() as rx:
        url = rx.url
    d = send(_out(url), clock=SleepLog(), policy=RetryPolicy(attempts=2, backoff_s=0.1))
    assert not d.ok and d.status is None and "cannot reach it" in d.reason


def test_secrets_are_read_from_env_or_file_and_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOOK", "https://hooks.example/T/B/xyz")
    s = read_secret("the hook", "HOOK", None)
    assert s.reveal() == "https://hooks.example/T/B/xyz"
    for shown in (repr(s), str(s), f"{s}", f"{s!r}"):
        assert "xyz" not in shown and "$HOOK" in shown
    f = tmp_path / "key"
    f.write_text("from-a-file\n")
    assert read_secret("the key", "HOOK", str(f)).reveal() == "from-a-file"
    monkeypatch.delenv("HOOK")
    with pytest.raises(SecretMissing, match=r"the hook is empty or not set \(\$HOOK\)"):
        read_secret("the hook", "HOOK", None)
    with pytest.raises(SecretMissing, match="cannot read the key"):
        read_secret("the key", None, str(tmp_path / "missing"))


def _drill_with(events: Any) -> Any:
    drill = create_drill("bad-deploy", team="blue", drill_id="20260504-090000-ab12")
    log = drill.log()
    for e in events:
        log.append(e.kind, e.data, actor=e.actor, t=e.t)
    return drill


def test_the_part_follows_the_session_and_each_receiver_sees_its_payloads(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole textbook drill through a session: every event reaches the part's on_event."""
    scenario = dataclasses.replace(SCENARIO, faults=())
    settings = DrillSettings(roster=("ana", "ben", "cy"), customers=False)
    said: list[str] = []
    with (
        LoopbackReceiver([(200, "ok", {})]) as slack,
        LoopbackReceiver() as pd,
        LoopbackReceiver([(202, {"result": "Request will be processed"}, {})]) as og,
    ):
        monkeypatch.setenv("SLACK_HOOK", slack.url + "/services/T/B/x")
        monkeypatch.setenv("PD_KEY", "pd-routing-key")
        monkeypatch.setenv("OG_KEY", "og-key")
        part = IntegrationsPart(
            {
                "slack": (SLACK, SlackSettings(webhook_url_env="SLACK_HOOK")),
                "pagerduty": (
                    PAGERDUTY,
                    PagerDutySettings(routing_key_env="PD_KEY", url=pd.url + "/v2/enqueue"),
                ),
                "opsgenie": (OPSGENIE, OpsgenieSettings(api_key_env="OG_KEY", url=og.url)),
            }
        )
        session = offline_session(scenario, settings, clock=FakeClock(), say=said.append)
        session.start([part])
        responders = session.drill.log()  # a responder's terminal writes the same log
        for e in textbook_drill().build().events:
            if e.kind in (ev.DRILL_STARTED, ev.DRILL_ENDED):
                continue
            if e.actor == ev.SYSTEM_ACTOR:
                session.record(e.kind, e.data)
            else:
                responders.append(e.kind, e.data, actor=e.actor)
        session.tick()
        session.record(ev.DRILL_ENDED, {"reason": "resolved"})
        session.fold()
        part.close()
    drill = session.drill
    assert part.integrations is not None
    assert part.integrations.report() == [
        "integration slack: 21 sent, 0 failed",
        "integration pagerduty: 3 sent, 0 failed",
        "integration opsgenie: 3 sent, 0 failed",
    ]
    assert said[0].startswith("integrations: opsgenie, pagerduty, slack follow this drill")
    texts = [b["text"] for b in slack.bodies("/services/T/B/x")]
    assert texts[0] == (
        f"[DRILL] Game Day drill {drill.id} started for team t. "
        "This is a gameday drill, not a real incident."
    )
    assert "[DRILL] ana: declared SEV 2" in texts
    assert texts[-1].startswith(f"[DRILL] Drill {drill.id} is over (resolved)")
    assert [b["event_action"] for b in pd.bodies()] == ["trigger", "acknowledge", "resolve"]
    assert {b["dedup_key"] for b in pd.bodies()} == {f"gameday-drill-{drill.id}"}
    assert [r["path"].split("/")[-1] for r in og.requests] == [
        "alerts",
        "acknowledge?identifierType=alias",
        "close?identifierType=alias",
    ]
    assert og.requests[0]["headers"]["authorization"] == "GenieKey og-key"
    audit = [json.loads(line) for line in (drill.dir / AUDIT_FILE).read_text().splitlines()]
    assert len(audit) == 27 and all(a["ok"] for a in audit)
    assert "pd-routing-key" not in (drill.dir / AUDIT_FILE).read_text()
    # a resumed runner (or `gameday end` without one) sends nothing twice
    with LoopbackReceiver() as pd2:
        again = Integrations(
            drill,
            {"pagerduty": (PAGERDUTY, PagerDutySettings(routing_key_env="PD_KEY", url=pd2.url))},
            say=said.append,
        )
        again.run_once(timeout=10)
    assert pd2.requests == []


def test_a_failing_integration_is_a_warning_and_the_rest_goes_on(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GAMEDAY_SLACK_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("PD_KEY", "k")
    events = [e for e in textbook_drill().build().events if e.kind != ev.DRILL_ENDED]
    drill = _drill_with(events)
    invalid = {"status": "invalid event", "message": "Event object is invalid", "errors": ["x"]}
    with LoopbackReceiver([(400, invalid, {})]) as pd:
        said: list[str] = []
        integrations = Integrations(
            drill,
            {
                "slack": (SLACK, SlackSettings()),  # no secret: off, with the reason
                "pagerduty": (PAGERDUTY, PagerDutySettings(routing_key_env="PD_KEY", url=pd.url)),
            },
            say=said.append,
        )
        integrations.run_once(timeout=10)
    assert said[0] == (
        "gameday: warning: integration slack start failed: off for this drill: the Slack "
        "webhook URL is empty or not set ($GAMEDAY_SLACK_WEBHOOK_URL)"
    )
    assert any("pagerduty trigger failed: HTTP 400: Event object is invalid" in s for s in said)
    warnings = drill.log().events(kinds=[ev.INTEGRATION_WARNING])
    assert [w.data["integration"] for w in warnings] == [
        "slack",
        "pagerduty",
        "pagerduty",
        "pagerduty",
    ]
    assert all(w.data["reason"] != "k" for w in warnings)


def test_a_resumed_drill_sends_only_what_the_dead_runner_never_did(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PD_KEY", "k")
    b = textbook_drill()
    events = [e for e in b.build().events if e.kind != ev.DRILL_ENDED]
    cut = next(i for i, e in enumerate(events) if e.kind == ev.DECLARE)
    drill = _drill_with(events[:cut])  # the runner died after the ack
    with LoopbackReceiver() as pd:
        settings = {
            "pagerduty": (PAGERDUTY, PagerDutySettings(routing_key_env="PD_KEY", url=pd.url))
        }
        Integrations(drill, settings, say=lambda m: None).run_once(timeout=10)
        assert [x["event_action"] for x in pd.bodies()] == ["trigger", "acknowledge"]
        for e in events[cut:]:  # responders went on while no runner was attached
            drill.log().append(e.kind, e.data, actor=e.actor)
        Integrations(drill, settings, say=lambda m: None).run_once(timeout=10)
    assert [x["event_action"] for x in pd.bodies()] == ["trigger", "acknowledge", "resolve"]
