"""Read a file once, safely, keeping the line of every key, so errors can name file, line, key.

Every gameday file (scenario, playbook, team, autopilot script, timeline, scorecard) comes in
through ``load_file``, so each kind of hostile input is handled here, once:

* only regular files are read (a FIFO would block forever, ``/dev/zero`` never ends): the file
  is opened non-blocking, ``fstat``-ed, and read up to a byte limit;
* text must be UTF-8 without control characters (NUL, C0, C1), which YAML forbids anyway;
* YAML is composed by libyaml's C parser when it is there (``CParser`` keeps marks), else by
  PyYAML's own; values are built by a ``SafeConstructor`` whose failures (``!!int two``,
  ``!!bool maybe``, ``!!timestamp yesterday``, a 5,000-digit integer) become errors on their
  line instead of tracebacks. Unquoted dates stay text: a date is read where a date is expected,
  so ``2026-02-30`` is an error there and harmless text anywhere else;
* aliases may not expand to more than ``source.MAX_NODES`` nodes (a "billion laughs" file is a few
  lines) and documents may not nest deeper than ``source.MAX_DEPTH``;
* ``.json`` files are read by the json parser (many times faster); the line of a key is worked
  out from the text only when an error needs it.

``Source.line(path)`` answers "which line is ``timeline[2].at`` on?"; typed readers
(``gameday.formats``) raise ``Source.error(path, message)`` -> ``file:line: key: message``.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from gameday.errors import ValidationError
from gameday.source import Lines, PathPart, Source, format_path, short

__all__ = [
    "MAX_BYTES",
    "Lines",
    "PathPart",
    "Source",
    "format_path",
    "load_file",
    "parse_json",
    "parse_text",
    "read_head",
    "read_text",
    "short",
]

MAX_BYTES = 1_000_000
"""Scenario-like files are hand-written; anything bigger is a mistake (or an attack)."""
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_ASCII_FORBIDDEN = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
"""``_FORBIDDEN``'s ASCII part: text that is all ASCII can hold nothing else of it."""


def _control_error(text: str, file: str) -> ValidationError | None:
    if text.isascii():  # the common case, checked in C at ~5x the regex's speed (a long drill)
        raw = text.encode("ascii")
        if len(raw.translate(None, _ASCII_FORBIDDEN)) == len(raw):
            return None
    m = _FORBIDDEN.search(text)
    if m is None:
        return None
    line = text.count("\n", 0, m.start()) + 1
    return ValidationError(
        f"control character U+{ord(m.group()):04X} is not allowed in the file", file=file, line=line
    )


LIFT_BYTES = 64 * 1024
"""Text longer than this has its long runs of JSON lines read by the json parser
(``gameday.yamlrecords``): what a scorecard or timeline with thousands of events is made of."""


def parse_text(text: str, file: str) -> Source:
    """Parse YAML ``text``; every failure is a ``ValidationError`` naming ``file`` and line."""
    text = text.removeprefix("\ufeff")
    bad = _control_error(text, file)
    if bad is not None:
        raise bad
    if len(text) > LIFT_BYTES:
        from gameday.yamlrecords import lift

        lifted = lift(text, _pairs)
        if lifted is not None:
            try:
                head = _parse(lifted.text, file)
            except ValidationError:  # reported from the original text, on its own line
                head = None
            data = lifted.splice(head.data) if head is not None else None
            if head is not None and data is not None:
                index = lifted.lines
                return Source(file=file, data=data, index=lambda: index(lambda: head.lines))
    return _parse(text, file)


def _parse(text: str, file: str) -> Source:
    """YAML ``text`` read by ``gameday.yamlparse`` (PyYAML is imported only when a YAML file
    is read: a responder's command reads ``drill.json`` and the event log, never YAML)."""
    from gameday.yamlparse import parse_yaml

    return parse_yaml(text, file)


# --- JSON ------------------------------------------------------------------------------------
def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen:
                raise ValueError(f"duplicate key {short(k)}")
            seen.add(k)
    return out


def parse_json(text: str, file: str) -> Source:
    """Parse JSON ``text`` with the json module; lines are worked out only on demand."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"invalid JSON: {exc.msg}", file=file, line=exc.lineno) from None
    except ValueError as exc:  # NaN/Infinity, duplicate keys, a 5,000-digit number
        raise ValidationError(f"invalid JSON: {exc}", file=file, line=1) from None
    except RecursionError:
        raise ValidationError("invalid JSON: nested too deeply", file=file, line=1) from None
    return Source(file=file, data=data, index=lambda: json_lines(text))


_JSON_TOKEN = re.compile(r'\s*(?:([\[\]{}:,])|("(?:[^"\\]|\\.)*")|([^\s\[\]{}:,"]+))', re.DOTALL)


def json_lines(text: str) -> Lines:
    """The line of every key and item of a JSON document (only called to report an error)."""
    out: Lines = {(): 1}
    # one entry per open container: [is_object, path, current key or next index, wants_key]
    stack: list[list[Any]] = []
    line, last = 1, 0
    for m in _JSON_TOKEN.finditer(text):
        group = m.lastindex or 1
        start = m.start(group)
        line += text.count("\n", last, start)
        last = start
        token = m.group(group)
        top = stack[-1] if stack else None
        if group == 1 and token in "}]":
            if stack:
                stack.pop()
            continue
        if group == 1 and token in ",:":
            if top is not None and top[0]:
                top[3] = token == ","
            continue
        if top is not None and top[0] and top[3]:  # an object's key
            try:
                key = json.loads(token) if group == 2 else token
            except ValueError:
                key = token.strip('"')
            top[2] = key
            out.setdefault((*top[1], key), line)
            top[3] = False
            continue
        path: tuple[PathPart, ...] = ()
        if top is not None:
            path = (*top[1], top[2])
            if not top[0]:
                top[2] += 1
                out.setdefault(path, line)
        if token == "{" and group == 1:
            stack.append([True, path, None, True])
        elif token == "[" and group == 1:
            stack.append([False, path, 0, False])
    return out


# --- files -----------------------------------------------------------------------------------
def _open_regular(path: str | Path, *, max_bytes: int) -> int:
    """A blocking descriptor of the regular file ``path`` no larger than ``max_bytes`` (0: any
    size); everything else (a FIFO, a device, a folder, a missing file) is a ``ValidationError``."""
    name = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise ValidationError("no such file", file=name) from None
    except ValueError:  # an embedded NUL
        raise ValidationError("is not a valid file name", file=short(name)) from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO nobody writes to
            raise ValidationError("is not a regular file", file=name) from None
        raise ValidationError(f"cannot read: {exc.strerror}", file=name) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            kind = "JSON" if name.endswith(".json") else "YAML"
            raise ValidationError(f"is a directory, expected a {kind} file", file=name)
        if not stat.S_ISREG(st.st_mode):
            raise ValidationError(
                "is not a regular file (a FIFO, device or socket); gameday reads only files",
                file=name,
            )
        if max_bytes and st.st_size > max_bytes:
            raise ValidationError(
                f"file is {st.st_size:,} bytes; the limit is {max_bytes:,}", file=name, line=1
            )
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_upto(fd: int, limit: int, name: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise ValidationError(f"cannot read: {exc.strerror}", file=name) from None
    return b"".join(chunks)


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The UTF-8 text of a regular file, read safely; errors are ``ValidationError``."""
    name = str(path)
    fd = _open_regular(path, max_bytes=max_bytes)
    try:
        raw = _read_upto(fd, max_bytes, name)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew while we read it
        raise ValidationError(
            f"file is over {max_bytes:,} bytes; the limit is {max_bytes:,}", file=name, line=1
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ValidationError("not UTF-8 text", file=name, line=line) from None


def read_head(path: str | Path, limit: int) -> bytes:
    """At most the first ``limit`` bytes of a regular file, whatever its size (a header line),
    with the same refusals as ``read_text``."""
    fd = _open_regular(path, max_bytes=0)
    try:
        return _read_upto(fd, limit - 1, str(path))
    finally:
        os.close(fd)


def load_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Source:
    """Read and parse ``path`` (JSON when it ends in ``.json``, else YAML).

    Every failure is a ``ValidationError`` naming the file. ``max_bytes``: machine-written
    files (exported timelines, scorecards) may be larger.
    """
    name = str(path)
    text = read_text(path, max_bytes=max_bytes)
    if name.endswith(".json"):
        bad = _control_error(text, name)
        if bad is not None:
            raise bad
        return parse_json(text, name)
    data = parsed_ahead(name, text)
    if data is not _NOT_AHEAD:  # the lines only when an error needs them
        return Source(file=name, data=data, index=lambda: parse_text(text, name).lines)
    return parse_text(text, name)


PARSED_AHEAD = "gameday._parsed"
"""Shipped YAML files (the playbooks) parsed ahead of time by ``scripts/compile_playbooks.py``:
one module per file name, holding the file's ``TEXT`` and ``data()``, what it parses to (read
from its bytecode like any module). PyYAML takes ~15 ms to import, and ``gameday score`` of a
JSON timeline needs it for nothing else (benchmarks/README.md)."""
_NOT_AHEAD = object()


def ahead_module(path: str) -> str:
    """The module that would hold ``path`` parsed ahead: ``default.yaml`` -> ``default_yaml``."""
    return re.sub(r"\W", "_", os.path.basename(path))


def parsed_ahead(path: str, text: str) -> Any:
    """Fresh data parsed ahead of time for a file named like ``path`` holding exactly ``text``
    (a team's edited copy is parsed as usual); ``_NOT_AHEAD`` when there is none."""
    import importlib

    try:
        module = importlib.import_module(f"{PARSED_AHEAD}.{ahead_module(path)}")
    except ImportError:
        return _NOT_AHEAD
    if getattr(module, "TEXT", None) != text:
        return _NOT_AHEAD
    return module.data()
