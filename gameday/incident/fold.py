"""The incident fold: events in, one at a time; the incident's story out.

Every view of a drill (the summary, the facilitator's dashboard, ``watch`` and ``/api/state``,
the scorer, the scorecards, the review draft) reads the incident from here, so they cannot
disagree about when it started, when it was detected or how long it took to resolve.

Pure and incremental: ``apply`` takes one event (in log order: ``t`` never decreases) and only
records it; milestones, metrics and impact are read off the recorded state on demand. Replaying
a log (``Incident.replay``) gives the same answers as following it live. Drill time is the
event's ``t`` as recorded (the log's clock, which honours pauses); the fold never reads a clock.
The definitions are in ``docs/scoring.md`` ("The incident") and ``gameday.incident.metrics``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from gameday import events as ev
from gameday.events import Event
from gameday.events.runner import DrillStarted
from gameday.incident.people import People
from gameday.records import record

RoleKey = Callable[[str], "str | None"]
T = TypeVar("T")
SIGNALS = (ev.ALERT_FIRED, ev.PAGE_SENT, ev.ACK, ev.DECLARE)
FIX_SLACK_S = 5.0
"""A change counts towards the fix up to this long after the monitors came back: an engine or
a rollback reports a change once it has finished, a poll may see its effect first."""
PHASES = ("baseline", "injecting", "incident", "mitigated", "resolved", "wrapup", "ended")


@record
class Mark:
    """A milestone: drill time, wall time and the id of the event it was read from."""

    t: float
    wall: datetime
    event: int
    kind: str

    @classmethod
    def of(cls, e: Event) -> Mark:
        return cls(e.t, e.wall, e.id, e.kind)


def _real(e: Event) -> bool:
    return e.kind == ev.ALERT_FIRED and e.data.get("noise") is not True


class Incident:
    """One drill's incident, folded from its events. See the module docstring."""

    def __init__(self, *, role_key: RoleKey = ev.role_key, roster: Iterable[str] = ()) -> None:
        self.role_key = role_key
        self.people = People(roster)
        self.events: list[Event] = []
        self.by_kind: dict[str, list[Event]] = {}
        self.real_alerts: list[Event] = []
        self._injected: dict[str, Event] = {}  # first fault.injected per fault
        self._fault_start: Event | None = None  # injection of the first fault that went live
        self._signal: Event | None = None  # first alert/page/ack/declare (no-fault timelines)
        self.version = 0  # rises with every event that is not customers.stats
        self._memo: dict[str, tuple[int, object]] = {}

    @classmethod
    def replay(
        cls, events: Iterable[Event], *, role_key: RoleKey = ev.role_key, roster: Iterable[str] = ()
    ) -> Incident:
        inc = cls(role_key=role_key, roster=roster)
        for e in events:
            inc.apply(e)
        return inc

    # --- folding ------------------------------------------------------------------------------
    def apply(self, e: Event) -> None:
        self.events.append(e)
        self.by_kind.setdefault(e.kind, []).append(e)
        if e.kind != ev.CUSTOMERS_STATS:
            self.version += 1
        if e.kind == ev.DRILL_STARTED:
            self.people.add_roster(DrillStarted.read(e).oncall)
        elif e.kind == ev.FAULT_INJECTED:
            self._injected.setdefault(str(e.data.get("fault", "")), e)
        elif e.kind == ev.FAULT_LIVE:
            began = self._injected.get(str(e.data.get("fault", "")), e)
            if self._fault_start is None or began.t < self._fault_start.t:
                self._fault_start = began
        if _real(e):
            self.real_alerts.append(e)
        if e.kind in SIGNALS and self._signal is None and (e.kind != ev.ALERT_FIRED or _real(e)):
            self._signal = e
        if e.kind.startswith("action.") and e.actor != ev.SYSTEM_ACTOR:
            self.people.see(e.actor)
        if e.kind == ev.ROLE:
            self.people.see(str(e.data.get("person", "")))

    # --- reading ------------------------------------------------------------------------------
    def memo(self, key: str, compute: Callable[[Incident], T]) -> T:
        """``compute(self)``, worked out again only after new events: a live view reads the same
        numbers many times a second between events."""
        hit = self._memo.get(key)
        if hit is not None and hit[0] == len(self.events):
            return hit[1]  # type: ignore[return-value]
        value = compute(self)
        self._memo[key] = (len(self.events), value)
        return value

    def all(self, kind: str) -> list[Event]:
        return self.by_kind.get(kind, [])

    def first(self, kind: str, after: float = float("-inf")) -> Event | None:
        return next((e for e in self.all(kind) if e.t >= after), None)

    @property
    def last_t(self) -> float:
        return self.events[-1].t if self.events else 0.0

    # --- the milestones -----------------------------------------------------------------------
    @property
    def start_event(self) -> Event | None:
        """The incident began when the first fault that went live started acting (its
        ``fault.injected``; its ``fault.live`` when a timeline records only that). A timeline
        with no fault (a tabletop) begins at its first sign: a real alert, page, ack or declare."""
        return self._fault_start or self._signal

    @property
    def started_by_fault(self) -> bool:
        return self._fault_start is not None

    @property
    def has_incident(self) -> bool:
        return self.start_event is not None

    @property
    def detection(self) -> Event | None:
        """The first real (non-noise) alert at or after the start."""
        start = self.start_event
        if start is None:
            return None
        return next((e for e in self.real_alerts if e.t >= start.t), None)

    @property
    def page(self) -> Event | None:
        """What the ack is measured from: the first page; the first real alert if no pager ran."""
        return self.first(ev.PAGE_SENT) or (self.real_alerts[0] if self.real_alerts else None)

    @property
    def noticed(self) -> Event | None:
        """When the team knew: detection, else the first page, ack or declare."""
        return (
            self.detection or self.first(ev.PAGE_SENT) or self.first(ev.ACK) or self.declare_event
        )

    @property
    def declare_event(self) -> Event | None:
        return self.first(ev.DECLARE)

    @property
    def confirmed(self) -> Event | None:
        """Deadlines "after confirming" run from the first declare, else from ``noticed``."""
        return self.declare_event or self.noticed

    @property
    def mitigation(self) -> Event | None:
        return self.first(ev.MITIGATED)

    @property
    def team_changes(self) -> list[Event]:
        """What the team did to the stack, in log order: the changes the engine reported that
        gameday did not make (``stack.changed`` by the team) and the rollbacks that worked."""
        changes = [e for e in self.all(ev.STACK_CHANGED) if e.data.get("by") == "team"]
        rollbacks = [e for e in self.all(ev.ROLLBACK) if e.data.get("ok") is not False]
        return sorted(changes + rollbacks, key=lambda e: e.id) if rollbacks else changes

    @property
    def recovered(self) -> Event | None:
        """When the service came back for good: the last monitor to turn OK before
        ``drill.mitigated`` (which comes a hold later); the mitigation itself without one."""
        m = self.mitigation
        if m is None:
            return None
        back = m
        for e in self.all(ev.MONITOR_CHANGED):
            if e.t > m.t:
                break
            if e.data.get("ok") is True:
                back = e
        return back

    @property
    def fix(self) -> Event | None:
        """How the fix landed: the team's last change to the stack from the incident's start
        until the service recovered (``FIX_SLACK_S`` after it). None before the recovery, or
        when the team changed nothing (the fault ran out, or someone outside the drill fixed it).
        """
        start, back = self.start_event, self.recovered
        if start is None or back is None:
            return None
        found = None
        for e in self.team_changes:
            if e.t > back.t + FIX_SLACK_S:
                break
            if e.t >= start.t:
                found = e
        return found

    def is_premature(self, resolve: Event) -> bool:
        """Resolved before the service recovered: recorded so, or before ``drill.mitigated``."""
        if resolve.data.get("premature") is True:
            return True
        m = self.mitigation
        return m is not None and resolve.t < m.t

    @property
    def premature_resolves(self) -> list[Event]:
        return [r for r in self.all(ev.RESOLVE) if self.is_premature(r)]

    @property
    def resolution(self) -> Event | None:
        """The first proper resolve (after recovery). A premature one resolves nothing."""
        return next((r for r in self.all(ev.RESOLVE) if not self.is_premature(r)), None)

    @property
    def drill_end(self) -> Event | None:
        return self.first(ev.DRILL_ENDED)

    @property
    def real_incident_stop(self) -> Event | None:
        """What stopped the drill for a real incident (``gameday abort --real-incident``): its
        ``drill.stopping``, recorded as the request is taken, so every view can say so before
        the restore is done; else a ``drill.ended`` with that reason (a runner that died)."""
        for kind in (ev.DRILL_STOPPING, ev.DRILL_ENDED):
            for e in self.all(kind):
                if isinstance(e.data, dict) and e.data.get("reason") == ev.REAL_INCIDENT:
                    return e
        return None

    @property
    def end_t(self) -> float:
        """The incident's end: the proper resolve; without one, the drill's end (the last
        event so far while it runs). A premature resolve never ends it."""
        for e in (self.resolution, self.drill_end):
            if e is not None:
                return e.t
        return self.last_t

    @property
    def end_wall(self) -> datetime | None:
        for e in (self.resolution, self.drill_end):
            if e is not None:
                return e.wall
        return self.events[-1].wall if self.events else None

    def milestones(self) -> dict[str, Mark | None]:
        """started, detected, acknowledged, declared, fixed, mitigated, resolved, ended."""

        def mark(e: Event | None) -> Mark | None:
            return Mark.of(e) if e is not None else None

        end = self.resolution or self.drill_end
        return {
            "started": mark(self.start_event),
            "detected": mark(self.detection),
            "acknowledged": mark(self.first(ev.ACK)),
            "declared": mark(self.declare_event),
            "fixed": mark(self.fix),
            "mitigated": mark(self.mitigation),
            "resolved": mark(self.resolution),
            "ended": mark(end),
        }

    @property
    def wrapup(self) -> Event | None:
        """The wrap-up a proper resolve opened (the stack restored, the room still open)."""
        return self.first(ev.WRAPUP)

    @property
    def time_limit_s(self) -> float | None:
        """The drill's time limit: the runner's, as the facilitator last extended it."""
        extended = self.all(ev.EXTENDED)
        if extended:
            limit = extended[-1].data.get("time_limit_s")
            if isinstance(limit, int | float) and not isinstance(limit, bool):
                return float(limit)
        started = self.first(ev.DRILL_STARTED)
        return DrillStarted.read(started).time_limit_s if started is not None else None

    @property
    def phase(self) -> str:
        """baseline -> injecting -> incident -> mitigated -> resolved -> wrapup -> ended."""
        if self.drill_end is not None:
            return "ended"
        if self.wrapup is not None:
            return "wrapup"
        if self.resolution is not None:
            return "resolved"
        if self.mitigation is not None:
            return "mitigated"
        if self.has_incident:
            return "incident"
        if self._injected:
            return "injecting"
        return "baseline"

    # --- severity, roles, communication -----------------------------------------------------
    @property
    def severity_event(self) -> Event | None:
        """The last declare that set a real severity (``sev: true`` is not SEV 1)."""
        for e in reversed(self.all(ev.DECLARE)):
            sev = e.data.get("sev")
            if isinstance(sev, int) and not isinstance(sev, bool):
                return e
        return None

    @property
    def severity(self) -> int | None:
        e = self.severity_event
        return None if e is None else int(e.data["sev"])

    def roles(self) -> list[tuple[Event, str, str]]:
        """(event, role key, person as the roster spells it) for every known assignment."""
        out = []
        for e in self.all(ev.ROLE):
            key = self.role_key(str(e.data.get("role", "")))
            person = self.people.name(str(e.data.get("person", "")))
            if key and person:
                out.append((e, key, person))
        return out

    def holders(self) -> dict[str, str]:
        """Who holds each role now (the latest assignment)."""
        return {key: person for _, key, person in self.roles()}

    def staffed(self) -> dict[str, Event]:
        """The first assignment of each role."""
        first: dict[str, Event] = {}
        for e, key, _ in self.roles():
            first.setdefault(key, e)
        return first

    @property
    def comms(self) -> list[Event]:
        """Status posts and internal updates, in time order."""
        return sorted(self.all(ev.STATUS) + self.all(ev.UPDATE), key=lambda e: (e.t, e.id))

    def comm_gap(self) -> tuple[float, float, float] | None:
        """(longest silence, from, to) between communications, from the declare (else the first
        post) to the incident's end; None when there is no window."""
        comms = self.comms
        declared = self.declare_event
        start = declared.t if declared else (comms[0].t if comms else None)
        if start is None:
            return None
        end = max(self.end_t, start)
        points = [start, *[e.t for e in comms if start <= e.t <= end], end]
        best = (0.0, start, start)
        for a, b in itertools.pairwise(points):
            if b - a > best[0]:
                best = (b - a, a, b)
        return best

    # --- what the monitors said, and what the status page claimed ---------------------------
    def monitor_states(self, at: float | None = None) -> dict[str, bool]:
        """Each monitor's last known state (True = passing) at drill time ``at`` (default: now),
        from its ``monitor.changed`` events."""
        states: dict[str, bool] = {}
        for e in self.all(ev.MONITOR_CHANGED):
            if at is not None and e.t > at:
                break
            ok = e.data.get("ok")
            if isinstance(ok, bool):
                states[str(e.data.get("monitor", ""))] = ok
        return states

    def failing_monitors(self, at: float | None = None) -> list[str]:
        return sorted(m for m, ok in self.monitor_states(at).items() if not ok)

    def component_monitors(self) -> dict[str, tuple[str, ...]]:
        """The monitors behind each status-page component, as the drill recorded the
        scenario's map at its start (empty for a drill that recorded none)."""
        started = self.first(ev.DRILL_STARTED)
        return dict(DrillStarted.read(started).component_map) if started is not None else {}

    def component_states(self, known: Iterable[str], at: float | None = None) -> dict[str, str]:
        """What the status page says about each component: the latest claim in a status post
        (``components``), ``operational`` until one is made."""
        states = dict.fromkeys(known, ev.COMPONENT_STATES[0])
        for e in self.all(ev.STATUS):
            if at is not None and e.t > at:
                break
            claims = e.data.get("components")
            if isinstance(claims, dict):
                for name, state in claims.items():
                    if state in ev.COMPONENT_STATES:
                        states[str(name)] = str(state)
        return states

    def actor(self, e: Event) -> str:
        """``e``'s actor as the roster spells it."""
        return e.actor if e.actor == ev.SYSTEM_ACTOR else self.people.name(e.actor)
