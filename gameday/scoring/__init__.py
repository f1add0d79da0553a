"""Grade a timeline against a playbook: ``score(timeline, expectations, playbook)``.

Deterministic and pure: the same timeline, expectations and playbook always give the same
``ScoreResult`` (no clock, no Docker), so a drill, a replay and a hand-written tabletop timeline
are graded alike. Not-applicable criteria are dropped and the rest rescaled to 100.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.incident.fix import fix_summary
from gameday.playbook import Playbook
from gameday.scoring.facts import Facts
from gameday.scoring.metrics import (
    cost,
    deadline_markers,
    first_failed_monitor,
    impact,
    load,
    metrics,
    people,
)
from gameday.scoring.model import CriterionResult, Evidence, Outcome, ScoreResult
from gameday.scoring.registry import Criterion, criteria, criterion
from gameday.timeline import Expectations, Timeline

if TYPE_CHECKING:  # a timeline is scored without importing the scenario format
    from gameday.scenario.model import Scenario

__all__ = [
    "Criterion",
    "CriterionResult",
    "Evidence",
    "Expectations",
    "Outcome",
    "ScoreResult",
    "criteria",
    "criterion",
    "expectations_for",
    "score",
]


def expectations_for(timeline: Timeline, scenario: Scenario | Expectations | None) -> Expectations:
    """A scenario wins; else the timeline header's expectations; else none (tabletop)."""
    if isinstance(scenario, Expectations):
        return scenario
    if scenario is not None:
        return Expectations.from_scenario(scenario)
    return timeline.expectations or Expectations()


def _ordered(playbook: Playbook) -> list[str]:
    names = [n for n in playbook.steps if n in criteria]
    return names + [n for n in criteria.names() if n not in names]


def score(
    timeline: Timeline,
    expectations: Scenario | Expectations | None,
    playbook: Playbook,
) -> ScoreResult:
    expected = expectations_for(timeline, expectations)
    facts = Facts.build(timeline, expected, playbook)
    results: list[CriterionResult] = []
    for name in _ordered(playbook):
        crit = criteria.get(name)
        weight = expected.score_overrides.get(name, playbook.weights.get(name, 0.0))
        if weight <= 0:
            out = Outcome("not_applicable", 0.0, "This criterion carries no weight here.")
        else:
            out = crit.rule(facts)
        points = 0.0 if out.state == "not_applicable" else round(weight * out.fraction, 2)
        results.append(
            CriterionResult(
                name=name,
                title=crit.title,
                state=out.state,
                points=points,
                weight=float(weight),
                explanation=out.explanation,
                evidence=out.evidence,
                pending=out.pending,
                detail=out.detail,
            )
        )
    applicable = [c for c in results if c.state != "not_applicable"]
    weight_sum = sum(c.weight for c in applicable)
    total = round(100.0 * sum(c.points for c in applicable) / weight_sum, 1) if weight_sum else 0.0
    hints = hints_sent(facts)
    penalty = round(sum(h["cost"] for h in hints), 2)
    notes: list[str] = [] if weight_sum else ["No criterion applied to this timeline."]
    if hints:
        notes.append(
            f"The facilitator sent {len(hints)} hint(s), costing {penalty:g} points "
            f"({total:g} before hints)."
        )
        total = max(0.0, round(total - penalty, 1))
    missed = next((c for c in results if c.state == "missed"), None)
    return ScoreResult(
        total=total,
        criteria=tuple(results),
        metrics=metrics(facts),
        impact=impact(facts),
        cost=cost(facts),
        load=load(facts),
        fix=fix_summary(facts.incident),
        first_missed_step=(
            {"criterion": missed.name, "title": missed.title, "explanation": missed.explanation}
            if missed
            else None
        ),
        first_failed_monitor=first_failed_monitor(facts),
        people=people(facts),
        severity={
            "expected": expected.severity,
            "declared": facts.declared_severity,
            "effective": facts.severity,
        },
        playbook=playbook.name,
        applicable_weight=weight_sum,
        deadlines=tuple(deadline_markers(facts, {c.name: c.state for c in results})),
        notes=tuple(notes),
        hints=tuple(hints),
        hint_penalty=penalty,
    )


def hints_sent(f: Facts) -> list[dict[str, Any]]:
    """The facilitator's hints and what each costs (recorded when sent), from the fold."""
    out = []
    for e in f.all(ev.HINT):
        cost = e.data.get("cost")
        cost = float(cost) if isinstance(cost, int | float) and not isinstance(cost, bool) else 0.0
        out.append(
            {"t": round(e.t, 3), "text": str(e.data.get("text", "")), "cost": max(0.0, cost)}
        )
    return out
