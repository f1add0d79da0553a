"""The event vocabulary shared by the drill runner (which writes events) and scoring (which reads).

A timeline is an ordered list of ``Event``. Its on-disk exchange format is documented in
``docs/timeline.md``. Kinds are dotted strings grouped by who emits them:
``drill.*``, ``fault.*``, ``inject.*``, ``monitor.*``, ``alert.*``, ``page.*``, ``customers.*``,
``stack.*`` (the runner) and ``action.*`` (responders). Scoring must tolerate unknown kinds.

``Event`` is the stored record (its ``data`` is whatever was written). Each kind's payload is a
type in ``gameday.events.runner`` / ``gameday.events.actions``; ``gameday.events.typed.typed(e)``
reads an ``Event`` through it (tolerantly: unknown kinds and fields are kept, wrong-typed fields
read as absent) and ``describe(e)`` is the one sentence every view shows for it.
"""

from __future__ import annotations

from dataclasses import field
from datetime import datetime
from typing import Any

from gameday.records import record

# --- emitted by the runner -------------------------------------------------------------
DRILL_STARTED = "drill.started"
DRILL_ENDED = "drill.ended"
DRILL_RESUMED = "drill.resumed"
DRILL_STOPPING = "drill.stopping"  # an end/abort was asked for; restoring before drill.ended
FAULT_INJECTED = "fault.injected"
FAULT_LIVE = "fault.live"
FAULT_UNDONE = "fault.undone"
INJECT_DELIVERED = "inject.delivered"
MONITOR_CHANGED = "monitor.changed"
ALERT_FIRED = "alert.fired"
ALERT_RESOLVED = "alert.resolved"
PAGE_SENT = "page.sent"
PAGE_ESCALATED = "page.escalated"
CUSTOMERS_STATS = "customers.stats"
MITIGATED = "drill.mitigated"
RESTORED = "drill.restored"
INTEGRATION_WARNING = "integration.warning"  # an integration failed; the drill went on
WRAPUP = "drill.wrapup"  # a proper resolve: the stack is restored, the room stays open a while
EXTENDED = "drill.extended"  # the facilitator moved the time limit
STACK_CHANGED = "stack.changed"  # the engine reported a change to the stack gameday did not make

# --- sent by the facilitator (actor: the facilitator's name) --------------------------------
HINT = "facilitator.hint"  # responders see it; its cost comes off the score

# --- recorded by responders ------------------------------------------------------------
ACK = "action.ack"
DECLARE = "action.declare"
ROLE = "action.role"
CHANNEL = "action.channel"
STATUS = "action.status"
UPDATE = "action.update"
NOTIFY = "action.notify"
NOTE = "action.note"
CAUSE = "action.cause"
ROLLBACK = "action.rollback"
RESOLVE = "action.resolve"
REVIEW = "action.review"
SAY = "action.say"  # free chat in the incident channel

ROLES = ("ic", "tech", "comms")
ROLE_TITLES = {"ic": "Incident Commander", "tech": "Technical Lead", "comms": "Communications Lead"}
ROLE_ALIASES = {
    "ic": "ic",
    "incident-commander": "ic",
    "commander": "ic",
    "tech": "tech",
    "technical-lead": "tech",
    "tl": "tech",
    "ops": "tech",
    "operations-lead": "tech",
    "comms": "comms",
    "communications-lead": "comms",
    "cl": "comms",
}


def role_key(name: str) -> str | None:
    """``Operations Lead`` / ``operations_lead`` / ``ops`` -> ``tech``; None when unknown.

    The one normalisation responders' commands and scoring share, so a role the scorecard
    understands is never refused at the keyboard.
    """
    return ROLE_ALIASES.get(name.strip().lower().replace(" ", "-").replace("_", "-"))


def sev_label(level: object) -> str:
    """``SEV 2``: the one way every view writes a severity (``-`` when there is none)."""
    return f"SEV {level}" if level not in (None, "", False) else "-"


STATUS_STATES = ("investigating", "identified", "monitoring", "resolved")
# Statuspage's component states, best first (docs/responders.md).
COMPONENT_STATES = ("operational", "degraded_performance", "partial_outage", "major_outage")
SYSTEM_ACTOR = "gameday"
REAL_INCIDENT = "real-incident"
"""The end reason of a drill stopped because its people were needed for a real incident."""


@record
class Event:
    """One thing that happened in a drill.

    ``t`` is drill time in seconds (0 = drill started); ``wall`` the UTC wall time;
    ``id`` increases with ``t`` within one timeline.
    """

    id: int
    t: float
    wall: datetime
    actor: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "t": round(self.t, 3),
            "wall": self.wall.isoformat(),
            "actor": self.actor,
            "kind": self.kind,
            "data": self.data,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        wall = d["wall"]
        if isinstance(wall, str):
            wall = datetime.fromisoformat(wall)
        return cls(
            id=int(d["id"]),
            t=float(d["t"]),
            wall=wall,
            actor=str(d.get("actor", SYSTEM_ACTOR)),
            kind=str(d["kind"]),
            data=dict(d.get("data") or {}),
        )
