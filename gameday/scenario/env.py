"""What reading a scenario needs besides the file: the registries its pieces are checked
against, and what earlier keys told (the target's services, the time limit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gameday.registry import Registries
from gameday.scenario.model import DEFAULT_TIME_LIMIT

__all__ = ["Registries", "ScenarioEnv"]

if TYPE_CHECKING:
    from gameday.scenario.targetref import TargetRef


@dataclass
class ScenarioEnv:
    registries: Registries
    file: Path | None = None
    ref: TargetRef | None = None  # set from `target:` before the pieces are read
    time_limit: float = DEFAULT_TIME_LIMIT
    check_references: bool = True  # the playbook a scenario names must exist and be valid
    named_steps: set[int] = field(default_factory=set)  # timeline entries with a `name:` key
