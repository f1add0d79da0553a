"""Typed registries of small pieces (faults, probes, scoring rules, alert rules).

Modelled on pluggy: built-ins register through the very same call a third-party plugin uses,
and every registration is checked when it happens, not when the piece is first used.
Third-party plugins are found through the ``gameday.plugins`` entry-point group; each entry
point is a callable taking the ``Registries`` object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from gameday.errors import GamedayError

T = TypeVar("T")


class RegistryError(GamedayError):
    """A plugin registered something malformed or a name twice."""


class Registry(Generic[T]):
    def __init__(self, kind: str, check: Callable[[str, T], None] | None = None) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._check = check

    def register(self, name: str, item: T) -> T:
        if not name or not name.replace("_", "").replace("-", "").isalnum():
            raise RegistryError(f"{self.kind} name {name!r} must be letters, digits, _ or -")
        if name in self._items:
            raise RegistryError(f"{self.kind} {name!r} is registered twice")
        if self._check is not None:
            self._check(name, item)
        self._items[name] = item
        return item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(sorted(self._items)) or "none"
            raise GamedayError(f"unknown {self.kind} {name!r} (known: {known})") from None

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def names(self) -> list[str]:
        return sorted(self._items)

    def items(self) -> Iterator[tuple[str, T]]:
        yield from sorted(self._items.items())

    def __len__(self) -> int:
        return len(self._items)


def load_entry_point_plugins(group: str, target: object) -> list[str]:
    """Call every ``group`` entry point with ``target``; return the plugin names loaded."""
    from importlib.metadata import entry_points

    loaded = []
    for ep in entry_points(group=group):
        hook = ep.load()
        hook(target)
        loaded.append(ep.name)
    return loaded
