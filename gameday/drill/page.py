"""What the page said: the scenario's briefing, the alert that paged, who was paged and when.

Defined once here for every view that shows it (``watch``, ``/api/state``, the drill room, and
``gameday ack``, which prints it). Kept apart from ``gameday.drill.view`` because ``ack`` is
typed mid-incident and needs only these few events, not the incident fold or every event
type (``tests/unit/test_responder_imports.py`` guards what a responder command imports).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from gameday import events as ev

PAGE_KINDS = (ev.DRILL_STARTED, ev.ALERT_FIRED, ev.PAGE_SENT, ev.PAGE_ESCALATED)
"""The only kinds ``page_of`` reads (a caller may pass more; the rest are skipped)."""


def _briefing(data: Any) -> str:
    # as ``events.runner.DrillStarted`` reads it: text, else nothing (never a crash)
    value = data.get("briefing") if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def page_of(events: Iterable[ev.Event]) -> dict[str, Any]:
    """The page as responders see it: empty until the first page is sent; then the briefing,
    who was paged (the first page or escalation) and when, and the first firing of the alert
    that paged (its name and message)."""
    briefing = ""
    fired: dict[str, dict[str, Any]] = {}
    first_page: ev.Event | None = None
    paged: ev.Event | None = None
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        if e.kind == ev.DRILL_STARTED:
            briefing = _briefing(data)
        elif e.kind == ev.ALERT_FIRED:
            name = str(data.get("alert", ""))
            fired.setdefault(name, {"alert": name, "message": data.get("message", "")})
        elif e.kind in (ev.PAGE_SENT, ev.PAGE_ESCALATED):
            first_page = first_page or e
            if paged is None and e.kind == ev.PAGE_SENT:
                paged = e
    alert = fired.get(str(paged.data.get("alert"))) if paged is not None else None
    to = first_page.data.get("to") if first_page is not None else None
    return {
        "briefing": briefing if first_page is not None else "",  # once the page is sent
        "to": to,
        "t": first_page.t if first_page is not None else None,
        "alert": alert["alert"] if alert else None,
        "message": alert["message"] if alert else None,
    }
