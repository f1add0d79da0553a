"""The criteria registry: every scoring rule, built-in or plugin, registers here.

A rule is a small function ``(facts) -> Outcome``; the playbook gives it its weight. Built-ins
register with the same ``criteria.register`` call a plugin would use (``gameday.plugins``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gameday.registry import Registry, RegistryError

if TYPE_CHECKING:
    from gameday.scoring.facts import Facts
    from gameday.scoring.model import Outcome


@dataclass(frozen=True)
class Criterion:
    name: str
    title: str  # short label for tables ("Page acknowledged")
    rule: Callable[[Facts], Outcome]


def _check(name: str, item: Criterion) -> None:
    if not isinstance(item, Criterion) or item.name != name or not callable(item.rule):
        raise RegistryError(f"criterion {name!r} must be a Criterion whose name is {name!r}")


criteria: Registry[Criterion] = Registry("scoring criterion", check=_check)


def criterion(name: str, title: str) -> Callable[[Callable[[Facts], Outcome]], Callable]:
    """Decorator: register ``rule`` as criterion ``name``."""

    def wrap(rule: Callable[[Facts], Outcome]) -> Callable[[Facts], Outcome]:
        criteria.register(name, Criterion(name, title, rule))
        return rule

    return wrap


def _load_builtins() -> None:
    from gameday.scoring import rules_comms, rules_response  # noqa: F401  (registers)


_load_builtins()
