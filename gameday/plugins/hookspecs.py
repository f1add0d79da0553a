"""The hooks a gameday plugin may implement: one per extension point.

Each hook takes no argument and returns the plugin's pieces of that kind (an iterable; None
means none). A piece carries its own name. pluggy checks a hook's signature against these
specs when the plugin is registered; the plugin manager checks every piece when it collects
them, with the expected form in the refusal. New arguments can be added to a spec later
without breaking plugins: pluggy passes an implementation only the arguments it names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pluggy

PROJECT = "gameday"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

if TYPE_CHECKING:
    from gameday.drill.actionspec import ActionSpec
    from gameday.drill.alerts import AlertRuleSpec
    from gameday.drill.part import PartSpec
    from gameday.faults import FaultType, Remediation
    from gameday.integrations.spec import IntegrationSpec
    from gameday.probes.base import ProbeType
    from gameday.scoring.registry import Criterion


@hookspec
def gameday_fault_types() -> Iterable[FaultType] | None:
    """Fault types a scenario's timeline can apply (instances of ``FaultType`` subclasses)."""


@hookspec
def gameday_remediations() -> Iterable[Remediation] | None:
    """Fixes gameday can perform itself (selftest, autopilot ``do: remediate``)."""


@hookspec
def gameday_probes() -> Iterable[ProbeType[Any]] | None:
    """Probe kinds for steady-state checks and the drill's monitors."""


@hookspec
def gameday_criteria() -> Iterable[Criterion] | None:
    """Scoring criteria; a playbook (or a scenario's ``score_overrides``) gives them weight."""


@hookspec
def gameday_alert_rules() -> Iterable[AlertRuleSpec] | None:
    """Alert rules over the monitors, selectable by name with typed params in a scenario."""


@hookspec
def gameday_actions() -> Iterable[ActionSpec] | None:
    """Responder actions; each gets a ``gameday NAME`` command and an HTTP route from its spec."""


@hookspec
def gameday_drill_parts() -> Iterable[PartSpec] | None:
    """Parts of every drill session: a subscriber to the event log, a recorder, an endpoint."""


@hookspec
def gameday_integrations() -> Iterable[IntegrationSpec] | None:
    """Integrations with a team's own tools (chat, paging, alerting, tickets), configured in the
    team file's ``integrations:``; an outbound one follows the drill's event log."""
