"""Alert rules over the monitors: they fire for real, from what the monitors saw.

Rules are an extension point of the plugin manager (``gameday_alert_rules``): an
``AlertRuleSpec`` names a rule, declares its typed ``Params`` and builds the rule, so a scenario
can select any rule, built-in or plugin, by name with parameters checked at load time. A rule
looks at the monitors and answers "firing?" with a message; the ``AlertEngine`` turns answers
into ``alert.fired`` / ``alert.resolved`` transitions so an alert fires once per episode, not
once per poll.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Protocol

from gameday import events as ev
from gameday.drill.monitors import CUSTOMERS, MonitorSet
from gameday.formats.core import Range
from gameday.params import Duration, parse_params
from gameday.plugins.shared import Shared
from gameday.records import record
from gameday.registry import Registry, RegistryError, accepts


class AlertRule(Protocol):
    name: str  # unique alert name, what responders see
    monitor: str  # the monitor it watches (for ``alert.fired``)
    severity: str  # critical | warning

    def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool | None, str]:
        """(firing?, message); None = not enough data yet, keep the alert as it is (a runner
        resumed after a crash starts with empty monitors and must not resolve and re-fire)."""
        ...


@record
class AlertRuleSpec:
    """One kind of alert rule: its typed params and how to build a rule from them."""

    name: str
    summary: str
    Params: type
    build: Callable[[str, Any], AlertRule]  # (alert name, parsed params) -> rule

    def parse_params(self, raw: Any) -> Any:
        """Typed params from a scenario's raw mapping; raises ``gameday.params.ParamError``."""
        return parse_params(self.Params, raw)

    def create(self, alert: str, raw: Mapping[str, Any] | None = None) -> AlertRule:
        """The rule named ``alert`` (what responders see) with params parsed from ``raw``."""
        return self.build(alert, self.parse_params(dict(raw) if raw is not None else None))


def check_alert_rule(name: str, item: AlertRuleSpec) -> None:
    """Registration check of the ``alert_rules`` extension point (``gameday.plugins``)."""
    if not isinstance(item, AlertRuleSpec):
        raise RegistryError(f"alert rule {name!r} is a {type(item).__name__}, not an AlertRuleSpec")
    if item.name != name:
        raise RegistryError(f"alert rule {name!r} calls itself {item.name!r}")
    if not str(item.summary).strip():
        raise RegistryError(f"alert rule {name!r} has no summary")
    params = item.Params
    if not (isinstance(params, type) and dataclasses.is_dataclass(params)):
        raise RegistryError(f"alert rule {name!r}: Params must be a dataclass")
    if not params.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise RegistryError(f"alert rule {name!r}: Params must be a frozen dataclass")
    if not accepts(item.build, 2):
        raise RegistryError(f"alert rule {name!r}: build must be callable as build(name, params)")


# Every alert rule, built-in or plugin (filled by the plugin manager on first read).
ALERT_RULES: Shared[AlertRuleSpec] = Shared("alert_rules")


AlertSeverity = Literal["critical", "warning"]
Window = Annotated[Duration, Range(1, 3600)]


@record
class ProbeFailingParams:
    monitor: str
    consecutive: Annotated[int, Range(1, 1000)] = 3
    severity: AlertSeverity = "critical"


@dataclass
class ProbeFailing:
    """A probe failed ``consecutive`` polls in a row (one blip is not an outage)."""

    name: str
    monitor: str
    consecutive: int = 3
    severity: str = "critical"

    def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool | None, str]:
        mon = monitors.monitors.get(self.monitor)
        if mon is None or mon.ok is None:
            return None, ""
        n = mon.consecutive_failures()
        if n >= self.consecutive:
            return True, f"{self.monitor} failing for {n} consecutive checks: {mon.detail}"
        return False, ""


@record
class ProbeLatencyParams:
    monitor: str
    threshold_ms: Annotated[float, Range(1, 600_000)] = 1000.0
    consecutive: Annotated[int, Range(1, 1000)] = 3
    severity: AlertSeverity = "warning"


@dataclass
class ProbeLatency:
    """A probe answered, but slower than ``threshold_ms``, ``consecutive`` polls in a row: the
    page that comes before the errors when an upstream slows down."""

    name: str
    monitor: str
    threshold_ms: float = 1000.0
    consecutive: int = 3
    severity: str = "warning"

    def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool | None, str]:
        mon = monitors.monitors.get(self.monitor)
        if mon is None or not mon.history:
            return None, ""
        recent = list(mon.history)[-self.consecutive :]
        slow = [o.latency_ms for o in recent if o.latency_ms is not None]
        full = len(recent) == self.consecutive and len(slow) == len(recent)
        if full and min(slow) > self.threshold_ms:
            return True, (
                f"{self.monitor} slower than {self.threshold_ms:.0f} ms for "
                f"{self.consecutive} consecutive checks (last {slow[-1]:.0f} ms)"
            )
        return False, ""


@record
class FailureRatioParams:
    threshold: Annotated[float, Range(0, 1)] = 0.2
    window: Window = 10.0
    min_requests: Annotated[int, Range(1, 1_000_000)] = 5
    severity: AlertSeverity = "critical"


@dataclass
class CustomerFailureRatio:
    """The share of customer requests failing over a sliding window is above a threshold."""

    name: str
    threshold: float = 0.2
    window: float = 10.0
    min_requests: int = 5
    severity: str = "critical"
    monitor: str = CUSTOMERS

    def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool | None, str]:
        window = monitors.customer_window(now, self.window)
        requests = sum(s.interval_requests for s in window)
        failures = sum(s.interval_failures for s in window)
        if not window:
            return None, ""
        if requests < self.min_requests:
            return False, ""
        ratio = failures / requests
        if ratio > self.threshold:
            return True, (
                f"{ratio:.0%} of customer requests failed in the last {self.window:.0f}s "
                f"({failures}/{requests})"
            )
        return False, ""


@record
class LatencyParams:
    threshold_ms: Annotated[float, Range(1, 600_000)] = 2000.0
    window: Window = 10.0
    severity: AlertSeverity = "warning"


@dataclass
class CustomerLatency:
    """Customer p95 latency stayed above a threshold for a whole window."""

    name: str
    threshold_ms: float = 2000.0
    window: float = 10.0
    severity: str = "warning"
    monitor: str = CUSTOMERS

    def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool | None, str]:
        if not monitors.customers:
            return None, ""
        window = [s for s in monitors.customer_window(now, self.window) if s.interval_requests]
        # Require most of the window to be covered, so one slow second does not page anyone.
        if len(window) < max(1, int(self.window * 0.6)):
            return False, ""
        if all(s.p95_ms > self.threshold_ms for s in window):
            worst = max(s.p95_ms for s in window)
            return True, (
                f"customer p95 latency above {self.threshold_ms:.0f} ms for {self.window:.0f}s "
                f"(worst {worst:.0f} ms)"
            )
        return False, ""


def _probe_failing(name: str, p: ProbeFailingParams) -> AlertRule:
    return ProbeFailing(name, p.monitor, p.consecutive, p.severity)


def _probe_latency(name: str, p: ProbeLatencyParams) -> AlertRule:
    return ProbeLatency(name, p.monitor, p.threshold_ms, p.consecutive, p.severity)


def _failure_ratio(name: str, p: FailureRatioParams) -> AlertRule:
    return CustomerFailureRatio(name, p.threshold, float(p.window), p.min_requests, p.severity)


def _latency(name: str, p: LatencyParams) -> AlertRule:
    return CustomerLatency(name, p.threshold_ms, float(p.window), p.severity)


# The built-in plugin's ``gameday_alert_rules`` hook returns these.
BUILTIN_RULES: tuple[AlertRuleSpec, ...] = (
    AlertRuleSpec(
        "probe_failing",
        "a monitor's probe failed `consecutive` polls in a row",
        ProbeFailingParams,
        _probe_failing,
    ),
    AlertRuleSpec(
        "probe_latency",
        "a monitor's probe answered slower than `threshold_ms` for `consecutive` polls in a row",
        ProbeLatencyParams,
        _probe_latency,
    ),
    AlertRuleSpec(
        "customer_failure_ratio",
        "the share of failed customer requests over a sliding window is above `threshold`",
        FailureRatioParams,
        _failure_ratio,
    ),
    AlertRuleSpec(
        "customer_latency",
        "customer p95 latency stayed above `threshold_ms` for a whole window",
        LatencyParams,
        _latency,
    ),
)


def select_rules(
    selections: Iterable[tuple[str, str, Mapping[str, Any] | None]],
    rules: Registry[AlertRuleSpec] | Shared[AlertRuleSpec] | None = None,
) -> list[AlertRule]:
    """Rules a scenario selects, as ``(rule, alert name, raw params)``, built from ``rules``
    (default: every rule of ``gameday.plugins.registries()``). Raises for an unknown rule
    (``GamedayError``) or bad params (``ParamError``): the loader checks both first."""
    found = ALERT_RULES if rules is None else rules
    return [found.get(rule).create(alert, raw) for rule, alert, raw in selections]


def default_rules(
    probe_names: list[str], *, consecutive: int = 3, customers: bool = True
) -> list[AlertRule]:
    """The rules a drill gets when the scenario does not name any: one per probe, plus customers."""
    failing = ALERT_RULES.get("probe_failing")
    rules: list[AlertRule] = [
        failing.create(f"{p} failing", {"monitor": p, "consecutive": consecutive})
        for p in probe_names
    ]
    if customers:
        rules.append(ALERT_RULES.get("customer_failure_ratio").create("customer errors"))
        rules.append(ALERT_RULES.get("customer_latency").create("customer latency"))
    return rules


Transition = tuple[str, dict[str, Any]]  # (event kind, payload)


class AlertEngine:
    """Evaluates every rule and reports only transitions (fired / resolved)."""

    def __init__(self, rules: list[AlertRule]) -> None:
        self.rules = rules
        self.firing: dict[str, dict[str, Any]] = {}  # alert name -> its alert.fired payload

    def evaluate(self, monitors: MonitorSet, now: float) -> list[Transition]:
        out: list[Transition] = []
        for rule in self.rules:
            try:
                firing, message = rule.evaluate(monitors, now)
            except Exception:  # a plugin rule's bug must not stop the drill
                continue
            if firing is None:
                continue
            if firing and rule.name not in self.firing:
                data = {
                    "alert": rule.name,
                    "monitor": rule.monitor,
                    "severity": rule.severity,
                    "message": message,
                    "noise": False,
                }
                out.append((ev.ALERT_FIRED, data))
            elif not firing and rule.name in self.firing:
                out.append((ev.ALERT_RESOLVED, {"alert": rule.name}))
        return out

    def apply(self, kind: str, data: dict[str, Any]) -> None:
        """Fold a recorded event into the firing set (also used to rebuild after a resume)."""
        if data.get("noise"):
            return
        if kind == ev.ALERT_FIRED:
            self.firing[str(data.get("alert"))] = dict(data)
        elif kind == ev.ALERT_RESOLVED:
            self.firing.pop(str(data.get("alert")), None)
