"""``gameday watch``: the responders' read-only view, drawn with rich from the responder state.

It renders only ``view.responder_state`` (locally) or ``GET /api/state`` (remotely): the same
whitelisted JSON, so the view can never show the root cause, faults, hints or noise flags.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from gameday.clock import poll_until
from gameday.durations import format_duration
from gameday.errors import NoDrillRunning
from gameday.events import sev_label

StateFn = Callable[[], dict[str, Any]]


def _state_source(server: str | None, token: str | None) -> tuple[StateFn, Callable[[], None]]:
    if server:
        from gameday.drill.remote import RemoteDrill

        remote = RemoteDrill(server, token or "")
        return remote.state, lambda: None
    from gameday.drill.locate import find_running_drill
    from gameday.drill.view import responder_state

    drill = find_running_drill()
    return (lambda: responder_state(drill)), drill.close


def render(state: dict[str, Any]) -> Any:
    """A rich renderable of one frame."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    d, inc = state["drill"], state["incident"]
    roles = ", ".join(f"{r}={p}" for r, p in sorted(inc.get("roles", {}).items())) or "none"
    sev = sev_label(inc.get("sev"))
    head = Text.assemble(
        ("DRILL ", "bold"),
        (f"{d['id']}  ", "cyan"),
        ("clock ", "bold"),
        (format_duration(d["t"]), "bold yellow"),
        f"   {sev}   roles: {roles}   channel: {inc.get('channel') or '-'}",
        ("" if d.get("state") == "running" else "   [drill ended]", "bold red"),
    )
    alerts = Table(title="Firing alerts", expand=True, show_edge=False)
    for col in ("since", "alert", "severity", "message"):
        alerts.add_column(col)
    for a in state["alerts"]:  # Text, not markup: alert names and messages are data
        alerts.add_row(
            Text(format_duration(a["t"])),
            Text(str(a["alert"])),
            Text(str(a.get("severity") or "")),
            Text(str(a.get("message", ""))),
            style="red",
        )
    if not state["alerts"]:
        alerts.add_row("", "none firing", "", "", style="green")

    def lines(title: str, rows: list[str], style: str = "") -> Panel:
        body = Text("\n".join(rows[-12:]) or "-", style=style)
        return Panel(body, title=title, title_align="left")

    pages = [f"[{format_duration(p['t'])}] {p.get('text') or _page(p)}" for p in state["pages"]]
    channel = [f"[{format_duration(c['t'])}] {c['actor']}: {c['text']}" for c in state["channel"]]
    posts = [
        f"[{format_duration(p['t'])}] {p.get('state')}: {p.get('text')}"
        for p in state["status_posts"]
    ]
    asks = [
        f"[{format_duration(s['t'])}] {s.get('from') or 'stakeholder'} ({s.get('id')}): "
        f"{s.get('message')}"
        for s in state["stakeholder_messages"]
    ]
    from gameday.drill.responder import page_lines

    page = page_lines(state.get("page") or {})
    hints = [f"[{format_duration(h['t'])}] {h.get('text')}" for h in state.get("hints", [])]
    phase = d.get("phase")
    if phase == "wrapup":
        head.append("   [wrap-up: final status, review, notes]", "bold green")
    if d.get("real_incident_t") is not None:  # as the drill room's banner says it
        head.append("   STOPPED FOR A REAL INCIDENT: stand down from the drill", "bold red")
    return Group(
        head,
        Panel(Text("\n".join(page) or "nobody paged yet"), title="The page", title_align="left"),
        alerts,
        lines("Pages", pages),
        lines("Incident channel", channel),
        lines("Status page", posts),
        lines("Stakeholders", asks, "magenta"),
        *([lines("Hints from the facilitator", hints, "blue")] if hints else []),
    )


def _page(p: dict[str, Any]) -> str:
    """A page from a server that sends no ``text`` (an older gameday)."""
    return f"{'escalated to' if p.get('escalated') else 'paged'} {p.get('to')}"


def watch(
    *,
    server: str | None = None,
    token: str | None = None,
    once: bool = False,
    interval: float = 1.0,
) -> int:
    from rich.console import Console
    from rich.live import Live

    get_state, close = _state_source(server, token)
    console = Console()
    try:
        state = get_state()
        if once or not console.is_terminal:
            console.print(render(state))
            return 0
        with Live(render(state), console=console, refresh_per_second=4, screen=False) as live:

            def refresh() -> bool:
                """Show the latest state; True once the drill has ended."""
                try:
                    state = get_state()
                except NoDrillRunning:
                    return True
                live.update(render(state))
                return bool(state["drill"].get("state") != "running")

            poll_until(refresh, timeout=math.inf, interval=max(0.2, interval))
        console.print("[bold]the drill has ended[/bold]")
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        close()
