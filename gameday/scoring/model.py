"""What scoring returns: plain frozen data, so scorecards, the terminal and HTML all read it."""

from __future__ import annotations

from dataclasses import field
from typing import Any, Literal

from gameday.records import record

State = Literal["met", "late", "missed", "not_applicable"]
STATES: tuple[str, ...] = ("met", "late", "missed", "not_applicable")


@record
class Evidence:
    """One event behind a verdict; ``id`` is the event id, ``t`` its drill time."""

    id: int
    t: float
    kind: str
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "t": round(self.t, 3), "kind": self.kind, "note": self.note}


@record
class Outcome:
    """What a rule decides; ``fraction`` of its weight is awarded (ignored when not applicable).

    ``pending`` marks a missed verdict that can still turn into met (the review, which may be
    scheduled after the drill); ``detail`` is a short machine-readable sub-verdict.
    """

    state: State
    fraction: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    pending: bool = False
    detail: str = ""


@record
class CriterionResult:
    name: str
    title: str
    state: State
    points: float
    weight: float
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    pending: bool = False
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "state": self.state,
            "points": self.points,
            "weight": self.weight,
            "explanation": self.explanation,
            "evidence": [e.to_dict() for e in self.evidence],
        }
        if self.pending:
            out["pending"] = True
        if self.detail:
            out["detail"] = self.detail
        return out


@record
class ScoreResult:
    total: float  # out of 100, after dropping not-applicable criteria and rescaling
    criteria: tuple[CriterionResult, ...]  # in playbook checklist order
    metrics: dict[str, float | None]  # seconds
    impact: dict[str, Any] | None
    first_missed_step: dict[str, Any] | None
    first_failed_monitor: dict[str, Any] | None
    people: dict[str, dict[str, Any]]
    severity: dict[str, Any]  # expected / declared / effective
    playbook: str
    applicable_weight: float = 100.0
    deadlines: tuple[dict[str, Any], ...] = ()  # [{criterion, label, t, state}] for drawing
    notes: tuple[str, ...] = field(default_factory=tuple)
    hints: tuple[dict[str, Any], ...] = ()  # [{t, text, cost}]: the facilitator's, in order
    hint_penalty: float = 0.0  # points the hints cost (already taken off ``total``)
    cost: dict[str, Any] | None = None  # cost of delay (gameday.incident.cost)
    load: dict[str, Any] | None = None  # the rate the customers achieved (gameday.incident.load)
    fix: dict[str, Any] | None = None  # how the fix landed (gameday.incident.fix)

    def criterion(self, name: str) -> CriterionResult:
        for c in self.criteria:
            if c.name == name:
                return c
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "applicable_weight": self.applicable_weight,
            "playbook": self.playbook,
            "severity": dict(self.severity),
            "criteria": [c.to_dict() for c in self.criteria],
            "metrics": dict(self.metrics),
            "impact": self.impact,
            "cost": self.cost,
            "load": self.load,
            "fix": self.fix,
            "first_missed_step": self.first_missed_step,
            "first_failed_monitor": self.first_failed_monitor,
            "people": self.people,
            "deadlines": list(self.deadlines),
            "notes": list(self.notes),
            "hints": list(self.hints),
            "hint_penalty": self.hint_penalty,
        }
