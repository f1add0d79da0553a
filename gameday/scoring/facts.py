"""One pass over a timeline that every rule and metric reads from.

Rules stay tiny because the awkward questions ("when did the incident start if no fault was
injected?", "which severity decides whether cadence applies?") are answered once, here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property

from gameday import events as ev
from gameday.events import Event
from gameday.playbook import Playbook
from gameday.scoring.model import Evidence
from gameday.timeline import Expectations, Timeline


def evidence(e: Event, note: str = "") -> Evidence:
    return Evidence(id=e.id, t=e.t, kind=e.kind, note=note)


@dataclass
class Facts:
    timeline: Timeline
    playbook: Playbook
    expected: Expectations
    by_kind: dict[str, list[Event]] = field(default_factory=dict)

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def build(cls, timeline: Timeline, expected: Expectations, playbook: Playbook) -> Facts:
        f = cls(timeline=timeline, playbook=playbook, expected=expected)
        for e in timeline.events:
            f.by_kind.setdefault(e.kind, []).append(e)
        return f

    def all(self, kind: str) -> list[Event]:
        return self.by_kind.get(kind, [])

    def first(self, kind: str, after: float = float("-inf")) -> Event | None:
        return next((e for e in self.all(kind) if e.t >= after), None)

    # ---- the incident ----------------------------------------------------------------------
    @cached_property
    def real_alerts(self) -> list[Event]:
        return [e for e in self.all(ev.ALERT_FIRED) if not e.data.get("noise")]

    @cached_property
    def fault_live(self) -> Event | None:
        return self.first(ev.FAULT_LIVE)

    @cached_property
    def detection(self) -> Event | None:
        """The first real (non-noise) alert at or after the fault went live."""
        start = self.fault_live.t if self.fault_live else float("-inf")
        return next((e for e in self.real_alerts if e.t >= start), None)

    @cached_property
    def page(self) -> Event | None:
        return self.first(ev.PAGE_SENT) or (self.real_alerts[0] if self.real_alerts else None)

    @cached_property
    def declare(self) -> Event | None:
        return self.first(ev.DECLARE)

    @cached_property
    def has_incident(self) -> bool:
        """Something happened worth responding to: a fault, a real alert, a page or a declare."""
        return bool(
            self.fault_live or self.real_alerts or self.all(ev.PAGE_SENT) or self.all(ev.DECLARE)
        )

    @cached_property
    def start_t(self) -> float:
        """When the incident began: fault live, else first alert/page, else first response."""
        for e in (self.fault_live, self.detection, self.page, self.first(ev.ACK), self.declare):
            if e is not None:
                return e.t
        return 0.0

    @cached_property
    def detected_t(self) -> float:
        for e in (self.detection, self.page, self.first(ev.ACK), self.declare):
            if e is not None:
                return e.t
        return self.start_t

    @cached_property
    def confirmed_t(self) -> float:
        """Deadlines "after declaring" run from here; without a declare, from detection."""
        return self.declare.t if self.declare else self.detected_t

    @cached_property
    def mitigated(self) -> Event | None:
        return self.first(ev.MITIGATED)

    def is_premature(self, resolve: Event) -> bool:
        if resolve.data.get("premature") is True:
            return True
        m = self.mitigated
        return m is not None and resolve.t < m.t

    @cached_property
    def resolve(self) -> Event | None:
        """The last resolve: the team's final word on when it was over."""
        r = self.all(ev.RESOLVE)
        return r[-1] if r else None

    @cached_property
    def end_t(self) -> float:
        """When the incident window closes: last resolve, else drill end, else last event."""
        if self.resolve is not None:
            return self.resolve.t
        ended = self.first(ev.DRILL_ENDED)
        if ended is not None:
            return ended.t
        return self.timeline.events[-1].t if self.timeline.events else 0.0

    def wall_at(self, t: float) -> datetime:
        return self.timeline.started + timedelta(seconds=t)

    # ---- severity ---------------------------------------------------------------------------
    @cached_property
    def declared_severity_event(self) -> Event | None:
        """The last declare that set a real severity (``sev: true`` is not SEV 1)."""
        for e in reversed(self.all(ev.DECLARE)):
            sev = e.data.get("sev")
            if isinstance(sev, int) and not isinstance(sev, bool):
                return e
        return None

    @cached_property
    def declared_severity(self) -> int | None:
        e = self.declared_severity_event
        return None if e is None else int(e.data["sev"])

    @cached_property
    def severity(self) -> int | None:
        """The severity the playbook's rules apply to: the truth when known, else the team's."""
        return self.expected.severity or self.declared_severity

    # ---- communication -----------------------------------------------------------------------
    @cached_property
    def comms(self) -> list[Event]:
        """Status posts and internal updates, in time order."""
        out = self.all(ev.STATUS) + self.all(ev.UPDATE)
        return sorted(out, key=lambda e: (e.t, e.id))

    def comm_gaps(self) -> tuple[float, float, float] | None:
        """(longest gap, gap start, gap end) between communications, declare -> incident end."""
        start = self.declare.t if self.declare else (self.comms[0].t if self.comms else None)
        if start is None:
            return None
        end = max(self.end_t, start)
        points = [start, *[e.t for e in self.comms if start <= e.t <= end], end]
        best = (0.0, start, start)
        for a, b in itertools.pairwise(points):
            if b - a > best[0]:
                best = (b - a, a, b)
        return best

    def roles_timeline(self) -> list[tuple[Event, str, str]]:
        """(event, role key, person) for every role assignment with a known role."""
        out = []
        for e in self.all(ev.ROLE):
            key = self.playbook.role_key(str(e.data.get("role", "")))
            person = str(e.data.get("person", "")).strip()
            if key and person:
                out.append((e, key, person))
        return out

    def roles_staffed_at(self) -> dict[str, Event]:
        """First assignment per role."""
        first: dict[str, Event] = {}
        for e, key, _ in self.roles_timeline():
            first.setdefault(key, e)
        return first
