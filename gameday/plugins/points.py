"""The extension points as data: which hook fills which registry, and how a piece is checked.

The check functions live next to the piece types they check and are imported only when the
first piece of that kind is registered (``gameday --help`` never imports fault types).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

from gameday.registry import Registry


class ExtensionPoint(NamedTuple):
    hook: str  # the hookspec in gameday.plugins.hookspecs
    field: str  # the attribute of gameday.registry.Registries
    kind: str  # what one piece is called in messages
    check: str  # "module:function" raising RegistryError for a malformed piece
    expected: str  # what a well-formed piece looks like (quoted in every refusal)

    @property
    def signature(self) -> str:
        return f"@hookimpl def {self.hook}() -> Iterable[{self.expected.split('(')[0]}]"

    def check_piece(self, name: str, item: Any) -> None:
        module, _, func = self.check.partition(":")
        fn: Callable[[str, Any], None] = getattr(importlib.import_module(module), func)
        fn(name, item)

    def new_registry(self, fill: Callable[[Registry[Any]], None] | None = None) -> Registry[Any]:
        return Registry(self.kind, self.check_piece, expected=self.expected, fill=fill)


POINTS: tuple[ExtensionPoint, ...] = (
    ExtensionPoint(
        "gameday_fault_types",
        "faults",
        "fault type",
        "gameday.faults:check_fault_type",
        "FaultType(subclass instance with name, summary, a frozen dataclass Params and "
        "prepare/inject/verify_live/undo/verify_undone(ctx: FaultContext))",
    ),
    ExtensionPoint(
        "gameday_remediations",
        "remediations",
        "remediation",
        "gameday.faults:check_remediation",
        "Remediation(subclass instance with name, summary, a frozen dataclass Params and "
        "apply(ctx: RemediationContext) -> str)",
    ),
    ExtensionPoint(
        "gameday_probes",
        "probes",
        "probe",
        "gameday.probes.base:check_probe_type",
        "ProbeType(name=..., params=<dataclass>, check=check(target, params) -> ProbeResult, "
        "summary=...)",
    ),
    ExtensionPoint(
        "gameday_criteria",
        "criteria",
        "scoring criterion",
        "gameday.scoring.registry:check_criterion",
        "Criterion(name, title, rule=rule(facts: Facts) -> Outcome)",
    ),
    ExtensionPoint(
        "gameday_alert_rules",
        "alert_rules",
        "alert rule",
        "gameday.drill.alerts:check_alert_rule",
        "AlertRuleSpec(name, summary, Params=<frozen dataclass>, "
        "build=build(name: str, params: Params) -> AlertRule)",
    ),
    ExtensionPoint(
        "gameday_actions",
        "actions",
        "action",
        "gameday.drill.actionspec:check_action",
        "ActionSpec(name, event='action.<name>', summary, Params=<frozen dataclass whose "
        "fields are str/int/float/bool/Duration, optionally | None>, "
        "build=build(ctx: ActionContext, params: Params) -> dict)",
    ),
    ExtensionPoint(
        "gameday_drill_parts",
        "drill_parts",
        "drill part",
        "gameday.drill.part:check_part_spec",
        "PartSpec(name, summary, build=build(session) -> Part | None, order=50)",
    ),
    ExtensionPoint(
        "gameday_integrations",
        "integrations",
        "integration",
        "gameday.integrations.spec:check_integration",
        "IntegrationSpec(name, summary, Params=<frozen dataclass>, "
        "follow=follow(settings: Params, info: DrillInfo) -> Follower | None)",
    ),
)

BY_HOOK = {p.hook: p for p in POINTS}
BY_FIELD = {p.field: p for p in POINTS}
