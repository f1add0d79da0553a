"""The integrations as a drill session part: every event the session folds goes to the
followers of the integrations the team turned on (``gameday.integrations.mirror``); ``close``,
after ``drill.ended``, sends the last messages (the channel's stand-down, the pager's resolve).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gameday.drill.part import Part, PartSpec, Session

if TYPE_CHECKING:
    from gameday.events import Event
    from gameday.integrations.mirror import Integrations
    from gameday.integrations.spec import IntegrationSpec


class IntegrationsPart(Part):
    """The session part: ``on_event`` feeds the followers; ``close`` (after ``drill.ended``)
    sends the last messages (the channel's stand-down, the pager's resolve) and stops."""

    name = "integrations"

    def __init__(self, settings: dict[str, tuple[IntegrationSpec, Any]]) -> None:
        self.settings = settings
        self.integrations: Integrations | None = None

    def start(self, session: Session) -> None:
        from gameday.drill.parts.endpoint import Endpoint
        from gameday.integrations.mirror import Integrations

        endpoint = session.part(Endpoint)
        url = f"{endpoint.url}/status" if endpoint is not None and endpoint.url else None
        self.integrations = Integrations(
            session.drill,
            self.settings,
            team=session.plan.team.name,
            clock=session.clock,
            say=session.say,
            record=lambda kind, data: session.record(kind, data),
            status_url=url,
        )
        self.integrations.start()

    def on_event(self, event: Event) -> None:
        if self.integrations is not None:
            self.integrations.dispatch(event)

    def close(self) -> None:
        if self.integrations is not None:
            self.integrations.drain()
            for line in self.integrations.report():
                self.integrations.say(line)


def _build(session: Session) -> Part | None:
    """The part when any integration is on for this team (off by default)."""
    from gameday.integrations.config import enabled

    settings = enabled(session.plan.team)
    return IntegrationsPart(settings) if any(s.follow for s, _ in settings.values()) else None


INTEGRATIONS_PART = PartSpec(
    "integrations",
    "mirrors the drill to the team's Slack, PagerDuty, Opsgenie (off unless configured)",
    _build,
    order=15,  # right after the endpoint (its status page URL goes into the pages)
)
