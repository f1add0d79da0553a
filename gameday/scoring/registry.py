"""The criteria registry: every scoring rule, built-in or plugin, comes through the plugin
manager's ``gameday_criteria`` hook, so ``gameday score`` grades with the same rubric whether
or not a scenario file was loaded first.

A rule is a small function ``(facts) -> Outcome``; the playbook gives it its weight. The
``criterion`` decorator declares a rule in its module; a plugin's hook (like the built-in one)
returns ``declared(module)``, or builds ``Criterion`` values itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from gameday.plugins.shared import Shared
from gameday.records import record
from gameday.registry import NAME, RegistryError, accepts

if TYPE_CHECKING:
    from gameday.scoring.facts import Facts
    from gameday.scoring.model import Outcome

Rule = Callable[["Facts"], "Outcome"]


@record
class Criterion:
    name: str
    title: str  # short label for tables ("Page acknowledged")
    rule: Rule


def check_criterion(name: str, item: Criterion) -> None:
    """Registration check of the ``criteria`` extension point (``gameday.plugins``)."""
    if not isinstance(item, Criterion):
        raise RegistryError(f"criterion {name!r} is a {type(item).__name__}, not a Criterion")
    if item.name != name:
        raise RegistryError(f"criterion {name!r} calls itself {item.name!r}")
    if not str(item.title).strip():
        raise RegistryError(f"criterion {name!r} has no title")
    if not accepts(item.rule, 1):
        raise RegistryError(f"criterion {name!r}: rule must be callable as rule(facts)")


# Every criterion, built-in or plugin (filled by the plugin manager on first read).
criteria: Shared[Criterion] = Shared("criteria")

_DECLARED: dict[str, dict[str, Criterion]] = {}  # module -> name -> criterion


def criterion(name: str, title: str) -> Callable[[Rule], Rule]:
    """Decorator: declare ``rule`` as criterion ``name`` of its module (see ``declared``)."""

    def wrap(rule: Rule) -> Rule:
        if not NAME.fullmatch(name):
            raise RegistryError(f"criterion name {name!r} must be letters, digits, _ or -")
        mine = _DECLARED.setdefault(rule.__module__, {})
        if name in mine:
            raise RegistryError(f"criterion {name!r} is declared twice in {rule.__module__}")
        mine[name] = Criterion(name, title, rule)
        return rule

    return wrap


def declared(module: str) -> list[Criterion]:
    """The criteria ``module`` declared with ``@criterion``, in declaration order."""
    return list(_DECLARED.get(module, {}).values())
