"""An example gameday plugin: one piece for every extension point (see docs/plugins.md).

A plugin is a module whose functions, marked ``@hookimpl``, are named after gameday's hooks
and return the pieces they add. Everything used here is gameday's public API; gameday
checks each piece when it registers it and refuses a malformed one, saying what it expected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gameday import events as ev
from gameday.drill.actions import ActionContext, ActionSpec, arg, check_text
from gameday.drill.alerts import AlertRule, AlertRuleSpec
from gameday.drill.monitors import MonitorSet
from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType, Remediation, RemediationContext
from gameday.plugins import hookimpl
from gameday.probes import ProbeResult, ProbeType
from gameday.scoring import Criterion, Evidence, Outcome
from gameday.scoring.facts import Facts

PIDFILE = "/tmp/gameday-cpu-hog.pid"


# --- a fault type and the remediation that fixes it ------------------------------------------
@dataclass(frozen=True)
class ServiceParams:
    service: str


def _sh(ctx: FaultContext | RemediationContext, script: str) -> tuple[int, str]:
    code, out = ctx.target.exec(ctx.params.service, ["sh", "-c", script], timeout=30)
    return code, out.decode(errors="replace") if isinstance(out, bytes) else str(out)


class CpuHog(FaultType):
    """Burns one CPU inside a service: what a runaway batch job looks like from outside."""

    name = "cpu_hog"
    summary = "burn one CPU inside a service until undone"
    Params = ServiceParams

    def inject(self, ctx: FaultContext) -> None:
        _sh(ctx, f"nohup sh -c 'while :; do :; done' >/dev/null 2>&1 & echo $! > {PIDFILE}")

    def verify_live(self, ctx: FaultContext) -> None:
        code, _ = _sh(ctx, f'kill -0 "$(cat {PIDFILE})"')
        if code != 0:
            raise FaultError(f"no CPU hog runs in {ctx.params.service}")

    def undo(self, ctx: FaultContext) -> None:
        _sh(ctx, f'test -f {PIDFILE} && kill "$(cat {PIDFILE})"; rm -f {PIDFILE}; true')

    def verify_undone(self, ctx: FaultContext) -> None:
        code, _ = _sh(ctx, f"test ! -f {PIDFILE}")
        if code != 0:
            raise FaultError(f"the CPU hog's pid file is still in {ctx.params.service}")


class StopCpuHog(Remediation):
    name = "stop_cpu_hog"
    summary = "kill the CPU hog a cpu_hog fault started"
    Params = ServiceParams

    def apply(self, ctx: RemediationContext) -> str:
        _sh(ctx, f'test -f {PIDFILE} && kill "$(cat {PIDFILE})"; rm -f {PIDFILE}; true')
        return f"stopped the CPU hog in {ctx.params.service}"


# --- a probe -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HostFileParams:
    path: str
    present: bool = True


def check_host_file(target: Any, p: HostFileParams) -> ProbeResult:
    exists = Path(p.path).exists()
    if exists == p.present:
        return ProbeResult(True, f"{p.path} {'exists' if exists else 'is absent'}")
    return ProbeResult(False, f"{p.path} {'exists' if exists else 'is missing'}")


HOST_FILE = ProbeType(
    name="host_file",
    params=HostFileParams,
    check=check_host_file,
    summary="a file on the host is present (or absent, with present: false)",
)


# --- a scoring criterion -------------------------------------------------------------------
def notes_taken(f: Facts) -> Outcome:
    """Two investigation notes during the incident: the review will need them."""
    if not f.has_incident:
        return Outcome("not_applicable", 0.0, "Nothing went wrong, so there was nothing to note.")
    notes = [e for e in f.all(ev.NOTE) if f.start_t <= e.t <= f.end_t]
    proof = tuple(Evidence(e.id, e.t, e.kind, "note") for e in notes)
    if len(notes) >= 2:
        return Outcome("met", 1.0, f"{len(notes)} notes recorded during the incident.", proof)
    if notes:
        return Outcome("late", 0.5, "Only one note recorded during the incident.", proof)
    return Outcome("missed", 0.0, "No investigation note was recorded during the incident.")


NOTES = Criterion("notes", "Investigation notes taken", notes_taken)


# --- an alert rule -------------------------------------------------------------------------
@dataclass(frozen=True)
class ProbeSlowParams:
    monitor: str
    threshold_ms: float = 1000.0
    consecutive: int = 3
    severity: str = "warning"


@dataclass
class ProbeSlow:
    name: str
    monitor: str
    threshold_ms: float
    consecutive: int
    severity: str

    def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool | None, str]:
        mon = monitors.monitors.get(self.monitor)
        if mon is None or len(mon.history) < self.consecutive:
            return None, ""
        last = list(mon.history)[-self.consecutive :]
        if all(o.latency_ms is not None and o.latency_ms > self.threshold_ms for o in last):
            worst = max(o.latency_ms or 0.0 for o in last)
            return True, f"{self.monitor} slower than {self.threshold_ms:.0f} ms ({worst:.0f})"
        return False, ""


def _probe_slow(name: str, p: ProbeSlowParams) -> AlertRule:
    return ProbeSlow(name, p.monitor, p.threshold_ms, p.consecutive, p.severity)


PROBE_SLOW = AlertRuleSpec(
    "probe_slow",
    "a monitor's probe answered slower than `threshold_ms` for `consecutive` polls",
    ProbeSlowParams,
    _probe_slow,
)


# --- a responder action --------------------------------------------------------------------
@dataclass(frozen=True)
class VendorParams:
    vendor: str = arg("who is asked for help, e.g. the payments provider", positional=True)
    text: str = arg("what is asked", words=True)
    priority: str = arg("ticket priority", choices=("P1", "P2", "P3", "P4"), default="P3")


def _vendor(ctx: ActionContext, p: VendorParams) -> dict[str, Any]:
    return {
        "vendor": check_text("vendor", p.vendor),
        "text": check_text("text", p.text),
        "priority": p.priority,
    }


VENDOR = ActionSpec(
    "vendor",
    "action.vendor",
    "open a ticket with a vendor (their on-call answers in the channel)",
    VendorParams,
    _vendor,
)


# --- the hooks -----------------------------------------------------------------------------
@hookimpl
def gameday_fault_types() -> list[FaultType]:
    return [CpuHog()]


@hookimpl
def gameday_remediations() -> list[Remediation]:
    return [StopCpuHog()]


@hookimpl
def gameday_probes() -> list[ProbeType[Any]]:
    return [HOST_FILE]


@hookimpl
def gameday_criteria() -> list[Criterion]:
    return [NOTES]


@hookimpl
def gameday_alert_rules() -> list[AlertRuleSpec]:
    return [PROBE_SLOW]


@hookimpl
def gameday_actions() -> list[ActionSpec]:
    return [VENDOR]
