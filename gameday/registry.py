"""Typed registries of small pieces, and the one ``Registries`` type that holds them all.

Every extension point (fault types, remediations, probes, scoring criteria, alert rules,
responder actions, drill parts, integrations) is a ``Registry``. The shared ones are filled by
the plugin manager (``gameday.plugins``) from its hooks the first time they are read, so a
command that never looks at faults never imports them; every piece is checked when it is
registered, and a refusal says what was expected. Modules keep their historical names
(``PROBES``, ``ACTIONS``, ...) as ``gameday.plugins.shared.Shared`` views, looked up on every
use so a test that installs its own plugin manager is seen everywhere.
"""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from gameday.errors import GamedayError
from gameday.records import record

if TYPE_CHECKING:
    from gameday.drill.actionspec import ActionSpec
    from gameday.drill.alerts import AlertRuleSpec
    from gameday.drill.part import PartSpec
    from gameday.faults import FaultType, Remediation
    from gameday.integrations.spec import IntegrationSpec
    from gameday.probes.base import ProbeType
    from gameday.scoring.registry import Criterion

T = TypeVar("T")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


class RegistryError(GamedayError):
    """A plugin registered something malformed or a name twice."""


class Registry(Generic[T]):
    """Named pieces of one kind. ``check`` raises ``RegistryError`` for a malformed piece;
    ``expected`` (what a well-formed piece looks like) is added to that message. ``fill``, if
    given, registers the pieces on first read (the plugin manager's hook call)."""

    def __init__(
        self,
        kind: str,
        check: Callable[[str, T], None] | None = None,
        *,
        expected: str = "",
        fill: Callable[[Registry[T]], None] | None = None,
    ) -> None:
        self.kind = kind
        self.expected = expected
        self.refused: dict[str, str] = {}  # name -> why a plugin's piece was refused
        self._items: dict[str, T] = {}
        self._owners: dict[str, str] = {}
        self._check = check
        self._fill = fill
        self._filling = False
        self._lock = threading.RLock()

    def _ready(self) -> dict[str, T]:
        if self._fill is None:
            return self._items
        with self._lock:  # other threads wait; the filling thread itself sees the partial set
            fill = self._fill
            if fill is not None and not self._filling:
                self._filling = True
                try:
                    fill(self)
                finally:
                    self._fill = None
                    self._filling = False
        return self._items

    @property
    def filled(self) -> bool:
        return self._fill is None

    def register(self, name: str, item: T, *, plugin: str = "") -> T:
        items = self._ready()
        if not isinstance(name, str) or not NAME.fullmatch(name):
            raise RegistryError(f"{self.kind} name {name!r} must be letters, digits, _ or -")
        if name in items:
            owner = self._owners.get(name)
            by = f" (first by plugin {owner!r})" if owner else ""
            raise RegistryError(f"{self.kind} {name!r} is registered twice{by}")
        if self._check is not None:
            try:
                self._check(name, item)
            except RegistryError as exc:
                if not self.expected:
                    raise
                raise RegistryError(f"{exc}; expected {self.expected}") from None
        items[name] = item
        if plugin:
            self._owners[name] = plugin
        return item

    def get(self, name: str) -> T:
        items = self._ready()
        try:
            return items[name]
        except KeyError:
            known = ", ".join(sorted(items)) or "none"
            why = self.refused.get(name)
            hint = "run `gameday plugins` to see every plugin and its problems" if why else None
            refused = f"; a plugin offered it but it was refused: {why}" if why else ""
            raise GamedayError(
                f"unknown {self.kind} {name!r} (known: {known}){refused}", hint=hint
            ) from None

    def owner(self, name: str) -> str:
        """The plugin that registered ``name`` ("" for a piece registered by hand)."""
        self._ready()
        return self._owners.get(name, "")

    def __contains__(self, name: object) -> bool:
        return name in self._ready()

    def names(self) -> list[str]:
        return sorted(self._ready())

    def items(self) -> Iterator[tuple[str, T]]:
        yield from sorted(self._ready().items())

    def values(self) -> Iterator[T]:
        """The pieces, in name order."""
        items = self._ready()
        for name in sorted(items):
            yield items[name]

    def __len__(self) -> int:
        return len(self._ready())


def _empty(kind: str) -> Callable[[], Registry[Any]]:
    return lambda: Registry(kind)


@record(eq=False)  # identity, not contents, makes two equal
class Registries:
    """Every extension point, one registry each: what the scenario loader checks against,
    what the runner picks alert rules from, what scoring and the actions read. The shared
    instance is ``gameday.plugins.registries()``; tests build private ones."""

    faults: Registry[FaultType] = field(default_factory=_empty("fault type"))
    remediations: Registry[Remediation] = field(default_factory=_empty("remediation"))
    probes: Registry[ProbeType[Any]] = field(default_factory=_empty("probe"))
    criteria: Registry[Criterion] = field(default_factory=_empty("scoring criterion"))
    alert_rules: Registry[AlertRuleSpec] = field(default_factory=_empty("alert rule"))
    actions: Registry[ActionSpec] = field(default_factory=_empty("action"))
    drill_parts: Registry[PartSpec] = field(default_factory=_empty("drill part"))
    integrations: Registry[IntegrationSpec] = field(default_factory=_empty("integration"))


def accepts(fn: object, n: int) -> bool:
    """Whether ``fn`` can be called with ``n`` positional arguments (checked at registration,
    so a plugin's wrong signature is refused up front instead of failing mid-drill)."""
    if not callable(fn):
        return False
    try:
        inspect.signature(fn).bind(*([None] * n))
    except TypeError:
        return False
    except ValueError:  # a builtin without a signature: trust it
        return True
    return True
