"""Small typed readers over a ``Source`` that collect errors instead of stopping at the first.

``gameday validate`` shows every problem in a file at once, one ``file:line: key: message``
line each; the loader keeps going after an error and returns ``None`` for values it could
not read, so one typo does not hide the next.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from gameday.durations import parse_duration
from gameday.errors import ValidationError
from gameday.params import ParamError
from gameday.yamlsrc import PathPart, Source

Path_ = tuple[PathPart, ...]
_KEY_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value[:40]!r}"
    return f"{type(value).__name__} {value!r}"


def param_path(base: Path_, key: str | None) -> Path_:
    """``ParamError.key`` such as ``argv[2]`` or ``headers.x`` as a path under ``base``."""
    if not key:
        return base
    parts: list[PathPart] = []
    for m in _KEY_PART.finditer(key):
        parts.append(int(m.group(2)) if m.group(2) is not None else m.group(1))
    return (*base, *parts)


class Checker:
    def __init__(self, source: Source) -> None:
        self.source = source
        self.errors: list[ValidationError] = []
        self.missing: set[Path_] = set()

    def fail(self, path: Sequence[PathPart], message: str) -> None:
        if tuple(path) in self.missing:
            return  # "required key 'x' is missing" already says it
        err = self.source.error(path, message)
        if err.line is None:  # an empty file has no lines; point at its start
            err = ValidationError(message, file=err.file, line=1, key=err.key)
        self.errors.append(err)

    def param_error(self, base: Path_, exc: ParamError) -> None:
        self.fail(param_path(base, exc.key), exc.message)

    # --- structure -------------------------------------------------------------------------
    def mapping(self, path: Path_, value: Any, what: str = "a mapping") -> dict | None:
        if not isinstance(value, dict):
            self.fail(path, f"expected {what}, got {_type_name(value)}")
            return None
        bad = [k for k in value if not isinstance(k, str)]
        if bad:
            self.fail(path, f"keys must be text, got {bad[0]!r}")
            return None
        return value

    def keys(
        self,
        path: Path_,
        value: dict,
        required: Iterable[str],
        optional: Iterable[str] = (),
        *,
        extensions: bool = False,
    ) -> None:
        """Report unknown and missing keys; ``extensions`` allows ``x-...`` keys (anchors)."""
        required = tuple(required)
        allowed = (*required, *optional)
        for key in value:
            if key not in allowed and not (extensions and key.startswith("x-")):
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.fail((*path, key), f"unknown key{hint} (allowed: {', '.join(allowed)})")
        for key in required:
            if key not in value:
                self.fail((*path, key), "required key is missing")
                self.missing.add((*path, key))

    def list(self, path: Path_, value: Any, *, min_items: int = 0) -> list | None:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, got {_type_name(value)}")
            return None
        if len(value) < min_items:
            self.fail(path, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
        return value

    # --- scalars ---------------------------------------------------------------------------
    def text(
        self, path: Path_, value: Any, *, pattern: re.Pattern | None = None, rule: str = ""
    ) -> str | None:
        if not isinstance(value, str):
            self.fail(path, f"expected text, got {_type_name(value)}")
            return None
        if not value.strip():
            self.fail(path, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.fail(path, f"{value!r} {rule}")
            return None
        return value

    def integer(self, path: Path_, value: Any, lo: int, hi: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, f"expected a whole number, got {_type_name(value)}")
            return None
        if value < lo or (hi is not None and value > hi):
            bounds = f"{lo}..{hi}" if hi is not None else f"{lo} or more"
            self.fail(path, f"{value} is out of range ({bounds})")
            return None
        return value

    def number(self, path: Path_, value: Any, lo: float = 0.0) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(path, f"expected a number, got {_type_name(value)}")
            return None
        if value < lo:
            self.fail(path, f"{value} is below {lo:g}")
            return None
        return float(value)

    def duration(self, path: Path_, value: Any) -> float | None:
        try:
            return parse_duration(value)
        except ValueError as exc:
            self.fail(path, str(exc))
            return None

    def choice(self, path: Path_, value: Any, choices: Sequence[str]) -> str | None:
        if not isinstance(value, str) or value not in choices:
            self.fail(path, f"{value!r} is not one of {', '.join(choices)}")
            return None
        return value

    def text_list(self, path: Path_, value: Any, *, min_items: int = 0) -> tuple[str, ...]:
        items = self.list(path, value, min_items=min_items)
        out: list[str] = []
        for i, item in enumerate(items or []):
            text = self.text((*path, i), item)
            if text is not None:
                out.append(text)
        return tuple(out)

    def unique(self, path: Path_, name: str, seen: dict[str, Path_], what: str) -> None:
        """Record ``name`` at ``path``; report it if it was used before."""
        if name in seen:
            first = self.source.line(seen[name])
            where = f" (first on line {first})" if first else ""
            self.fail(path, f"duplicate {what} {name!r}{where}")
        else:
            seen[name] = path


def safely(fn: Callable[[], Any]) -> tuple[Any, ParamError | None]:
    """Run a params parser; a ``ParamError`` is returned, not raised."""
    try:
        return fn(), None
    except ParamError as exc:
        return None, exc
