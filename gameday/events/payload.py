"""The base of every typed event, and the tolerant reading of ``Event.data`` into its fields.

A timeline may come from an older or newer runner, or be typed by hand, so reading it must never
fail: a field that is missing or of the wrong type reads as its default (``None``, ``""``...),
never as an exception, and a bool is never taken for a number (YAML ``sev: true`` is not SEV 1).
Fields are declared once, as dataclass fields with their types; ``read`` follows those types.
"""

from __future__ import annotations

import math
import types
import typing
from dataclasses import MISSING, Field, dataclass, fields
from datetime import datetime
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin

from gameday.durations import format_duration
from gameday.events import SYSTEM_ACTOR, Event

T = TypeVar("T", bound="TypedEvent")


@dataclass(frozen=True)
class TypedEvent:
    """An ``Event`` read through its kind's payload type; the envelope stays on ``raw``."""

    KIND: ClassVar[str] = ""
    raw: Event

    @property
    def id(self) -> int:
        return self.raw.id

    @property
    def t(self) -> float:
        return self.raw.t

    @property
    def wall(self) -> datetime:
        return self.raw.wall

    @property
    def actor(self) -> str:
        return self.raw.actor

    @property
    def kind(self) -> str:
        return self.raw.kind

    @property
    def by_system(self) -> bool:
        return self.raw.actor == SYSTEM_ACTOR

    def text(self, *, public: bool = False) -> str:
        """What happened, in one line (without time or actor). ``public``: for responders'
        eyes, so nothing that gives the drill away (noise flags, premature resolves)."""
        return short_data(self.raw)

    @classmethod
    def read(cls: type[T], e: Event) -> T:
        """Build from ``e.data`` field by field; never raises for bad data."""
        data = e.data if isinstance(e.data, dict) else {}
        values: dict[str, Any] = {}
        for f in _payload_fields(cls):
            key = f.metadata.get("key", f.name)
            values[f.name] = coerce(_hints(cls)[f.name], data.get(key), _default(f))
        return cls(raw=e, **values)


def short_data(e: Event, limit: int = 140) -> str:
    """``kind key=value, ...`` for kinds nobody described (yet)."""
    data = e.data if isinstance(e.data, dict) else {}
    text = ", ".join(f"{k}={v}" for k, v in data.items())
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return f"{e.kind} {text}".strip()


def dur(seconds: float | None) -> str:
    return format_duration(seconds)


# --- reading fields ------------------------------------------------------------------------
_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


def _payload_fields(cls: type) -> list[Field[Any]]:
    return [f for f in fields(cls) if f.name != "raw"]


def _default(f: Field[Any]) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return None


def coerce(hint: Any, value: Any, default: Any) -> Any:
    """``value`` as type ``hint`` if it is (or plainly reads as) one, else ``default``."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        for option in options:
            got = coerce(option, value, _NOPE)
            if got is not _NOPE:
                return got
        return default
    if hint is bool:
        return value if isinstance(value, bool) else default
    if isinstance(value, bool):
        return default  # a bool is never a number or a text here
    if hint is int:
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return default
    if hint is float:
        if isinstance(value, int | float) and math.isfinite(value):
            return float(value)
        return default
    if hint is str:
        if isinstance(value, str):
            return value
        if isinstance(value, int | float):
            return str(value)
        return default
    if origin is tuple:
        if not isinstance(value, list | tuple):
            return default
        return tuple(str(v) for v in value if isinstance(v, str | int | float))
    if origin is dict or hint is dict:
        return dict(value) if isinstance(value, dict) else default
    return value if value is not None else default


_NOPE = object()
