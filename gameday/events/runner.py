"""Payload types of the events the drill runner records (actor ``gameday``).

Each class is one kind: its fields are the payload (``docs/timeline.md`` lists them too) and
``text`` its one line of description. Field defaults are what a missing or malformed value reads as.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, ClassVar

from gameday import events as ev
from gameday.events.payload import TypedEvent, dur
from gameday.records import record


@record
class DrillStarted(TypedEvent):
    KIND: ClassVar[str] = ev.DRILL_STARTED
    scenario: str = ""
    title: str = ""
    team: str = ""
    playbook: str | None = None
    severity: int | None = None  # the expected answer: never shown to responders
    time_limit_s: float | None = None
    baseline_s: float | None = None
    hold_s: float | None = None
    escalation_s: float | None = None
    oncall: tuple[str, ...] = ()
    users: int | None = None  # simulated customers asked for (``--users``)
    workers: int | None = None  # Locust workers asked for (``--workers``; 0: one process)
    briefing: str = ""  # what the page says: every responder view shows it first
    components: dict[str, Any] = field(default_factory=dict)  # status-page name -> monitors

    @property
    def component_map(self) -> dict[str, tuple[str, ...]]:
        """``components`` read tolerantly: names to the monitor names behind each."""
        return {
            str(name): tuple(str(m) for m in monitors if isinstance(m, str))
            for name, monitors in self.components.items()
            if isinstance(monitors, list | tuple)
        }

    def text(self, *, public: bool = False) -> str:
        title = f" ({self.title})" if self.title and not public else ""
        return f"drill started: {self.scenario or 'tabletop'}{title}"


@record
class DrillEnded(TypedEvent):
    KIND: ClassVar[str] = ev.DRILL_ENDED
    reason: str = ""

    def text(self, *, public: bool = False) -> str:
        if self.reason == ev.REAL_INCIDENT:
            return "drill ended: stopped for a real incident"
        return f"drill ended ({self.reason or 'no reason recorded'})"


@record
class DrillResumed(TypedEvent):
    KIND: ClassVar[str] = ev.DRILL_RESUMED

    def text(self, *, public: bool = False) -> str:
        return "runner resumed the drill"


@record
class DrillStopping(TypedEvent):
    """The runner took an end or abort request: pages stop now, the stack is restored next."""

    KIND: ClassVar[str] = ev.DRILL_STOPPING
    reason: str = ""
    by: str = ""

    def text(self, *, public: bool = False) -> str:
        who = f" by {self.by}" if self.by else ""
        if self.reason == ev.REAL_INCIDENT:
            return f"drill stopped{who} for a REAL incident: responders, stand down from the drill"
        return f"drill stopping ({self.reason or 'end'}){who}"


@record
class FaultInjected(TypedEvent):
    KIND: ClassVar[str] = ev.FAULT_INJECTED
    fault: str = ""
    type: str = ""
    target_service: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, *, public: bool = False) -> str:
        kind = f" ({self.type})" if self.type else ""
        return f"fault {self.fault or '?'}{kind} injected: it starts acting"


@record
class FaultLive(TypedEvent):
    KIND: ClassVar[str] = ev.FAULT_LIVE
    fault: str = ""
    type: str = ""

    def text(self, *, public: bool = False) -> str:
        return f"fault {self.fault or '?'} verified live"


@record
class FaultUndone(TypedEvent):
    KIND: ClassVar[str] = ev.FAULT_UNDONE
    fault: str = ""
    type: str = ""
    error: str | None = None

    def text(self, *, public: bool = False) -> str:
        why = f" after an error: {self.error}" if self.error else ""
        return f"fault {self.fault or '?'} undone{why}"


@record
class InjectDelivered(TypedEvent):
    KIND: ClassVar[str] = ev.INJECT_DELIVERED
    inject: str = ""
    kind_of: str = field(default="", metadata={"key": "kind"})  # stakeholder | noise
    sender: str = field(default="", metadata={"key": "from"})
    message: str = ""

    @property
    def stakeholder(self) -> bool:
        return self.kind_of == "stakeholder"

    def text(self, *, public: bool = False) -> str:
        what = "message" if public or not self.kind_of else f"{self.kind_of} message"
        return f"{what} from {self.sender or 'someone'}: {self.message}"


@record
class MonitorChanged(TypedEvent):
    KIND: ClassVar[str] = ev.MONITOR_CHANGED
    monitor: str = ""
    ok: bool | None = None
    detail: str = ""

    def text(self, *, public: bool = False) -> str:
        if self.ok:
            return f"monitor {self.monitor or '?'} OK"
        detail = f": {self.detail}" if self.detail else ""
        return f"monitor {self.monitor or '?'} FAILING{detail}"


@record
class AlertFired(TypedEvent):
    KIND: ClassVar[str] = ev.ALERT_FIRED
    alert: str = ""
    monitor: str = ""
    severity: str = ""
    message: str = ""
    noise: bool = False

    @property
    def real(self) -> bool:
        return not self.noise

    def text(self, *, public: bool = False) -> str:
        sev = f" [{self.severity}]" if self.severity else ""
        noise = " (noise)" if self.noise and not public else ""
        msg = f": {self.message}" if self.message and self.message != self.alert else ""
        return f"alert {self.alert or '?'} fired{sev}{noise}{msg}"


@record
class AlertResolved(TypedEvent):
    KIND: ClassVar[str] = ev.ALERT_RESOLVED
    alert: str = ""

    def text(self, *, public: bool = False) -> str:
        return f"alert {self.alert or '?'} cleared"


@record
class PageSent(TypedEvent):
    KIND: ClassVar[str] = ev.PAGE_SENT
    to: str = ""
    level: int = 0
    alert: str | None = None

    def text(self, *, public: bool = False) -> str:
        why = f" for {self.alert}" if self.alert else ""
        return f"paged {self.to or '?'} (level {self.level}){why}"


@record
class PageEscalated(TypedEvent):
    KIND: ClassVar[str] = ev.PAGE_ESCALATED
    sender: str = field(default="", metadata={"key": "from"})
    to: str = ""
    level: int = 0
    after_s: float | None = None

    def text(self, *, public: bool = False) -> str:
        after = f" after {dur(self.after_s)}" if self.after_s is not None else ""
        return f"page escalated from {self.sender or '?'} to {self.to or '?'}{after} without ack"


@record
class CustomersStats(TypedEvent):
    """Counts are per interval (since the previous ``customers.stats``), so impact is a sum."""

    KIND: ClassVar[str] = ev.CUSTOMERS_STATS
    rps: float = 0.0
    fail_ratio: float = 0.0
    p95_ms: float = 0.0
    requests: int = 0
    failures: int = 0
    slow: int = 0
    users: int = 0  # Locust users running at the sample (all workers together)
    workers: int = 0  # Locust workers connected to the master (0: one process, no master)

    def text(self, *, public: bool = False) -> str:
        return (
            f"customers {self.rps:g} req/s, {self.failures} failed of {self.requests}, "
            f"p95 {self.p95_ms:.0f} ms"
        )


@record
class Mitigated(TypedEvent):
    KIND: ClassVar[str] = ev.MITIGATED
    hold_s: float | None = None

    def text(self, *, public: bool = False) -> str:
        held = f" for {dur(self.hold_s)}" if self.hold_s is not None else ""
        return f"mitigated: the monitors held steady{held}"


@record
class Restored(TypedEvent):
    KIND: ClassVar[str] = ev.RESTORED
    ok: bool | None = None
    undone: tuple[str, ...] = ()

    def text(self, *, public: bool = False) -> str:
        what = f" (undid {', '.join(self.undone)})" if self.undone else ""
        return ("stack restored" if self.ok is not False else "stack restore FAILED") + what


@record
class IntegrationWarning(TypedEvent):
    """An integration (Slack, PagerDuty...) failed; drills never stop for that."""

    KIND: ClassVar[str] = ev.INTEGRATION_WARNING
    integration: str = ""
    what: str = ""
    reason: str = ""

    def text(self, *, public: bool = False) -> str:
        what = f" {self.what}" if self.what else ""
        return f"integration {self.integration or '?'}{what} failed: {self.reason or 'no reason'}"


@record
class WrapUp(TypedEvent):
    """A proper resolve: the stack is restored and actions are recorded until ``until_t``."""

    KIND: ClassVar[str] = ev.WRAPUP
    until_t: float | None = None
    window_s: float | None = None

    def text(self, *, public: bool = False) -> str:
        window = f" for {dur(self.window_s)}" if self.window_s is not None else ""
        return f"wrap-up: the stack is being restored; the room stays open{window}"


@record
class Extended(TypedEvent):
    KIND: ClassVar[str] = ev.EXTENDED
    by_s: float | None = None
    time_limit_s: float | None = None

    def text(self, *, public: bool = False) -> str:
        limit = f" to {dur(self.time_limit_s)}" if self.time_limit_s is not None else ""
        return f"time limit extended by {dur(self.by_s)}{limit}"


@record
class Hint(TypedEvent):
    """A nudge from the facilitator; ``cost`` points come off the score (the scorecard says)."""

    KIND: ClassVar[str] = ev.HINT
    text_: str = field(default="", metadata={"key": "text"})
    index: int | None = None  # which of the scenario's hints (None: free text)
    cost: float = 0.0

    def text(self, *, public: bool = False) -> str:
        return f"hint from the facilitator: {self.text_}"


@record
class StackChanged(TypedEvent):
    """A change to the target's containers that the engine reported and gameday did not make
    (``gameday.drill.parts.stack``): what the team did to the stack (``by: team``: a restart, an
    exec, a deploy...) or what the stack did by itself (``by: engine``: a crash, a restart by
    the restart policy). The incident fold reads the fix from the team's ones."""

    KIND: ClassVar[str] = ev.STACK_CHANGED
    service: str = ""
    container: str = ""
    change: str = ""  # exec restart stop start kill signal crash create deploy remove pause ...
    by: str = ""  # team | engine
    command: str = ""  # exec: the command line
    signal: str = ""  # kill / signal: SIGHUP, SIGKILL...
    exit_code: int | None = None  # crash
    restarted: bool = False  # crash: the restart policy started it again
    image: str = ""  # create / deploy
    previous_image: str = ""  # deploy
    engine_time: str = ""  # when the engine reported it (ISO, UTC)
    delay_ms: float | None = None  # engine event -> recorded here

    @property
    def team(self) -> bool:
        return self.by == "team"

    def text(self, *, public: bool = False) -> str:
        svc = self.service or self.container or "?"
        what = {
            "exec": f"exec in {svc}: {self.command}",
            "restart": f"{svc} restarted",
            "stop": f"{svc} stopped",
            "start": f"{svc} started",
            "kill": f"{svc} killed ({self.signal or 'signal'})",
            "signal": f"{self.signal or 'a signal'} sent to {svc}",
            "crash": f"{svc} exited with code {self.exit_code}"
            + (" and its restart policy started it again" if self.restarted else ""),
            "pause": f"{svc} paused",
            "unpause": f"{svc} unpaused",
            "create": f"{svc} container created" + (f" ({self.image})" if self.image else ""),
            "deploy": f"{svc} deployed {self.image or '?'}"
            + (f" (was {self.previous_image})" if self.previous_image else ""),
            "remove": f"{svc} container removed",
            "copy": f"files copied into {svc}",
            "update": f"{svc} container settings updated",
        }.get(self.change, f"{svc}: {self.change or 'changed'}")
        who = " (by the engine)" if self.by == "engine" else ""
        return f"stack: {what}{who}"


RUNNER_KINDS: tuple[type[TypedEvent], ...] = (
    DrillStarted,
    DrillEnded,
    DrillResumed,
    DrillStopping,
    FaultInjected,
    FaultLive,
    FaultUndone,
    InjectDelivered,
    MonitorChanged,
    AlertFired,
    AlertResolved,
    PageSent,
    PageEscalated,
    CustomersStats,
    Mitigated,
    Restored,
    IntegrationWarning,
    WrapUp,
    Extended,
    Hint,
    StackChanged,
)
