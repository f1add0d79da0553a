"""The lifecycle a paging tool mirrors: open on the drill's first page, acknowledge on the first
``ack``, close on the proper resolve (or as the drill stops, so no drill alert stays open: at
once when it is stopped for a real incident).

PagerDuty and Opsgenie differ only in the requests; when each is due is decided here once. One
alert per drill (PagerDuty's ``dedup_key``, Opsgenie's ``alias``), named after the drill so it
reads as one (``gameday-drill-<id>``). A premature resolve resolves nothing in the drill, so it
closes nothing in the pager either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from gameday import events as ev
from gameday.events import Event
from gameday.integrations.secrets import Secret
from gameday.integrations.spec import Outbound

Step = str  # "open" | "ack" | "close"


def alert_key(drill: str) -> str:
    """The one dedup key / alias of a drill's alert (itself a drill mark)."""
    return f"gameday-drill-{drill}"


@dataclass
class Lifecycle:
    opened: bool = False
    acked: bool = False
    closed: bool = False

    def step(self, e: Event) -> Step | None:
        """The request ``e`` calls for, if any (state updated as if it was sent)."""
        if e.kind == ev.PAGE_SENT and not self.opened:
            self.opened = True
            return "open"
        if not self.opened or self.closed:
            return None
        if e.kind == ev.ACK and not self.acked:
            self.acked = True
            return "ack"
        proper_resolve = e.kind == ev.RESOLVE and e.data.get("premature") is not True
        if proper_resolve or e.kind in (ev.DRILL_STOPPING, ev.DRILL_ENDED):
            self.closed = True
            return "close"
        return None


def page_text(e: Event, drill: str) -> str:
    """``gameday drill <id>: checkout-errors, paged ana`` (callers mark and clip it)."""
    alert = e.data.get("alert")
    to = e.data.get("to")
    what = str(alert) if isinstance(alert, str) and alert else "an alert fired"
    who = f", paged {to}" if isinstance(to, str) and to else ""
    return f"gameday drill {drill}: {what}{who}"


def close_note(e: Event) -> str:
    if e.kind in (ev.DRILL_STOPPING, ev.DRILL_ENDED):
        reason = str(e.data.get("reason") or "ended")
        if reason == ev.REAL_INCIDENT:
            return "drill stopped: a real incident needs the responders"
        return f"drill over ({reason})"
    return f"resolved in the drill by {e.actor}"


@dataclass
class PagerFollower:
    """A paging tool's follower: the lifecycle says when, ``build(step, event, secret)`` what
    to send (PagerDuty's and Opsgenie's requests differ; nothing else does)."""

    key: Secret
    build: Callable[[str, Event, str], Outbound]
    lifecycle: Lifecycle = field(default_factory=Lifecycle)

    def follow(self, e: Event) -> list[Outbound]:
        step = self.lifecycle.step(e)
        return [] if step is None else [self.build(step, e, self.key.reveal())]
