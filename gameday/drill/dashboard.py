"""The facilitator's live view: a snapshot built every session tick, rendered by rich Live.

``LiveDashboard`` (a session part) builds an immutable ``Snapshot`` from memory every tick (no
I/O); rich's refresh thread renders the latest one at a few frames per second. Rendering never
touches the log, the network or Docker, so the view stays responsive while Locust eats the CPU.
Off a terminal, the session prints one plain line per event instead (``EventPrinter``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from gameday import events as ev
from gameday.drill.part import Part, Session
from gameday.durations import format_duration
from gameday.incident import (
    METRICS,
    Incident,
    cost_line,
    cost_of_delay,
    impact,
    impact_line,
    load,
    load_line,
    metrics,
)
from gameday.records import record
from gameday.scoring.live import LiveScore

if TYPE_CHECKING:
    from gameday.drill.machine import DrillMachine
    from gameday.playbook import Playbook
    from gameday.scenario.model import Scenario

SPARK = "▁▂▃▄▅▆▇█"
CHECK = {"met": "[x]", "late": "[~]", "missed": "[ ]"}


@record
class MonitorView:
    name: str
    ok: bool | None
    detail: str
    spark: str


@record
class Snapshot:
    drill_id: str
    scenario: str
    t: float
    time_limit_s: float
    phase: str
    url: str | None
    monitors: tuple[MonitorView, ...]
    customers: dict[str, Any] | None
    alerts: tuple[str, ...]
    pages: tuple[str, ...]
    next_escalation: float | None
    timeline: tuple[str, ...]
    progress: tuple[tuple[str, str], ...]  # (criterion, state) from the live scorer
    metrics: dict[str, float | None] = field(default_factory=dict)  # the fold's, by name
    impact: str = ""  # the fold's customer impact, with its window
    cost: str = ""  # the fold's cost of delay: failures per minute, what acting sooner saves
    load: str = ""  # the fold's achieved load: is the load generator keeping up?
    extra: dict[str, Any] = field(default_factory=dict)


def sparkline(values: list[float | None], width: int = 30) -> str:
    """Latency sparkline; a failed poll is drawn as ``x`` so outages stand out."""
    vals = values[-width:]
    nums = [v for v in vals if v is not None]
    top = max(nums) if nums else 1.0
    top = top or 1.0
    out = []
    for v in vals:
        if v is None:
            out.append("x")
        else:
            out.append(SPARK[min(len(SPARK) - 1, int(v / top * (len(SPARK) - 1)))])
    return "".join(out)


def phase_of(m: DrillMachine, now: float) -> str:
    """The fold's phase, with what only the live machine knows (ending, the hold period)."""
    if m.end_reason is not None:
        return f"ending ({m.end_reason})"
    if m.wrapup_until is not None:
        left = max(0.0, m.wrapup_until - now)
        return f"wrap-up: room open {format_duration(left)} more (stack restored)"
    phase = m.incident.phase
    if phase == "incident" and m.mitigation.steady_since is not None:
        held = m.mitigation.held_for(now)
        return f"incident: steady for {held:.0f}s (hold {m.settings.hold_s:.0f}s)"
    if phase == "mitigated":
        return "mitigated: waiting for resolve"
    return phase


_SCORERS: WeakKeyDictionary[Incident, LiveScore] = WeakKeyDictionary()


def checklist(
    m: DrillMachine, scenario: Scenario, playbook: Playbook | None, now: float
) -> tuple[tuple[str, str], ...]:
    """(criterion, state) from the scorer on the events so far (throttled, see LiveScore)."""
    if playbook is None:
        return ()
    live = _SCORERS.get(m.incident)
    if live is None:
        live = _SCORERS[m.incident] = LiveScore(scenario, playbook)
    try:
        return tuple((s.name, s.state) for s in live.steps(m.incident, now))
    except Exception:  # the checklist is a view: a scoring bug must not stop the drill
        return ()


def build_snapshot(
    m: DrillMachine,
    *,
    drill_id: str,
    scenario: Scenario,
    playbook: Playbook | None,
    now: float,
    url: str | None = None,
) -> Snapshot:
    """The facilitator's view of the machine at drill time ``now``, from memory (no I/O)."""
    from gameday.drill.monitors import CUSTOMERS

    monitors = []
    for mon in m.monitors.monitors.values():
        if mon.name == CUSTOMERS:
            hist: list[float | None] = [
                (s.p95_ms if s.fail_ratio <= m.settings.customer_fail_ratio else None)
                for s in m.monitors.customers
            ]
        else:
            hist = [(o.latency_ms or 0.0) if o.ok else None for o in mon.history]
        monitors.append(MonitorView(mon.name, mon.ok, mon.detail[:60], sparkline(hist)))
    stats = m.last_stats
    customers = None
    if stats is not None:
        customers = {
            "rps": stats.rps,
            "fail_ratio": stats.fail_ratio,
            "p95_ms": stats.p95_ms,
            "requests": stats.requests,
            "failures": stats.failures,
        }
    alerts = tuple(f"{a['alert']} ({a['severity']})" for a in m.alerts.firing.values())
    pages = tuple(f"{format_duration(t)} {who} (level {lvl})" for t, who, lvl in m.pager.pages)
    if m.pager.acked_by:
        pages += (f"acknowledged by {m.pager.acked_by}",)
    timeline = tuple(plain_line(e) for e in list(m.recent)[-14:] if e.kind != ev.CUSTOMERS_STATS)
    return Snapshot(
        drill_id=drill_id,
        scenario=scenario.id,
        t=now,
        time_limit_s=m.time_limit_s,
        phase=phase_of(m, now),
        url=url,
        monitors=tuple(monitors),
        customers=customers,
        alerts=alerts,
        pages=pages,
        next_escalation=m.pager.next_escalation_at(),
        timeline=timeline,
        progress=checklist(m, scenario, playbook, now),
        metrics=metrics(m.incident),
        impact=impact_line(impact(m.incident)),
        cost=cost_line(cost_of_delay(m.incident)),
        load=_load_line(m.incident),
    )


def _load_line(inc: Incident) -> str:
    """The fold's load sentence once customers reported; nothing before (no customers)."""
    got = load(inc)
    return load_line(got) if got is not None else ""


def plain_line(e: ev.Event) -> str:
    """``[ 1m05s] bob: acknowledged the page``: the facilitator's reading of one event."""
    from gameday.events.typed import describe

    who = "" if e.actor == ev.SYSTEM_ACTOR else f"{e.actor}: "
    return f"[{format_duration(e.t):>6}] {who}{describe(e)}"


class EventPrinter(Part):
    """Off a terminal: one plain line per event (customer stats left out: one every 5 s)."""

    name = "printer"

    def __init__(self, write: Callable[[str], None]) -> None:
        self.write = write

    def on_event(self, event: ev.Event) -> None:
        if event.kind != ev.CUSTOMERS_STATS:
            self.write(plain_line(event))


class LiveDashboard(Part):
    """The rich live view as a session part: a snapshot every tick, rendered by rich's own
    refresh thread (``__rich__`` reads whatever snapshot was published last)."""

    name = "dashboard"

    def __init__(self, console: Any = None, fps: float = 3.0) -> None:
        self.console = console
        self.fps = fps
        self.snapshot: Snapshot | None = None
        self._session: Session | None = None
        self._live: Any = None

    def __rich__(self) -> Any:
        snap = self.snapshot
        if snap is None:
            from rich.text import Text

            return Text("preparing the drill...")
        return render(snap)

    def start(self, session: Session) -> None:
        from rich.live import Live

        self._session = session
        self._live = Live(self, console=self.console, refresh_per_second=self.fps, transient=False)
        self._live.__enter__()

    def tick(self, now: float) -> None:
        s = self._session
        if s is None:
            return
        from gameday.drill.parts.endpoint import Endpoint

        endpoint = s.part(Endpoint)
        self.snapshot = build_snapshot(
            s.machine,
            drill_id=s.drill.id,
            scenario=s.plan.scenario,
            playbook=s.plan.playbook,
            now=now,
            url=endpoint.url if endpoint is not None else None,
        )

    def close(self) -> None:
        if self._live is not None:
            live, self._live = self._live, None
            live.__exit__(None, None, None)


def render(s: Snapshot) -> Any:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = Text.assemble(
        (f" {format_duration(s.t)} ", "bold reverse"),
        f"  / {format_duration(s.time_limit_s)}   ",
        (s.phase, "bold yellow"),
        f"   drill {s.drill_id}  scenario {s.scenario}",
    )
    detect = s.metrics.get("time_to_detect")
    if detect is not None:
        head.append(f"   time to detect {format_duration(detect)}", "cyan")
    mons = Table(box=None, expand=True, show_header=True)
    mons.add_column("monitor")
    mons.add_column("state")
    mons.add_column("history", no_wrap=True)
    mons.add_column("detail", overflow="ellipsis", no_wrap=True)
    for m in s.monitors:
        state = (
            Text("OK", "green")
            if m.ok
            else Text("-", "dim")
            if m.ok is None
            else Text("FAIL", "bold red")
        )
        mons.add_row(Text(m.name), state, Text(m.spark), Text(m.detail))
    c = s.customers
    cust = (
        f"customers now: {c['rps']:.1f} req/s, {c['fail_ratio']:.0%} failing, "
        f"p95 {c['p95_ms']:.0f} ms"
        if c
        else "customers: waiting for the first stats"
    )
    if s.impact:
        cust += f"\n{s.impact}"
    if s.cost:
        cust += f"\n{s.cost}"
    if s.load:
        cust += f"\n{s.load}"
    side = Table.grid(padding=(0, 2))
    side.add_column()
    side.add_column()
    alerts = "\n".join(s.alerts) or "none"
    pages = "\n".join(s.pages) or "nobody paged yet"
    if s.next_escalation is not None:
        pages += f"\nescalates at {format_duration(s.next_escalation)}"
    side.add_row(Panel(Text(alerts), title="alerts firing"), Panel(Text(pages), title="pages"))
    prog = Text()
    for step, verdict in s.progress:
        style = {"met": "green", "late": "yellow"}.get(verdict, "dim")
        prog.append(f"{CHECK.get(verdict, '[ ]')} {step}  ", style)
    clock = "  ".join(
        f"{m.label.removeprefix('time ')} {format_duration(s.metrics.get(m.name))}"
        for m in METRICS
        if s.metrics.get(m.name) is not None
    )
    return Group(
        head,
        Panel(Group(mons, Text(cust)), title="monitors"),
        side,
        Panel(prog or Text("-"), title="playbook (scored so far)"),
        Panel(Text(clock or "-"), title="incident clock"),
        Panel(Text("\n".join(s.timeline) or "-"), title="timeline"),
    )
