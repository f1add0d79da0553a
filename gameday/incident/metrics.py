"""The stopwatch numbers of an incident, each with exactly one definition (seconds; None = never).

``METRICS`` is the single table of what each number measures, from what to what: the drill
summary, the dashboard, the scorecards and ``docs/scoring.md`` all print these definitions,
because "time to acknowledge" means nothing until you say "from what".
"""

from __future__ import annotations

from gameday import events as ev
from gameday.events import Event
from gameday.incident.fold import Incident
from gameday.records import record


@record
class Metric:
    name: str
    label: str  # "time to detect"
    start: str  # what the clock starts at
    end: str  # what stops it

    @property
    def definition(self) -> str:
        return f"{self.start} → {self.end}"


METRICS: tuple[Metric, ...] = (
    Metric(
        "time_to_detect",
        "time to detect",
        "fault starts acting (fault.injected)",
        "first real alert; none without a fault",
    ),
    Metric(
        "time_to_acknowledge",
        "time to acknowledge",
        "first page, else first real alert",
        "first ack",
    ),
    Metric(
        "time_to_declare", "time to declare", "detected, else first page or ack", "first declare"
    ),
    Metric(
        "time_to_staff_roles",
        "time to staff roles",
        "declared, else detected",
        "all three roles staffed",
    ),
    Metric(
        "time_to_first_status",
        "time to first status",
        "declared, else detected",
        "first public status post",
    ),
    Metric(
        "longest_comm_gap",
        "longest communication gap",
        "longest silence between status posts and updates, from the declare",
        "incident end",
    ),
    Metric(
        "time_to_fix",
        "time to fix",
        "incident start",
        "the team's last change to the stack before the service recovered "
        "(engine events, rollbacks)",
    ),
    Metric(
        "time_to_mitigate",
        "time to mitigate",
        "incident start",
        "monitors steady for the hold (drill.mitigated)",
    ),
    Metric(
        "time_to_resolve",
        "time to resolve",
        "incident start",
        "first proper (not premature) resolve",
    ),
)
METRIC_HELP: dict[str, str] = {m.name: m.definition for m in METRICS}
BY_NAME: dict[str, Metric] = {m.name: m for m in METRICS}


def _span(a: Event | None, b: Event | None, *, clamp: bool = False) -> float | None:
    if a is None or b is None:
        return None
    d = b.t - a.t
    if d < 0:
        if not clamp:
            return None
        d = 0.0
    return round(d, 3)


def metrics(inc: Incident) -> dict[str, float | None]:
    """Every metric of ``inc`` by name, in ``METRICS`` order (a fresh dict; worked out once per
    new event)."""
    return dict(inc.memo("metrics", _metrics))


def _metrics(inc: Incident) -> dict[str, float | None]:
    start = inc.start_event
    page = inc.page
    staffed = inc.staffed()
    complete = len(staffed) == len(ev.ROLES)
    all_staffed = max(staffed.values(), key=lambda e: e.t) if complete else None
    gap = inc.comm_gap()
    return {
        "time_to_detect": _span(start, inc.detection) if inc.started_by_fault else None,
        "time_to_acknowledge": _span(page, inc.first(ev.ACK), clamp=True),
        "time_to_declare": _span(inc.noticed, inc.declare_event, clamp=True),
        "time_to_staff_roles": _span(inc.confirmed, all_staffed, clamp=True),
        "time_to_first_status": _span(inc.confirmed, inc.first(ev.STATUS), clamp=True),
        "longest_comm_gap": round(gap[0], 3) if gap and inc.comms else None,
        "time_to_fix": _span(start, inc.fix),
        "time_to_mitigate": _span(start, inc.mitigation),
        "time_to_resolve": _span(start, inc.resolution),
    }
