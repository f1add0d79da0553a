"""What every rule and metric reads: the incident fold plus the playbook and the expectations.

Rules stay tiny because the awkward questions ("when did the incident start if no fault was
injected?", "does a premature resolve end it?", "are Dana and dana one person?") are answered
once, by the fold (``gameday.incident``), which the summary, the dashboard and the scorecards
read too. The names below are the vocabulary rules (built-in or plugin) are written in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from gameday import events as ev
from gameday.events import Event
from gameday.incident import Incident
from gameday.playbook import Playbook
from gameday.scoring.model import Evidence
from gameday.timeline import Expectations, Timeline

ANCHOR_WORDS = {
    ev.ALERT_FIRED: "the first alert",
    ev.PAGE_SENT: "the page",
    ev.ACK: "the acknowledgement",
    ev.DECLARE: "declaring",
}


def evidence(e: Event, note: str = "") -> Evidence:
    return Evidence(id=e.id, t=e.t, kind=e.kind, note=note)


@dataclass
class Facts:
    timeline: Timeline
    playbook: Playbook
    expected: Expectations
    incident: Incident

    # ---- construction --------------------------------------------------------------------
    @classmethod
    def build(cls, timeline: Timeline, expected: Expectations, playbook: Playbook) -> Facts:
        inc = Incident.replay(timeline.events, role_key=playbook.role_key)
        return cls(timeline=timeline, playbook=playbook, expected=expected, incident=inc)

    @property
    def by_kind(self) -> dict[str, list[Event]]:
        return self.incident.by_kind

    def all(self, kind: str) -> list[Event]:
        return self.incident.all(kind)

    def first(self, kind: str, after: float = float("-inf")) -> Event | None:
        return self.incident.first(kind, after)

    def actor(self, e: Event) -> str:
        """``e``'s actor as the roster spells it."""
        return self.incident.actor(e)

    # ---- the incident (definitions: gameday.incident.fold) ------------------------------
    @property
    def real_alerts(self) -> list[Event]:
        return self.incident.real_alerts

    @cached_property
    def fault_live(self) -> Event | None:
        return self.first(ev.FAULT_LIVE)

    @property
    def detection(self) -> Event | None:
        return self.incident.detection

    @property
    def page(self) -> Event | None:
        return self.incident.page

    @property
    def paged(self) -> bool:
        """Someone was really paged (``page`` may stand in with the first alert)."""
        return bool(self.all(ev.PAGE_SENT))

    @property
    def declare(self) -> Event | None:
        return self.incident.declare_event

    @property
    def has_incident(self) -> bool:
        return self.incident.has_incident

    @property
    def start_t(self) -> float:
        start = self.incident.start_event
        return start.t if start is not None else 0.0

    @property
    def detected_t(self) -> float:
        e = self.incident.noticed
        return e.t if e is not None else self.start_t

    @property
    def detected_words(self) -> str:
        """What ``detected_t`` is, for explanations: "the first alert", "the page"..."""
        e = self.incident.noticed
        return ANCHOR_WORDS.get(e.kind, "the first alert") if e is not None else "the start"

    @property
    def confirmed_t(self) -> float:
        """Deadlines "after declaring" run from here; without a declare, from detection."""
        return self.declare.t if self.declare else self.detected_t

    @property
    def confirmed_words(self) -> str:
        return "declaring" if self.declare else self.detected_words

    @property
    def mitigated(self) -> Event | None:
        return self.incident.mitigation

    def is_premature(self, resolve: Event) -> bool:
        return self.incident.is_premature(resolve)

    @property
    def resolve(self) -> Event | None:
        """The first proper resolve; a premature one (before recovery) resolves nothing."""
        return self.incident.resolution

    @property
    def end_t(self) -> float:
        """The incident's end: the proper resolve, else the drill's end, else the last event."""
        return self.incident.end_t

    @property
    def end_wall(self) -> datetime:
        return self.incident.end_wall or self.wall_at(self.end_t)

    def wall_at(self, t: float) -> datetime:
        return self.timeline.started + timedelta(seconds=t)

    @property
    def start_wall(self) -> datetime:
        start = self.incident.start_event
        return start.wall if start is not None else self.timeline.started

    # ---- severity ---------------------------------------------------------------------------
    @property
    def declared_severity_event(self) -> Event | None:
        return self.incident.severity_event

    @property
    def declared_severity(self) -> int | None:
        return self.incident.severity

    @property
    def severity(self) -> int | None:
        """The severity the playbook's rules apply to: the truth when known, else the team's."""
        return self.expected.severity or self.declared_severity

    # ---- communication and roles -------------------------------------------------------------
    @property
    def comms(self) -> list[Event]:
        return self.incident.comms

    def comm_gaps(self) -> tuple[float, float, float] | None:
        return self.incident.comm_gap()

    def roles_timeline(self) -> list[tuple[Event, str, str]]:
        return self.incident.roles()

    def roles_staffed_at(self) -> dict[str, Event]:
        return self.incident.staffed()
