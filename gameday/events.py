"""The event vocabulary shared by the drill runner (which writes events) and scoring (which reads).

A timeline is an ordered list of ``Event``. Its on-disk exchange format is documented in
``docs/timeline.md``. Kinds are dotted strings grouped by who emits them:
``drill.*``, ``fault.*``, ``inject.*``, ``monitor.*``, ``alert.*``, ``page.*``, ``customers.*``
(the runner) and ``action.*`` (responders). Scoring must tolerate kinds it does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# --- emitted by the runner -------------------------------------------------------------
DRILL_STARTED = "drill.started"  # {scenario, title, team, playbook, severity, time_limit_s}
DRILL_ENDED = "drill.ended"  # {reason: resolved|time_limit|end|abort|signal|crash}
DRILL_RESUMED = "drill.resumed"  # {}
FAULT_INJECTED = "fault.injected"  # {fault, type, target_service, params}
FAULT_LIVE = "fault.live"  # {fault, type}   -- verified in effect: time-to-detect starts here
FAULT_UNDONE = "fault.undone"  # {fault, type}
INJECT_DELIVERED = "inject.delivered"  # {inject, kind: stakeholder|noise, from, message}
MONITOR_CHANGED = "monitor.changed"  # {monitor, ok: bool, detail}  -- on every state change
ALERT_FIRED = "alert.fired"  # {alert, monitor, severity, message, noise: bool}
ALERT_RESOLVED = "alert.resolved"  # {alert}
PAGE_SENT = "page.sent"  # {to, level: 0 primary / 1 secondary ..., alert}
PAGE_ESCALATED = "page.escalated"  # {from, to, level, after_s}
CUSTOMERS_STATS = "customers.stats"  # {rps, fail_ratio, p95_ms, requests, failures, slow}
MITIGATED = "drill.mitigated"  # {hold_s}
RESTORED = "drill.restored"  # {ok: bool, undone: [fault...]}

# --- recorded by responders ------------------------------------------------------------
ACK = "action.ack"  # {}
DECLARE = "action.declare"  # {sev: 1..4}
ROLE = "action.role"  # {role: ic|tech|comms, person}
CHANNEL = "action.channel"  # {name}
STATUS = "action.status"  # {text, state: investigating|identified|monitoring|resolved, next_s?}
UPDATE = "action.update"  # {text, next_s?}
NOTIFY = "action.notify"  # {audience: stakeholders, text, reply_to?: inject id}
NOTE = "action.note"  # {text}
CAUSE = "action.cause"  # {text}
ROLLBACK = "action.rollback"  # {service, from_version, to_version, ok: bool, error?}
RESOLVE = "action.resolve"  # {premature: bool}
REVIEW = "action.review"  # {when: ISO-8601 wall time}

ROLES = ("ic", "tech", "comms")
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


STATUS_STATES = ("investigating", "identified", "monitoring", "resolved")
SYSTEM_ACTOR = "gameday"


@dataclass(frozen=True)
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
