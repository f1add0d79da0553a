"""PagerDuty Events API v2: trigger on the drill's first page, acknowledge on ``ack``, resolve on
the proper resolve (or the drill's end), one ``dedup_key`` per drill.

Bodies follow the Events API v2 (``POST /v2/enqueue``): ``routing_key``, ``event_action``,
``dedup_key`` and, for a trigger, ``payload`` with ``summary`` (at most 1024 characters, marked
``[DRILL]``), ``source``, ``severity``, ``timestamp``, ``component``, ``group``, ``class`` and
``custom_details`` (which say it is a drill again). The API answers 202 when it took the event,
400 for an invalid one (not retried: its ``errors`` become the warning), 429 when rate limited
(retried with back-off: ``gameday.integrations.delivery``).
"""

from __future__ import annotations

from typing import Any, Literal

from gameday.events import Event
from gameday.formats.core import Check, spec
from gameday.formats.types import OneLine
from gameday.integrations.common import EnvName, SecretFile, Url, at, refuse_literal_secret
from gameday.integrations.marking import clip, drill_fields, marked
from gameday.integrations.paging import PagerFollower, alert_key, page_text
from gameday.integrations.secrets import Secret, read_secret
from gameday.integrations.spec import DrillInfo, IntegrationSpec, Outbound
from gameday.records import record

ENV = "GAMEDAY_PAGERDUTY_ROUTING_KEY"
EVENTS_URL = "https://events.pagerduty.com/v2/enqueue"
ACTIONS = {"open": "trigger", "ack": "acknowledge", "close": "resolve"}


@record
class PagerDutySettings:
    """PagerDuty Events API v2 (the routing key is a secret)."""

    routing_key_env: EnvName = spec(ENV, doc="Environment variable holding the routing key.")
    routing_key_file: SecretFile | None = spec(None, doc="Or: a file holding the routing key.")
    routing_key: str | None = spec(None, doc="Refused: the routing key is a secret.")
    url: Url = spec(EVENTS_URL, doc="The Events API v2 endpoint.")
    severity: Literal["critical", "error", "warning", "info"] = spec("critical")
    source: OneLine = spec("gameday", doc="The event's source field.")

    def __check__(self, check: Check) -> PagerDutySettings:
        refuse_literal_secret(check, "routing_key", self.routing_key, "the routing key")
        return self


def follower(settings: PagerDutySettings, key: Secret, info: DrillInfo) -> PagerFollower:
    def build(step: str, e: Event, routing_key: str) -> Outbound:
        body = event_body(step, e, settings, routing_key, info)
        return Outbound("pagerduty", ACTIONS[step], settings.url, body, secrets=(routing_key,))

    return PagerFollower(key, build)


def event_body(
    step: str, e: Event, s: PagerDutySettings, routing_key: str, info: DrillInfo
) -> dict[str, Any]:
    """The Events API v2 body of one lifecycle step."""
    body: dict[str, Any] = {
        "routing_key": routing_key,
        "event_action": ACTIONS[step],
        "dedup_key": alert_key(info.drill),
    }
    if step != "open":
        return body
    alert = e.data.get("alert")
    body["payload"] = {
        "summary": clip(marked(page_text(e, info.drill)), 1024),
        "source": s.source,
        "severity": s.severity,
        "timestamp": e.wall.isoformat(),
        "component": str(alert) if isinstance(alert, str) and alert else "gameday",
        "group": info.team or "gameday",
        "class": "gameday-drill",
        "custom_details": {
            **drill_fields(info.drill),
            "paged": e.data.get("to"),
            "level": e.data.get("level"),
            "drill_time": at(e),
        },
    }
    body["client"] = "gameday (drill)"
    if info.status_url:
        body["client_url"] = info.status_url
    return body


def follow(settings: PagerDutySettings, info: DrillInfo) -> PagerFollower:
    key = read_secret(
        "the PagerDuty routing key", settings.routing_key_env, settings.routing_key_file
    )
    return follower(settings, key, info)


PAGERDUTY = IntegrationSpec(
    "pagerduty",
    "PagerDuty Events API v2: trigger on the drill's page, acknowledge on ack, resolve on "
    "resolve (one dedup_key per drill); marked [DRILL]",
    PagerDutySettings,
    follow,
    secret_env=ENV,
)
