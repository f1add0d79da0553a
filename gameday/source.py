"""What every file reader returns: the parsed data plus the line of every key, and the words
errors use for a key's path. Shared by ``gameday.yamlsrc`` (files, JSON) and
``gameday.yamlparse`` (YAML), which must not import each other at module level: reading JSON
never imports PyYAML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from gameday.errors import ValidationError

MAX_NODES = 2_000_000
"""The most values a document may expand to through aliases (a 5 MB timeline has ~500,000)."""
MAX_DEPTH = 64
"""The deepest nesting any gameday format needs is about 8; 64 leaves room for event data."""

PathPart = str | int
Lines = dict[tuple[PathPart, ...], int]


def short(value: object, limit: int = 40) -> str:
    """``repr`` cut to ``limit`` characters, for messages about hostile values."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def format_path(path: Sequence[str | int]) -> str:
    """``("timeline", 2, "at")`` -> ``timeline[2].at`` (the key part of every file error)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).isprintable() and str(part):
            out += ("." if out else "") + str(part)
        else:  # a key with a newline or control character stays on the error's one line
            out += f"[{str(part)!r}]"
    return out or "(top level)"


class Source:
    """Parsed data plus the line (1-based) of every node, keyed by its path.

    The line index is built on first use: a file that reads cleanly never pays for it.
    """

    def __init__(
        self,
        file: str,
        data: Any,
        lines: Lines | None = None,
        *,
        index: Callable[[], Lines] | None = None,
    ) -> None:
        self.file = file
        self.data = data
        self._lines = lines
        self._index = index

    @property
    def lines(self) -> Lines:
        if self._lines is None:
            self._lines = self._index() if self._index is not None else {}
            self._index = None
        return self._lines

    def line(self, path: Sequence[PathPart]) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        lines = self.lines
        p = tuple(path)
        while True:
            if p in lines:
                return lines[p]
            if not p:
                return None
            p = p[:-1]

    def error(self, path: Sequence[PathPart], message: str) -> ValidationError:
        return ValidationError(
            message, file=self.file, line=self.line(path), key=format_path(path) if path else None
        )

    def __repr__(self) -> str:
        return f"Source({self.file!r})"
