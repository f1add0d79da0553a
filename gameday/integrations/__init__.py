"""Integrations with the tools a team already pages and chats with (``docs/integrations.md``).

Optional and off by default; configured in the team file's ``integrations:`` (secrets from the
environment or a file) or by the environment alone; pieces of the one plugin manager
(``gameday_integrations``), so a team adds its own the way it adds a fault.

- outbound, following the drill's event log (``part.IntegrationsPart``): Slack (the incident
  channel mirrored), PagerDuty Events API v2 and Opsgenie (the page's lifecycle);
- inbound: Alertmanager's webhook as an alert source (``alertmanager.receive``);
- after the drill: the review's action items as Jira issues or CSV (``jira``).

Every message and page is marked a drill (``marking``); a failing integration is a warning
with its reason, never the end of a drill.
"""
