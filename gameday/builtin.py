"""The built-in plugin: gameday's own faults, remediations, probes, criteria, alert rules,
responder actions, drill parts and integrations, offered through the same hooks a team's plugin
implements.

Installed as the ``gameday`` entry point of the ``gameday.plugins`` group (see pyproject);
``gameday.plugins.load_plugins`` registers this module directly only when gameday runs from
a checkout whose metadata was never installed. Each hook imports its pieces when called, so
registering the plugin costs nothing and a responder's ``gameday ack`` never imports a fault.
A top-level module, not part of ``gameday.plugins``: it imports every package that offers
pieces, and those import the plugin manager.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gameday.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from gameday.drill.actionspec import ActionSpec
    from gameday.drill.alerts import AlertRuleSpec
    from gameday.drill.part import PartSpec
    from gameday.faults import FaultType, Remediation
    from gameday.integrations.spec import IntegrationSpec
    from gameday.probes.base import ProbeType
    from gameday.scoring.registry import Criterion


@hookimpl
def gameday_fault_types() -> list[FaultType]:
    from gameday.faults.catalogue import CATALOGUE_FAULTS
    from gameday.faults.configfault import CONFIG_FAULTS
    from gameday.faults.cpucontention import CPU_FAULTS
    from gameday.faults.dnsfault import DNS_FAULTS
    from gameday.faults.generic import GENERIC_FAULTS
    from gameday.faults.netfault import NetworkLatency, NetworkLoss
    from gameday.faults.seed import SEED_FAULTS
    from gameday.faults.tasks import TASK_FAULTS

    return [
        cls()
        for cls in (
            *SEED_FAULTS, *GENERIC_FAULTS, NetworkLatency, NetworkLoss, *TASK_FAULTS,
            *CATALOGUE_FAULTS, *DNS_FAULTS, *CONFIG_FAULTS, *CPU_FAULTS,
        )
    ]  # fmt: skip


@hookimpl
def gameday_remediations() -> list[Remediation]:
    from gameday.faults.remedies import REMEDIES

    return [cls() for cls in REMEDIES]


@hookimpl
def gameday_probes() -> tuple[ProbeType[Any], ...]:
    from gameday.probes import BUILTINS

    return BUILTINS


@hookimpl
def gameday_criteria() -> list[Criterion]:
    from gameday.scoring import rules_comms, rules_response
    from gameday.scoring.registry import declared

    return [*declared(rules_response.__name__), *declared(rules_comms.__name__)]


@hookimpl
def gameday_alert_rules() -> tuple[AlertRuleSpec, ...]:
    from gameday.drill.alerts import BUILTIN_RULES

    return BUILTIN_RULES


@hookimpl
def gameday_actions() -> tuple[ActionSpec, ...]:
    from gameday.drill.actions import BUILTIN_ACTIONS

    return BUILTIN_ACTIONS


@hookimpl
def gameday_drill_parts() -> tuple[PartSpec, ...]:
    from gameday.drill.parts import BUILTIN_PARTS
    from gameday.drill.parts.integrations import INTEGRATIONS_PART

    return (*BUILTIN_PARTS, INTEGRATIONS_PART)


@hookimpl
def gameday_integrations() -> tuple[IntegrationSpec, ...]:
    from gameday.integrations.builtin import BUILTIN_INTEGRATIONS

    return BUILTIN_INTEGRATIONS
