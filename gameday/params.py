"""Typed parameters for registry pieces (faults, probes, remediations, alert rules, actions).

Each piece declares a frozen dataclass of its parameters; they are read by the same reader as
every file format (``gameday.formats.core``), so a typo, a wrong type, ``.nan`` or an absurd
number is refused the same way in a scenario file, on the command line, over HTTP and in an
autopilot script. ``parse_params`` raises the first problem as ``ParamError(key, message)``
(callers prefix file, line and path); format readers use ``read_piece_params`` to report all.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

from gameday.formats.core import (
    INVALID,
    Duration,
    Path_,
    Reader,
    _key_parts,
    read_value,
    type_name,
)
from gameday.yamlsrc import format_path

if TYPE_CHECKING:
    from gameday.formats.core import Check

from gameday.formats.types import Delay, Percent, ProbeTimeout, Seconds, Timeout

__all__ = [
    "Delay",
    "Duration",
    "ParamError",
    "Percent",
    "ProbeTimeout",
    "Seconds",
    "Timeout",
    "param_path",
    "params_class",
    "parse_params",
]
"""Bounded field types for piece params: ``timeout: Timeout = 60.0`` refuses ``.inf``, ``0s``
and ``100d`` with a message; a plain ``Duration`` is bounded by a year."""

P = TypeVar("P")


class ParamError(ValueError):
    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def _first(issues: list[tuple[Path_, str]]) -> ParamError:
    path, message = issues[0]
    return ParamError(format_path(path) if path else None, message)


def parse_params(cls: type[P], raw: Any) -> P:
    """Build the params dataclass ``cls`` from ``raw`` (a mapping or None)."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ParamError(None, f"parameters must be a mapping, got {type_name(raw)}")
    reader = Reader(noun="parameter")
    value = read_value(cls, raw, reader)
    if reader.issues:
        raise _first(reader.issues)
    return value


def param_path(key: str | None) -> Path_:
    """``ParamError.key`` such as ``argv[2]`` or ``headers.x`` as path parts."""
    return _key_parts(key) if key else ()


def params_class(piece: Any) -> type | None:
    """A piece's params dataclass (``Params`` on faults/remediations/actions, ``params`` on
    probes), or None when it declares none."""
    for attr in ("Params", "params"):
        cls = getattr(piece, attr, None)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls):
            return cls
    return None


def read_piece_params(check: Check, piece: Any, raw: Any, *rel: str | int) -> Any:
    """Read ``raw`` as ``piece``'s params under ``rel``, reporting every problem; then the
    piece's own ``parse_params`` (its cross-field checks). INVALID on any problem."""
    if raw is None:
        raw = {}
    cls = params_class(piece)
    reader = check.reader
    value: Any = raw
    if cls is not None:
        saved = reader.noun
        reader.noun = "parameter"
        try:
            value = check.read(cls, raw, *rel)
        finally:
            reader.noun = saved
        if value is INVALID:
            return INVALID
    parse = getattr(piece, "parse_params", None)
    if not callable(parse):
        return value
    try:
        return parse(raw)
    except ParamError as exc:
        check.fail((*rel, *param_path(exc.key)), exc.message)
        return INVALID
