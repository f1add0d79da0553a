"""How the fix landed: the fold's ``Incident.fix`` as plain data, and the one sentence every
view (the drill summary, the scorecard in the terminal, Markdown and HTML, the review draft)
prints for it. The definition is the fold's; this module only words it."""

from __future__ import annotations

from typing import Any

from gameday.durations import format_duration
from gameday.events.typed import describe
from gameday.incident.fold import Incident


def fix_summary(inc: Incident) -> dict[str, Any] | None:
    """``{"t", "id", "after_s", "how", "kind", "recovered_t"}`` (``t``/``id``/``how`` None when
    the team changed nothing); None without an incident or before the service recovered."""
    start, back = inc.start_event, inc.recovered
    if start is None or back is None:
        return None
    e = inc.fix
    return {
        "t": round(e.t, 3) if e else None,
        "id": e.id if e else None,
        "after_s": round(e.t - start.t, 3) if e else None,
        "how": describe(e) if e else None,
        "kind": e.kind if e else None,
        "recovered_t": round(back.t, 3),
        "changes": len(inc.team_changes),
    }


def fix_line(fix: dict[str, Any] | None) -> str:
    """The one sentence for how (and when) the fix landed."""
    if not fix:
        return "fix: the service did not recover during the drill"
    if fix.get("how") is None:
        return (
            "fix: no change by the team was recorded before the service recovered "
            f"(at {format_duration(fix.get('recovered_t'))})"
        )
    return (
        f"fix landed {format_duration(fix.get('after_s'))} into the incident: {fix['how']} "
        "(the team's last change before the service recovered)"
    )
