"""Slack: the incident channel mirrored to an incoming webhook, every message marked a drill.

One message per mirrored event (``gameday.integrations.common.mirrored``): ``text`` (what a
notification shows) and Block Kit ``blocks`` (the mark in bold, the drill and drill time in a
context line). Text people typed is escaped the way Slack asks (``&``, ``<``, ``>``), so a
status post can never turn into an ``@channel`` mention or a link.
"""

from __future__ import annotations

from typing import Any

from gameday.events import Event
from gameday.formats.core import Check, spec
from gameday.integrations.common import (
    EnvName,
    SecretFile,
    at,
    channel_line,
    mirrored,
    refuse_literal_secret,
)
from gameday.integrations.marking import DRILL_MARK, NOT_REAL, clip, marked
from gameday.integrations.secrets import Secret, read_secret
from gameday.integrations.spec import DrillInfo, IntegrationSpec, Outbound
from gameday.records import record

ENV = "GAMEDAY_SLACK_WEBHOOK_URL"
MAX_TEXT = 3000  # a section block's text limit


@record
class SlackSettings:
    """Slack incoming webhook mirroring the incident channel (the URL is a secret)."""

    webhook_url_env: EnvName = spec(ENV, doc="Environment variable holding the webhook URL.")
    webhook_url_file: SecretFile | None = spec(None, doc="Or: a file holding the webhook URL.")
    webhook_url: str | None = spec(None, doc="Refused: the URL is a secret.")

    def __check__(self, check: Check) -> SlackSettings:
        refuse_literal_secret(check, "webhook_url", self.webhook_url, "the Slack webhook URL")
        return self


def escape(text: str) -> str:
    """Slack's three control characters, escaped (mrkdwn and plain text alike)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def message(e: Event, info: DrillInfo) -> dict[str, Any]:
    """The webhook body for one mirrored event."""
    line = clip(escape(channel_line(e, info)), MAX_TEXT - 20)
    context = f"gameday drill `{escape(info.drill)}` · {at(e)} · {NOT_REAL}"
    return {
        "text": marked(line),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": f"*{DRILL_MARK}* {line}"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": context}]},
        ],
        "unfurl_links": False,
        "unfurl_media": False,
    }


class SlackFollower:
    def __init__(self, url: Secret, info: DrillInfo) -> None:
        self.url = url
        self.info = info

    def follow(self, e: Event) -> list[Outbound]:
        if not mirrored(e):
            return []
        url = self.url.reveal()
        body = message(e, self.info)
        return [Outbound("slack", f"message ({e.kind})", url, body, secrets=(url,))]


def follow(settings: SlackSettings, info: DrillInfo) -> SlackFollower:
    url = read_secret("the Slack webhook URL", settings.webhook_url_env, settings.webhook_url_file)
    return SlackFollower(url, info)


SLACK = IntegrationSpec(
    "slack",
    "mirror the incident channel (actions, updates, chat, stakeholder messages) to a Slack "
    "incoming webhook; every message marked [DRILL]",
    SlackSettings,
    follow,
    secret_env=ENV,
)
