"""Opsgenie Alert API: create on the drill's first page, acknowledge on ``ack``, close on the
proper resolve (or the drill's end); one ``alias`` per drill.

Requests follow the Alert API v2 with an API integration's key (``Authorization: GenieKey``):
``POST /v2/alerts`` (``message`` at most 130 characters, marked ``[DRILL]``; ``alias``,
``description``, ``responders``, ``tags`` ``gameday`` and ``drill``, ``details``, ``priority``),
``POST /v2/alerts/<alias>/acknowledge?identifierType=alias`` and ``.../close`` with ``user``,
``source`` and a marked ``note``. Opsgenie answers 202 (processed asynchronously); 429 is retried.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from gameday.events import Event
from gameday.formats.core import Check, Length, spec
from gameday.formats.types import Name
from gameday.integrations.common import EnvName, SecretFile, Url, at, refuse_literal_secret
from gameday.integrations.marking import NOT_REAL, clip, drill_fields, marked
from gameday.integrations.paging import PagerFollower, alert_key, close_note, page_text
from gameday.integrations.secrets import Secret, read_secret
from gameday.integrations.spec import DrillInfo, IntegrationSpec, Outbound
from gameday.records import record

ENV = "GAMEDAY_OPSGENIE_API_KEY"
API_URL = "https://api.opsgenie.com"  # EU accounts: https://api.eu.opsgenie.com
Teams = Annotated[tuple[Name, ...], Length(0, 50)]


@record
class OpsgenieSettings:
    """Opsgenie Alert API (an API integration's key, a secret)."""

    api_key_env: EnvName = spec(ENV, doc="Environment variable holding the API key.")
    api_key_file: SecretFile | None = spec(None, doc="Or: a file holding the API key.")
    api_key: str | None = spec(None, doc="Refused: the API key is a secret.")
    url: Url = spec(API_URL, doc="The API's base URL (EU: https://api.eu.opsgenie.com).")
    priority: Literal["P1", "P2", "P3", "P4", "P5"] = spec("P3")
    teams: Teams = spec((), doc="Opsgenie teams to notify (responders of type team).")

    def __check__(self, check: Check) -> OpsgenieSettings:
        refuse_literal_secret(check, "api_key", self.api_key, "the Opsgenie API key")
        return self


def follower(settings: OpsgenieSettings, key: Secret, info: DrillInfo) -> PagerFollower:
    def build(step: str, e: Event, api_key: str) -> Outbound:
        url, body = request(step, e, settings, info)
        what = {"open": "create", "ack": "acknowledge", "close": "close"}[step]
        headers = {"Authorization": f"GenieKey {api_key}"}
        return Outbound("opsgenie", what, url, body, headers, secrets=(api_key,))

    return PagerFollower(key, build)


def request(
    step: str, e: Event, s: OpsgenieSettings, info: DrillInfo
) -> tuple[str, dict[str, Any]]:
    """(URL, body) of one lifecycle step."""
    base = s.url.rstrip("/")
    alias = alert_key(info.drill)
    if step == "open":
        body: dict[str, Any] = {
            "message": clip(marked(page_text(e, info.drill)), 130),
            "alias": alias,
            "description": f"{NOT_REAL} Drill {info.drill} of team {info.team or '-'}; "
            f"paged at drill time {at(e)}.",
            "tags": ["gameday", "drill"],
            "details": {**drill_fields(info.drill), "paged": str(e.data.get("to") or "")},
            "entity": "gameday drill",
            "source": "gameday",
            "priority": s.priority,
        }
        if s.teams:
            body["responders"] = [{"type": "team", "name": t} for t in s.teams]
        return f"{base}/v2/alerts", body
    verb = "acknowledge" if step == "ack" else "close"
    note = f"acknowledged in the drill by {e.actor}" if step == "ack" else close_note(e)
    user = e.actor if e.kind.startswith("action.") else "gameday"
    body = {"user": user, "source": "gameday", "note": clip(marked(note), 25000)}
    return f"{base}/v2/alerts/{quote(alias, safe='')}/{verb}?identifierType=alias", body


def follow(settings: OpsgenieSettings, info: DrillInfo) -> PagerFollower:
    key = read_secret("the Opsgenie API key", settings.api_key_env, settings.api_key_file)
    return follower(settings, key, info)


OPSGENIE = IntegrationSpec(
    "opsgenie",
    "Opsgenie alerts: create on the drill's page, acknowledge on ack, close on resolve (one "
    "alias per drill); marked [DRILL]",
    OpsgenieSettings,
    follow,
    secret_env=ENV,
)
