"""The one incident model every view reads: a pure, incremental fold over the event log.

Data flows one way: event log -> ``Incident`` (this package) -> scorer -> scorecard. The drill
summary, the live dashboard, ``watch``/``/api/state``, the scorer's facts, the scorecards and
the review draft take their milestones, metrics and customer impact from here::

    inc = Incident.replay(events)          # or Incident() and inc.apply(e) as events arrive
    inc.phase                              # baseline|injecting|incident|mitigated|resolved|ended
    inc.milestones()["detected"].t         # started, detected, acknowledged, declared, ...
    metrics(inc)["time_to_detect"]         # definitions: METRICS (docs/scoring.md)
    impact(inc)["label"]                   # customer impact and the window it covers
    cost_of_delay(inc)["label"]            # failures per minute, and what acting at the page saves
    load(inc)["label"]                     # the request rate the customers achieved, users, workers
    fix_line(fix_summary(inc))             # how and when the team's fix landed (Incident.fix)
"""

from __future__ import annotations

from typing import Any

from gameday.incident.cost import cost_line, cost_of_delay
from gameday.incident.fix import fix_line, fix_summary
from gameday.incident.fold import PHASES, Incident, Mark
from gameday.incident.impact import impact, impact_line, window
from gameday.incident.load import load, load_line
from gameday.incident.metrics import BY_NAME, METRIC_HELP, METRICS, Metric, metrics

__all__ = [
    "BY_NAME",
    "METRICS",
    "METRIC_HELP",
    "PHASES",
    "Incident",
    "Mark",
    "Metric",
    "cost_line",
    "cost_of_delay",
    "fix_line",
    "fix_summary",
    "impact",
    "impact_line",
    "load",
    "load_line",
    "metrics",
    "summary",
    "window",
]


def summary(inc: Incident) -> dict[str, Any]:
    """Plain data for files and APIs: phase, milestone times, metrics, impact and its cost, and
    the load the customers achieved."""
    return {
        "phase": inc.phase,
        "milestones": {
            name: (round(m.t, 3) if m is not None else None) for name, m in inc.milestones().items()
        },
        "metrics": metrics(inc),
        "impact": impact(inc),
        "cost": cost_of_delay(inc),
        "load": load(inc),
        "fix": fix_summary(inc),
    }
