"""The typed scenario, as every other part of gameday sees it.

The loader (``gameday.scenario.loader``) is the only code that reads scenario YAML; everything
else (faults, the runner, scoring) works from these frozen dataclasses. Times are seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Difficulty = Literal["easy", "medium", "hard"]
InjectKind = Literal["stakeholder", "noise"]


@dataclass(frozen=True)
class ProbeSpec:
    """A steady-state probe; ``kind`` names a probe type (http, tcp, sql, container, command)."""

    name: str
    kind: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class FaultStep:
    """A fault on the timeline; ``type`` names a fault type, ``name`` is unique per scenario."""

    name: str
    type: str
    at: float
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class InjectStep:
    """A scripted message: a stakeholder asking for news, or a noise alert from elsewhere."""

    name: str
    kind: InjectKind
    at: float
    message: str
    sender: str | None = None  # stakeholder: who asks ("CEO"); noise: the alerting service
    line: int | None = None


@dataclass(frozen=True)
class RootCause:
    category: str  # e.g. certificate, migration, upstream, deploy
    keywords: tuple[str, ...]  # a named cause matches if it contains at least ``min_matches``
    min_matches: int = 1
    summary: str = ""  # the true cause in one sentence (facilitator and scorecard only)


@dataclass(frozen=True)
class RemediationStep:
    """A fix the tool itself can perform in ``selftest``; ``action`` is a remediation name."""

    action: str
    params: dict[str, Any] = field(default_factory=dict)
    line: int | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    briefing: str
    difficulty: Difficulty
    target: str  # a target folder (targets/shop) or an existing compose project name
    severity: int  # the expected severity, 1..4
    steady_state: tuple[ProbeSpec, ...]
    faults: tuple[FaultStep, ...]
    injects: tuple[InjectStep, ...]
    root_cause: RootCause
    remediation: tuple[RemediationStep, ...]
    playbook: str = "default"
    time_limit: float = 45 * 60
    hints: tuple[str, ...] = ()
    score_overrides: dict[str, float] = field(default_factory=dict)  # criterion -> weight
    source: str = ""  # file it was loaded from
    target_dir: str | None = None  # absolute target folder the loader resolved; None = project

    @property
    def target_location(self) -> str:
        """What to hand ``resolve_target``: the folder validation found (which may sit next to
        the scenario file rather than under the current directory), else the project name."""
        return self.target_dir or self.target

    @property
    def fault_types(self) -> tuple[str, ...]:
        return tuple(f.type for f in self.faults)

    @property
    def rollback_service(self) -> str | None:
        """The service whose rollback is an accepted fix (a bad deploy), if any."""
        for step in self.remediation:
            if step.action == "rollback":
                return str(step.params.get("service", "api"))
        return None
