"""gameday's own integrations, offered through the plugin manager like a team's would be."""

from __future__ import annotations

from gameday.integrations.alertmanager import ALERTMANAGER
from gameday.integrations.jira import JIRA
from gameday.integrations.opsgenie import OPSGENIE
from gameday.integrations.pagerduty import PAGERDUTY
from gameday.integrations.slack import SLACK
from gameday.integrations.spec import IntegrationSpec

BUILTIN_INTEGRATIONS: tuple[IntegrationSpec, ...] = (
    SLACK,
    PAGERDUTY,
    OPSGENIE,
    ALERTMANAGER,
    JIRA,
)
