"""A team's drill history, as the calendar needs it: who held which role when, which scenarios
(and kinds of scenario) it drilled, how each went, which criteria it keeps missing.

Read from scorecard summaries only (``gameday.scorecard.query.load_summaries``): every number
is the one the scorer wrote from the incident fold. Drills stopped for a real incident say
nothing about the team's pace and are left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import field
from datetime import datetime
from pathlib import Path
from typing import Any

from gameday.records import record
from gameday.scorecard.par import counts


@record
class Drill:
    """One past drill, from its scorecard summary."""

    drill: str
    team: str
    scenario: str
    started: datetime
    total: float
    people: dict[str, tuple[str, ...]]  # everyone in the drill -> the roles they held
    criteria: dict[str, str]  # criterion -> state
    metrics: dict[str, float | None] = field(default_factory=dict)

    @property
    def roles(self) -> dict[str, str]:
        """role -> the person who held it (the first, as the scorecard lists them)."""
        out: dict[str, str] = {}
        for person, held in self.people.items():
            for role in held:
                out.setdefault(role, person)
        return out

    @property
    def missed(self) -> list[str]:
        return [c for c, s in self.criteria.items() if s in ("missed", "late")]


def _time(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


def _number(v: Any) -> float | None:
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def from_summaries(summaries: Iterable[dict[str, Any]], team: str | None = None) -> list[Drill]:
    """The drills (of ``team``, or every team's), oldest first."""
    out = []
    for s in summaries:
        if (team is not None and s.get("team") != team) or not counts(s):
            continue
        started = _time(s.get("started"))
        if started is None:
            continue
        out.append(
            Drill(
                drill=str(s.get("drill") or ""),
                team=str(s.get("team") or ""),
                scenario=str(s.get("scenario") or ""),
                started=started,
                total=float(s.get("total") or 0.0),
                people={
                    str(name): tuple(str(r) for r in (info or {}).get("roles") or ())
                    for name, info in (s.get("people") or {}).items()
                },
                criteria={
                    str(name): str(entry[0])
                    for name, entry in (s.get("criteria") or {}).items()
                    if isinstance(entry, list | tuple) and entry
                },
                metrics={str(k): _number(v) for k, v in (s.get("metrics") or {}).items()},
            )
        )
    out.sort(key=lambda d: (d.started, d.drill))
    return out


def summaries(directory: Path) -> list[dict[str, Any]]:
    """Every scorecard summary in ``directory``; none when the folder does not exist yet (a
    team planning its first Game Day has no history, which is not an error)."""
    from gameday.scorecard.query import load_summaries

    if not directory.exists():
        return []
    return [s for _, s in load_summaries(directory)]


def team_history(directory: Path, team: str) -> list[Drill]:
    return from_summaries(summaries(directory), team)


def miss_rates(drills: list[Drill]) -> list[tuple[str, float, int]]:
    """(criterion, share of the drills where it applied that it was missed or late, drills it
    applied in), worst first: what the team keeps missing."""
    seen: dict[str, list[bool]] = {}
    for d in drills:
        for name, state in d.criteria.items():
            if state == "not_applicable" or (name == "review" and state == "missed"):
                continue  # a review not booked yet reads "missed" in a summary: not a miss
            seen.setdefault(name, []).append(state in ("missed", "late"))
    rates = [(name, sum(v) / len(v), len(v)) for name, v in seen.items() if v]
    return sorted(rates, key=lambda r: (-r[1], -r[2], r[0]))
