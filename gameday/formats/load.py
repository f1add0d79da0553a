"""File -> typed value, with every problem as its own ``file:line: key: message``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from gameday.errors import ValidationError
from gameday.formats.core import INVALID, Path_, Reader, gc_paused, read_value
from gameday.yamlsrc import MAX_BYTES, Source, load_file

T = TypeVar("T")


class FormatInvalid(ValidationError):
    """A file with one or more problems; ``errors`` holds each as its own line.

    ``str()`` is the first problem (one line, for the CLI); ``gameday validate`` prints all.
    """

    def __init__(self, errors: list[ValidationError]) -> None:
        first = errors[0]
        more = len(errors) - 1
        hint = f"{more} more problem(s): run `gameday validate {first.file}`" if more else None
        super().__init__(first.reason, file=first.file, line=first.line, key=first.key, hint=hint)
        self.errors = errors


def errors_of(source: Source, issues: list[tuple[Path_, str]]) -> list[ValidationError]:
    """Issues as ``ValidationError``s in reading order, each once; an empty file is line 1."""
    out: list[ValidationError] = []
    seen: set[tuple[Path_, str]] = set()
    for path, message in issues:
        if (path, message) in seen:
            continue
        seen.add((path, message))
        err = source.error(path, message)
        if err.line is None:
            err = ValidationError(message, file=err.file, line=1, key=err.key)
        out.append(err)
    return out


def read_source(hint: type[T], source: Source, env: Any = None) -> T:
    """``source.data`` as ``hint``; raises ``FormatInvalid`` listing every problem."""
    reader = Reader(env, line_of=source.line)
    with gc_paused():
        value = read_value(hint, source.data, reader)
    if reader.issues or value is INVALID:
        issues = reader.issues or [((), "invalid")]
        raise FormatInvalid(errors_of(source, issues))
    return value


def load(hint: type[T], path: str | Path, env: Any = None, *, max_bytes: int = MAX_BYTES) -> T:
    """Read ``path`` safely (``gameday.yamlsrc``) and then as ``hint``."""
    with gc_paused():
        source = load_file(path, max_bytes=max_bytes)
    return read_source(hint, source, env)
