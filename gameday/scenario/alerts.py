"""The alert rules a scenario selects (``alerts:``), built from the alert-rule registry.

Validation already built each rule once (``gameday.scenario.checks.alert``), so building them
again for the drill cannot fail on a param.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gameday.scenario.env import Registries
    from gameday.scenario.model import Scenario


def scenario_rules(scenario: Scenario, registries: Registries | None = None) -> list[Any] | None:
    """The scenario's own rules, or None when it names none (the drill uses the defaults)."""
    if not scenario.alerts:
        return None
    from gameday.drill.alerts import select_rules
    from gameday.scenario.loader import default_registries

    regs = registries or default_registries()
    selections = [(a.rule, a.name, a.params) for a in scenario.alerts]
    return select_rules(selections, regs.alert_rules)
