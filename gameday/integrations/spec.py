"""What an integration is: a named piece of the plugin manager (``gameday_integrations``) with
typed settings read from the team file's ``integrations:``, and, for an outbound one, a
follower that turns the drill's events into HTTP requests.

Followers are pure (event in, requests out, state kept in the follower), so a drill's Slack
messages or PagerDuty events are unit-tested without a network, and a resumed runner rebuilds a
follower's state by replaying the log without sending anything twice. Sending is
``gameday.integrations.delivery``'s job; following the log is ``gameday.integrations.mirror``'s.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import field
from typing import Any, Protocol

from gameday.events import Event
from gameday.plugins.shared import Shared
from gameday.records import record
from gameday.registry import RegistryError, accepts


@record
class DrillInfo:
    """What a follower may say about the drill: never the scenario (responders read Slack)."""

    drill: str
    team: str = ""
    status_url: str | None = None  # the public status page, when the runner serves one


@record
class Outbound:
    """One HTTP request to send. ``url`` and ``headers`` may hold secrets (a Slack webhook URL
    is one; so is an Opsgenie key): ``repr`` and ``str`` never show them."""

    integration: str
    what: str  # "trigger", "message: action.declare", ... (for warnings and the audit file)
    url: str = field(repr=False)
    body: dict[str, Any] = field(repr=False)
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    method: str = "POST"
    secrets: tuple[str, ...] = field(default=(), repr=False)  # redacted from any warning

    def data(self) -> bytes:
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode()

    def __str__(self) -> str:
        return f"{self.integration} {self.what}"


class Follower(Protocol):
    """An outbound integration for one drill: the requests each event asks for."""

    def follow(self, e: Event) -> list[Outbound]:
        """The requests ``e`` asks for (none for most events); updates the follower's state."""
        ...


Build = Callable[[Any, DrillInfo], Follower]


@record
class IntegrationSpec:
    """An integration: ``Params`` (a frozen dataclass, the team file's ``integrations.<name>``)
    and ``follow`` (``follow(settings, info) -> Follower``) for one that follows the event log;
    None for one used elsewhere (Alertmanager in, the Jira export)."""

    name: str
    summary: str
    Params: type
    follow: Build | None = None
    secret_env: str | None = None  # setting this variable alone turns the integration on

    def parse_params(self, raw: Any) -> Any:
        from gameday.params import parse_params

        return parse_params(self.Params, raw)


def check_integration(name: str, item: IntegrationSpec) -> None:
    """Registration check of the ``integrations`` extension point (``gameday.plugins``)."""
    if not isinstance(item, IntegrationSpec):
        raise RegistryError(
            f"integration {name!r} is a {type(item).__name__}, not an IntegrationSpec"
        )
    if item.name != name:
        raise RegistryError(f"integration {name!r} calls itself {item.name!r}")
    if not str(item.summary).strip():
        raise RegistryError(f"integration {name!r} has no summary")
    params = item.Params
    if not (isinstance(params, type) and dataclasses.is_dataclass(params)):
        raise RegistryError(f"integration {name!r}: Params must be a dataclass")
    if not params.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise RegistryError(f"integration {name!r}: Params must be a frozen dataclass")
    if item.follow is not None and not accepts(item.follow, 2):
        raise RegistryError(
            f"integration {name!r}: follow must be callable as follow(settings, info)"
        )


# Every integration, built-in or plugin (filled by the plugin manager on first read).
INTEGRATIONS: Shared[IntegrationSpec] = Shared("integrations")
