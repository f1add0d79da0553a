"""Par times: what this team usually takes, per scenario and metric (the median of its own past
drills), so a scorecard can say "ack 2m10s; your par 1m05s".

A playbook deadline says what is acceptable; par says what *this* team does on *this* scenario,
which is the comparison people act on ("we were twice as slow as usual to declare"). The
median, not the mean: one drill where the pager never went off must not move par for good.

Par reads scorecard summaries only (their cached rows, ``gameday.scorecard.rows``): the metrics in
them are the incident fold's, written when each drill was scored, so par never computes a
metric of its own. Drills stopped for a real incident are not the team's pace and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gameday.events import REAL_INCIDENT
from gameday.records import record


@record
class Par:
    metric: str
    seconds: float
    drills: int  # how many past drills the median is over

    def to_dict(self) -> dict[str, Any]:
        return {"seconds": round(self.seconds, 3), "drills": self.drills}


def counts(summary: dict[str, Any]) -> bool:
    """Whether a drill counts towards the team's history (par, trends' averages)."""
    return summary.get("end_reason") != REAL_INCIDENT


def par_times(
    summaries: Iterable[dict[str, Any]],
    *,
    team: str,
    scenario: str,
    before: str | None = None,
    exclude_drill: str | None = None,
) -> dict[str, Par]:
    """Per metric, the median over ``team``'s drills of ``scenario`` that started before
    ``before`` (ISO time; None = all), leaving out ``exclude_drill`` (the drill being scored)."""
    values: dict[str, list[float]] = {}
    for s in summaries:
        if s.get("team") != team or s.get("scenario") != scenario or not counts(s):
            continue
        if exclude_drill is not None and s.get("drill") == exclude_drill:
            continue
        if before is not None and str(s.get("started", "")) >= before:
            continue
        for name, v in (s.get("metrics") or {}).items():
            if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0:
                values.setdefault(str(name), []).append(float(v))
    if not values:  # a first drill: no par, and statistics (fractions, decimal) not imported
        return {}
    import statistics

    return {
        name: Par(name, float(statistics.median(vals)), len(vals))
        for name, vals in values.items()
        if vals
    }


def par_for(
    directory: Path, *, team: str, scenario: str, before: str | None, drill: str | None
) -> dict[str, Par]:
    """Par from the scorecards in ``directory`` (the history a new scorecard joins), read
    from their cached rows (``gameday.scorecard.rows``: the summaries' values, once)."""
    if not directory.is_dir():  # the first scorecard of a new folder: no history yet
        return {}
    from gameday.scorecard.rows import load_rows  # (and the cache's hashing: not before)

    summaries = (
        {"team": r.team, "scenario": r.scenario, "end_reason": r.end_reason, "drill": r.drill,
         "started": r.started, "metrics": dict(r.metrics)}
        for r in load_rows(directory, metrics=True)
    )  # fmt: skip
    return par_times(
        summaries,
        team=team,
        scenario=scenario,
        before=before,
        exclude_drill=drill,
    )


def read_par(raw: Any) -> dict[str, Par]:
    """A scorecard file's ``par`` mapping, read tolerantly (a hand-edited value is dropped)."""
    out: dict[str, Par] = {}
    if not isinstance(raw, dict):
        return out
    for name, v in raw.items():
        if not isinstance(v, dict):
            continue
        sec, n = v.get("seconds"), v.get("drills")
        if isinstance(sec, int | float) and not isinstance(sec, bool) and sec >= 0:
            drills = n if isinstance(n, int) and not isinstance(n, bool) and n > 0 else 1
            out[str(name)] = Par(str(name), float(sec), drills)
    return out
