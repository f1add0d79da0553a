"""Paging and escalation: the first real alert pages the on-call; silence escalates.

An event-sourced state machine: ``apply`` folds recorded events (``page.sent``, ``action.ack``)
into the state, and ``decide`` says which pages are due at drill time ``now``. Because the state
is only ever built from the log, a resumed runner rebuilds exactly where the dead one stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gameday import events as ev

Transition = tuple[str, dict[str, Any]]


@dataclass
class Pager:
    roster: list[str]  # on-call order: primary, secondary, ...
    timeout_s: float  # no ack within this long after a page -> page the next person
    level: int = -1  # level of the last page sent; -1 = nobody paged yet
    last_page_t: float = 0.0
    alert: str | None = None  # the alert that started the paging
    acked_by: str | None = None
    pages: list[tuple[float, str, int]] = field(default_factory=list)

    @property
    def acked(self) -> bool:
        return self.acked_by is not None

    @property
    def paging(self) -> bool:
        return self.level >= 0

    def decide(self, now: float, new_alert: str | None = None) -> list[Transition]:
        """Pages due at ``now``; ``new_alert`` is a real (non-noise) alert that just fired."""
        if not self.roster or self.acked:
            return []
        if not self.paging:
            if new_alert is None:
                return []
            return [(ev.PAGE_SENT, {"to": self.roster[0], "level": 0, "alert": new_alert})]
        waited = now - self.last_page_t
        nxt = self.level + 1
        if waited >= self.timeout_s and nxt < len(self.roster):
            return [
                (
                    ev.PAGE_ESCALATED,
                    {
                        "from": self.roster[self.level],
                        "to": self.roster[nxt],
                        "level": nxt,
                        "after_s": round(waited, 3),
                    },
                ),
                (ev.PAGE_SENT, {"to": self.roster[nxt], "level": nxt, "alert": self.alert}),
            ]
        return []

    def next_escalation_at(self) -> float | None:
        """Drill time of the next escalation, for the dashboard (None: none pending)."""
        if self.acked or not self.paging or self.level + 1 >= len(self.roster):
            return None
        return self.last_page_t + self.timeout_s

    def apply(self, kind: str, data: dict[str, Any], t: float, actor: str = "") -> None:
        if kind == ev.PAGE_SENT:
            self.level = int(data.get("level", self.level + 1))
            self.last_page_t = t
            if self.alert is None:
                self.alert = data.get("alert")
            self.pages.append((t, str(data.get("to")), self.level))
        elif kind == ev.ACK and not self.acked:
            self.acked_by = actor or "someone"
