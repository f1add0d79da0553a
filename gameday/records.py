"""``record``: how gameday declares a value type (a frozen dataclass), made cheaper to create.

Python 3.11 compiles every method a dataclass generates with its own ``exec``, about a tenth of
a millisecond each, and ``gameday score`` imports some 80 frozen dataclasses before it reads a
line (event payloads, the scenario and playbook models, the file formats): about 70 ms of a
10,000-event score on a slow day, more than reading the events. ``==``, ``hash()`` and
``repr()`` are the same for every record, so a record shares one function for each instead of
compiling three of its own (benchmarks/README.md); Python 3.13 batches the rest into one
``exec`` itself. Everything else is the standard dataclass: ``fields``, ``replace``,
``asdict`` and ``__dataclass_params__.frozen`` work as before, and a method the class body
defines is kept, as ``dataclass`` keeps it.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["record"]

T = TypeVar("T")

_COMPARED: dict[type, Callable[[Any], Any]] = {}
_HASHED: dict[type, Callable[[Any], Any]] = {}
_SHOWN: dict[type, tuple[str, ...]] = {}


def _getter(names: list[str]) -> Callable[[Any], Any]:
    """The field values as one tuple (``attrgetter`` of one name returns the bare value)."""
    if not names:
        return lambda _obj: ()
    get = attrgetter(*names)
    return get if len(names) > 1 else lambda obj: (get(obj),)


def _compared(cls: type) -> Callable[[Any], Any]:
    got = _COMPARED.get(cls)
    if got is None:
        got = _COMPARED[cls] = _getter([f.name for f in dataclasses.fields(cls) if f.compare])
    return got


def _eq(self: Any, other: Any) -> Any:
    """As a dataclass compares: same class, then the compared fields in order."""
    if other.__class__ is not self.__class__:
        return NotImplemented
    values = _compared(self.__class__)
    return values(self) == values(other)


def _hash(self: Any) -> int:
    """As a frozen dataclass hashes: the tuple of its hashed fields."""
    cls = self.__class__
    values = _HASHED.get(cls)
    if values is None:
        names = [
            f.name for f in dataclasses.fields(cls) if (f.compare if f.hash is None else f.hash)
        ]
        values = _HASHED[cls] = _getter(names)
    return hash(values(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    cls = self.__class__
    names = _SHOWN.get(cls)
    if names is None:
        names = _SHOWN[cls] = tuple(f.name for f in dataclasses.fields(cls) if f.repr)
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
    return f"{cls.__qualname__}({shown})"


def _share(cls: type, eq: bool) -> None:
    own = cls.__dict__
    if "__repr__" not in own:
        cls.__repr__ = _repr  # type: ignore[assignment]
    if not eq:
        return
    if "__eq__" not in own:
        cls.__eq__ = _eq  # type: ignore[assignment]
    # a body that defines __eq__ and no __hash__ gets __hash__ = None from Python: not its own
    explicit = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if not explicit:
        cls.__hash__ = _hash  # type: ignore[assignment]


@overload
def record(cls: type[T], /) -> type[T]: ...


@overload
def record(*, kw_only: bool = False, eq: bool = True) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True)
def record(
    cls: type[T] | None = None, /, *, kw_only: bool = False, eq: bool = True
) -> type[T] | Callable[[type[T]], type[T]]:
    """``@dataclass(frozen=True)`` (``kw_only`` as there); ``eq=False``: two records are equal
    only when they are the same object, and hash by identity."""

    def wrap(c: type[T]) -> type[T]:
        made = dataclasses.dataclass(c, frozen=True, repr=False, eq=False, kw_only=kw_only)
        _share(made, eq)
        return made

    return wrap if cls is None else wrap(cls)
