"""Alertmanager's webhook as an alert source: parsed defensively, recorded once, and it pages."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gameday import events as ev
from gameday.drill.alerts import default_rules
from gameday.drill.locate import create_drill
from gameday.drill.machine import DrillMachine, DrillSettings
from gameday.incident import Incident
from gameday.integrations.alertmanager import (
    AlertmanagerPayloadError,
    AlertmanagerSettings,
    parse_webhook,
    receive,
)
from gameday.scenario.model import ProbeSpec, Scenario

# Alertmanager's webhook JSON (version 4), as its webhook_config sends it
PAYLOAD: dict[str, Any] = {
    "version": "4",
    "groupKey": '{}:{alertname="CheckoutErrors"}',
    "truncatedAlerts": 0,
    "status": "firing",
    "receiver": "gameday",
    "groupLabels": {"alertname": "CheckoutErrors"},
    "commonLabels": {"alertname": "CheckoutErrors", "team": "blue", "severity": "critical"},
    "commonAnnotations": {"summary": "Checkout 5xx above 20%"},
    "externalURL": "http://alertmanager.example:9093",
    "alerts": [
        {
            "status": "firing",
            "labels": {
                "alertname": "CheckoutErrors",
                "team": "blue",
                "severity": "critical",
                "instance": "api:8000",
            },
            "annotations": {"summary": "Checkout 5xx above 20%"},
            "startsAt": "2026-05-04T09:01:00Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus.example:9090/graph?g0.expr=...",
            "fingerprint": "c6eadffa33fcdf37",
        }
    ],
}


def test_parse_reads_the_alerts() -> None:
    receiver, alerts = parse_webhook(PAYLOAD)
    assert receiver == "gameday"
    (a,) = alerts
    assert (a.status, a.name, a.fingerprint, a.severity, a.message) == (
        "firing",
        "CheckoutErrors (api:8000)",
        "c6eadffa33fcdf37",
        "critical",
        "Checkout 5xx above 20%",
    )


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda p: p.update(version="3"), "version '3' is not supported"),
        (lambda p: p.update(alerts={}), "alerts must be a list"),
        (lambda p: p["alerts"][0].update(status="pending"), "status must be firing or resolved"),
        (lambda p: p["alerts"][0]["labels"].pop("alertname"), "alertname is missing"),
        (lambda p: p["alerts"][0].update(labels={"alertname": 3}), "must be text"),
    ],
)
def test_parse_refuses_what_is_not_the_webhook(mutate: Any, message: str) -> None:
    p = copy.deepcopy(PAYLOAD)
    mutate(p)
    with pytest.raises(AlertmanagerPayloadError, match=message):
        parse_webhook(p)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_parse_never_fails_any_other_way(body: Any) -> None:
    try:
        parse_webhook(body)
    except AlertmanagerPayloadError:
        pass


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["status", "labels", "annotations", "fingerprint"]), json_values, max_size=4
    )
)
def test_parse_never_fails_any_other_way_on_an_alert(alert: dict[str, Any]) -> None:
    try:
        parse_webhook({"version": "4", "alerts": [alert]})
    except AlertmanagerPayloadError:
        pass


def test_receive_records_once_pages_and_clears(state_dir: Path) -> None:
    drill = create_drill("bad-deploy", team="blue")
    log = drill.log()
    s = AlertmanagerSettings(receiver="gameday", match={"team": "blue"})
    first = receive(drill, PAYLOAD, s)
    assert [e.kind for e in first] == [ev.ALERT_FIRED]
    assert first[0].data["source"] == "alertmanager"
    assert first[0].data["alert"] == "CheckoutErrors (api:8000)"
    assert receive(drill, PAYLOAD, s) == []  # repeat_interval re-sends: recorded once
    other_team = copy.deepcopy(PAYLOAD)
    other_team["alerts"][0]["labels"]["team"] = "red"
    other_team["alerts"][0]["fingerprint"] = "ffff"
    assert receive(drill, other_team, s) == []  # not this team's: ignored
    assert receive(drill, {**PAYLOAD, "receiver": "ops"}, s) == []
    # the drill machine pages the on-call for it, and the fold counts it as detection
    scenario = Scenario(
        id="x",
        title="x",
        briefing="x",
        difficulty="easy",
        target="targets/shop",
        severity=2,
        steady_state=(ProbeSpec("storefront", "http", {}),),
        faults=(),
        injects=(),
        root_cause=None,
        remediation=(),
    )
    m = DrillMachine(
        scenario,
        DrillSettings(roster=("ana", "ben")),
        default_rules(["storefront"], customers=False),
    )
    for e in log.events():
        m.apply(e)
    assert m.step(5.0) == [
        (ev.PAGE_SENT, {"to": "ana", "level": 0, "alert": "CheckoutErrors (api:8000)"})
    ]
    inc = Incident.replay(log.events())
    assert inc.milestones()["started"] is not None  # a tabletop-like start: the first alert
    resolved = copy.deepcopy(PAYLOAD)
    resolved["alerts"][0]["status"] = "resolved"
    resolved["alerts"][0]["endsAt"] = datetime(2026, 5, 4, 9, 9, tzinfo=UTC).isoformat()
    cleared = receive(drill, resolved, s)
    assert [(e.kind, e.data["alert"]) for e in cleared] == [
        (ev.ALERT_RESOLVED, "CheckoutErrors (api:8000)")
    ]


def _post(url: str, body: Any, token: str | None) -> tuple[int, dict[str, Any]]:
    import json
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"  # Alertmanager's http_config.authorization
    req = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_the_drill_endpoint_takes_alertmanager_deliveries(state_dir: Path) -> None:
    from gameday.drill.web import start_web as start_server

    team = state_dir / "team.yaml"
    team.write_text(
        "team: blue\npeople: [ana, ben]\noncall: [ana, ben]\n"
        "integrations:\n  alertmanager: {receiver: gameday, match: {team: blue}}\n"
    )
    drill = create_drill("bad-deploy", team="blue", team_file=str(team))
    server, url = start_server(drill)
    try:
        token = drill.meta().token
        assert _post(f"{url}/api/alertmanager", PAYLOAD, None)[0] == 401
        status, answer = _post(f"{url}/api/alertmanager", PAYLOAD, token)
        assert status == 200 and answer["recorded"][0]["kind"] == ev.ALERT_FIRED
        assert _post(f"{url}/api/alertmanager", PAYLOAD, token) == (200, {"recorded": []})
        status, answer = _post(f"{url}/api/alertmanager", {"version": "4"}, token)
        assert status == 400 and answer["error"] == "alerts must be a list"
    finally:
        server.shutdown()
        server.server_close()
    fired = drill.log().events(kinds=[ev.ALERT_FIRED])
    assert [e.data["alert"] for e in fired] == ["CheckoutErrors (api:8000)"]
    # a team that did not turn it on: the route says how to
    other = create_drill("bad-deploy", team="t", make_current=False)
    server, url = start_server(other)
    try:
        status, answer = _post(f"{url}/api/alertmanager", PAYLOAD, other.meta().token)
    finally:
        server.shutdown()
        server.server_close()
    assert status == 404 and "integrations: {alertmanager: {}}" in answer["error"]
