"""A module's name for one extension point of the process-wide plugin manager.

``FAULTS``, ``PROBES``, ``ACTIONS``... are ``Shared`` views: each lookup goes to
``gameday.plugins.registries()`` at that moment, so a test that installs its own manager
(``gameday.plugins.using``) is seen everywhere, and nothing is collected before it is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

from gameday.registry import Registry

T = TypeVar("T")


class Shared(Generic[T]):
    """The process-wide registry ``field`` of ``gameday.plugins.registries()``, read-only."""

    def __init__(self, field_name: str) -> None:
        self.field = field_name

    def registry(self) -> Registry[T]:
        from gameday.plugins import registries

        reg: Registry[T] = getattr(registries(), self.field)
        return reg

    @property
    def kind(self) -> str:
        return self.registry().kind

    def get(self, name: str) -> T:
        return self.registry().get(name)

    def owner(self, name: str) -> str:
        return self.registry().owner(name)

    def __contains__(self, name: object) -> bool:
        return name in self.registry()

    def names(self) -> list[str]:
        return self.registry().names()

    def items(self) -> Iterator[tuple[str, T]]:
        return self.registry().items()

    def values(self) -> Iterator[T]:
        return self.registry().values()

    def __len__(self) -> int:
        return len(self.registry())
