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
from collections.abc import Callable
from dataclasses import MISSING, Field, fields
from datetime import datetime
from typing import Any, ClassVar, TypeVar, Union, get_args, get_origin

from gameday.durations import format_duration
from gameday.events import SYSTEM_ACTOR, Event
from gameday.records import record

T = TypeVar("T", bound="TypedEvent")


@record
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
        """Build from ``e.data`` field by field; never raises for bad data. Kept on the event
        (events are immutable): the fold, the impact, the SVG and the event log each read a
        long drill's thousands of customer stats, once between them."""
        kept = e.__dict__.get(_KEPT)
        if kept.__class__ is cls:
            return kept
        reader = _READERS.get(cls)
        if reader is None:
            reader = _READERS[cls] = _generate_reader(cls)
        got = reader(e)
        e.__dict__[_KEPT] = got  # not a field: equality, replace() and to_dict() ignore it
        return got  # type: ignore[no-any-return]


_KEPT = "_typed"


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
Converter = Callable[[Any, Any], Any]
FieldSpec = tuple[str, str, Converter, Callable[[], Any]]
_SPECS: dict[type, tuple[FieldSpec, ...]] = {}


def _spec(cls: type) -> tuple[FieldSpec, ...]:
    """(field, data key, converter, default maker) per payload field, worked out once per type:
    reading a long timeline converts thousands of events."""
    spec = _SPECS.get(cls)
    if spec is None:
        hints = typing.get_type_hints(cls)
        spec = tuple(
            (f.name, f.metadata.get("key", f.name), converter(hints[f.name]), _default(f))
            for f in fields(cls)
            if f.name != "raw"
        )
        _SPECS[cls] = spec
    return spec


_READERS: dict[type, Callable[[Event], Any]] = {}
# The check a well-formed value passes without a call (the converter decides the rest): the
# common case of a long timeline's thousands of events, read field by field.
_INLINE: dict[Converter, str] = {}


def _generate_reader(cls: type) -> Callable[[Event], Any]:
    """Straight-line reading code for ``cls``: each field's value kept when it already has the
    field's type (a finite float, an int, a text, a bool), else its converter decides. A frozen
    dataclass's __init__ sets each field through object.__setattr__; filling the instance's
    dict in one step is several times faster over a long timeline's events."""
    ns: dict[str, Any] = {"new": object.__new__, "cls": cls}
    lines = [
        "def read(e):",
        "    data = e.data",
        "    if data.__class__ is not dict:",
        "        data = data if isinstance(data, dict) else {}",
        "    get = data.get",
        "    obj = new(cls)",
    ]
    names = []
    for i, (name, key, conv, fresh) in enumerate(_spec(cls)):
        ns[f"conv{i}"], ns[f"fresh{i}"] = conv, fresh
        keep = _INLINE.get(conv)
        lines.append(f"    v = get({key!r})")
        slow = f"conv{i}(v, fresh{i}())"
        lines.append(f"    f{i} = v if {keep} else {slow}" if keep else f"    f{i} = {slow}")
        names.append(f"{name!r}: f{i}")
    lines.append(f"    obj.__dict__.update({{{', '.join(names)}}}, raw=e)")
    lines.append("    return obj")
    exec(compile("\n".join(lines), f"<gameday.events reader of {cls.__name__}>", "exec"), ns)
    return ns["read"]  # type: ignore[no-any-return]


def _default(f: Field[Any]) -> Callable[[], Any]:
    if f.default is not MISSING:
        value = f.default
        return lambda: value
    if f.default_factory is not MISSING:
        return f.default_factory
    return lambda: None


def _bool(v: Any, d: Any) -> Any:
    return v if isinstance(v, bool) else d


def _int(v: Any, d: Any) -> Any:
    if isinstance(v, bool):
        return d  # a bool is never a number here
    if isinstance(v, int):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return d


def _float(v: Any, d: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
        return d
    return float(v)


def _str(v: Any, d: Any) -> Any:
    if isinstance(v, str):
        return v
    if isinstance(v, int | float) and not isinstance(v, bool):
        return str(v)
    return d


def _names(v: Any, d: Any) -> Any:
    if not isinstance(v, list | tuple):
        return d
    return tuple(str(x) for x in v if isinstance(x, str | int | float) and not isinstance(x, bool))


def _mapping(v: Any, d: Any) -> Any:
    return dict(v) if isinstance(v, dict) else d


def _any(v: Any, d: Any) -> Any:
    return v if v is not None else d


_SIMPLE: dict[Any, Converter] = {bool: _bool, int: _int, float: _float, str: _str}
_INLINE.update(
    {
        _bool: "v.__class__ is bool",
        _int: "v.__class__ is int",
        _float: "v.__class__ is float and v - v == 0.0",  # finite: inf - inf and nan are nan
        _str: "v.__class__ is str",
    }
)


def converter(hint: Any) -> Converter:
    """The reader for a field of type ``hint``: the value if it is (or plainly reads as) one,
    else the default. ``X | None`` reads as ``X`` (its default is ``None``)."""
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        return converter(options[0]) if len(options) == 1 else _any
    if hint in _SIMPLE:
        return _SIMPLE[hint]
    if origin is tuple:
        return _names
    if origin is dict or hint is dict:
        return _mapping
    return _any


def coerce(hint: Any, value: Any, default: Any) -> Any:
    """``value`` read as type ``hint``, else ``default`` (see ``converter``)."""
    return converter(hint)(value, default)
