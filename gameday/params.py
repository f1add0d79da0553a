"""Typed parameters for registry pieces (faults, probes, remediations, alert rules).

Each piece declares a frozen dataclass of its parameters; ``parse_params`` turns the raw mapping
from a scenario file into that dataclass, so a typo or a wrong type is caught while validating,
long before anything touches Docker. Errors are ``ParamError(key, message)``; loaders prefix the
file, line and path.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, TypeVar

from gameday.durations import parse_duration

P = TypeVar("P")


class ParamError(ValueError):
    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class Duration(float):
    """Marker type: a field annotated ``Duration`` accepts ``90s``/``5m`` and stores seconds."""


def _coerce(key: str, value: Any, hint: Any) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _coerce(key, value, arg)
            except ParamError as exc:
                errors.append(exc.message)
        raise ParamError(key, errors[0] if errors else f"{value!r} is not allowed")
    if origin is typing.Literal:
        if value not in args:
            allowed = ", ".join(repr(a) for a in args)
            raise ParamError(key, f"{value!r} is not one of {allowed}")
        return value
    if origin in (list, tuple) or hint in (list, tuple):
        if not isinstance(value, list | tuple):
            raise ParamError(key, f"expected a list, got {type(value).__name__}")
        item = args[0] if args else Any
        return tuple(_coerce(f"{key}[{i}]", v, item) for i, v in enumerate(value))
    if origin is dict or hint is dict:
        if not isinstance(value, dict):
            raise ParamError(key, f"expected a mapping, got {type(value).__name__}")
        return dict(value)
    if hint is Duration:
        try:
            return parse_duration(value)
        except ValueError as exc:
            raise ParamError(key, str(exc)) from None
    if hint is bool:
        if not isinstance(value, bool):
            raise ParamError(key, f"expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(key, f"expected a whole number, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParamError(key, f"expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ParamError(key, f"expected text, got {type(value).__name__} {value!r}")
        return value
    raise ParamError(key, f"unsupported parameter type {hint!r}")  # a bug in the piece


def parse_params(cls: type[P], raw: Any) -> P:
    """Build the params dataclass ``cls`` from ``raw`` (a mapping or None)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ParamError(None, f"parameters must be a mapping, got {type(raw).__name__}")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        allowed = ", ".join(sorted(fields)) or "none"
        raise ParamError(str(unknown[0]), f"unknown parameter (allowed: {allowed})")
    values = {}
    for name, f in fields.items():
        if name in raw:
            values[name] = _coerce(name, raw[name], hints[name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ParamError(name, "required parameter is missing")
    return cls(**values)
