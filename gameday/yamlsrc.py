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
* aliases may not expand to more than ``MAX_NODES`` nodes (a "billion laughs" file is a few
  lines) and documents may not nest deeper than ``MAX_DEPTH``;
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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from gameday.errors import ValidationError

__all__ = [
    "MAX_BYTES",
    "Source",
    "format_path",
    "load_file",
    "parse_json",
    "parse_text",
    "read_head",
    "read_text",
]

MAX_BYTES = 1_000_000
"""Scenario-like files are hand-written; anything bigger is a mistake (or an attack)."""
MAX_NODES = 2_000_000
"""The most values a document may expand to through aliases (a 5 MB timeline has ~500,000)."""
MAX_DEPTH = 64
"""The deepest nesting any gameday format needs is about 8; 64 leaves room for event data."""

PathPart = str | int
Lines = dict[tuple[PathPart, ...], int]

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


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
        else:
            out += ("." if out else "") + str(part)
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


# --- YAML ------------------------------------------------------------------------------------
class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1 implicit types minus timestamps: an unquoted date is text until a typed reader
    that expects a time parses it (and says which line is wrong)."""


_Resolver.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}

_SCALAR_WORDS = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    _TIMESTAMP: "a date or time",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:binary": "base64 data",
}
_MAX_INT_DIGITS = 40


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe construction whose every failure is a ``ConstructorError`` at the node's line."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.MarkedYAMLError:
            raise
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError, IndexError):
            what = _SCALAR_WORDS.get(node.tag, f"a {node.tag.rsplit(':', 1)[-1]}")
            value = node.value if isinstance(node, yaml.ScalarNode) else "..."
            raise yaml.constructor.ConstructorError(
                None, None, f"{short(value)} is not {what}", node.start_mark
            ) from None

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        digits = str(node.value).replace("_", "").lstrip("+-")
        if len(digits) > _MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"number {short(node.value, 24)} has {len(digits)} digits; "
                f"the limit is {_MAX_INT_DIGITS}",
                node.start_mark,
            )
        return int(super().construct_yaml_int(node))

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`; flattened below
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {short(key)} (first on line {seen[key] + 1})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


_Constructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:int", _Constructor.construct_yaml_int
)
_Constructor.add_constructor(  # type: ignore[type-var]
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Constructor.construct_mapping
)

if getattr(yaml, "__with_libyaml__", False):
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]

    class _Loader(_Parser, _Constructor, _Resolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    C_LOADER = True
else:  # pragma: no cover - every supported platform has a libyaml wheel

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Constructor,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Constructor.__init__(self)
            _Resolver.__init__(self)

    C_LOADER = False


def _check_tree(root: yaml.Node, file: str) -> None:
    """Refuse documents that expand too far through aliases, refer to themselves, or nest too
    deep (iteratively: the check must not itself hit the recursion limit it protects against)."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            total = 1 + sum(sizes[id(child)] for child in _children(node))
            sizes[key] = total
            if total > MAX_NODES:
                raise ValidationError(
                    f"invalid YAML: aliases expand to more than {MAX_NODES:,} values",
                    file=file,
                    line=node.start_mark.line + 1,
                )
            continue
        if key in sizes:
            continue
        if key in open_:
            raise ValidationError(
                "invalid YAML: an alias refers to a value that contains it",
                file=file,
                line=node.start_mark.line + 1,
            )
        if depth > MAX_DEPTH:
            raise ValidationError(
                f"invalid YAML: nested more than {MAX_DEPTH} levels deep",
                file=file,
                line=node.start_mark.line + 1,
            )
        open_.add(key)
        stack.append((node, depth, True))
        for child in _children(node):
            if id(child) not in sizes:
                stack.append((child, depth + 1, False))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _yaml_lines(root: yaml.Node) -> Lines:
    """Line of every path; paths under an alias fall back to the alias's own line (walking it
    again would let a few lines of nested aliases expand into billions of paths)."""
    out: Lines = {(): root.start_mark.line + 1}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[PathPart, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
                child = (*path, key)
                out.setdefault(child, key_node.start_mark.line + 1)
                stack.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                child = (*path, i)
                out.setdefault(child, item.start_mark.line + 1)
                stack.append((item, child))
    return out


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN = {_INT, "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}


def _construct(root: yaml.Node, loader: _Constructor, *, aliases: bool = True) -> Any:
    """The document's data, built straight from the node tree.

    ``SafeConstructor`` spends most of a big file's time in per-node bookkeeping (generators
    for recursive structures, a table of every object built); plain text, numbers, lists and
    mappings are built here directly (same values, same duplicate-key check) and anything else
    (explicit tags, merge keys, non-text keys, a scalar that does not parse) goes through the
    safe constructor, which reports it on its line. ``aliases=False`` (no ``&`` in the text):
    no node can appear twice, so nothing is remembered.
    """
    memo: dict[int, Any] = {}
    scalar: dict[str, Callable[[yaml.ScalarNode], Any]] = {
        _INT: loader.construct_yaml_int,
        "tag:yaml.org,2002:float": loader.construct_yaml_float,
        "tag:yaml.org,2002:bool": loader.construct_yaml_bool,
        "tag:yaml.org,2002:null": loader.construct_yaml_null,
    }

    def build(node: yaml.Node) -> Any:
        if aliases and id(node) in memo:  # an alias: the same object, as the safe loader gives
            return memo[id(node)]
        tag = node.tag
        if tag == _STR:
            return node.value
        make = scalar.get(tag)
        if make is not None and isinstance(node, yaml.ScalarNode):
            try:
                return make(node)
            except Exception:  # let the safe constructor say what is wrong, on its line
                return loader.construct_object(node, deep=True)
        value: Any
        if tag == _SEQ:
            value = []
            if aliases:
                memo[id(node)] = value
            value.extend([build(item) for item in node.value])
        elif tag == _MAP and all(k.tag == _STR for k, _ in node.value):  # text keys, no `<<`
            value = {}
            if aliases:
                memo[id(node)] = value
            lines: dict[str, int] = {}
            for key_node, value_node in node.value:
                k = key_node.value
                if k in lines:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"duplicate key {short(k)} (first on line {lines[k] + 1})",
                        key_node.start_mark,
                    )
                lines[k] = key_node.start_mark.line
                value[k] = build(value_node)
        else:
            value = loader.construct_object(node, deep=True)
        if aliases:
            memo[id(node)] = value
        return value

    return build(root)


def _control_error(text: str, file: str) -> ValidationError | None:
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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Source(file=file, data=None, lines={})
        anchors = "&" in text  # without anchors there are no aliases
        if anchors or not C_LOADER:  # (and libyaml bounds nesting itself)
            _check_tree(node, file)
        data = _construct(node, loader, aliases=anchors)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").replace("\n", " ")
        if "nesting depth" in problem:  # libyaml's words for "[[[[..."
            problem = "nested too deeply"
        raise ValidationError(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ValidationError(
            f"invalid YAML: {str(exc).splitlines()[0]}", file=file, line=1
        ) from None
    except RecursionError:  # the pure-Python composer recurses: "[[[[..." a few thousand deep
        raise ValidationError("invalid YAML: nested too deeply", file=file, line=1) from None
    finally:
        loader.dispose()
    return Source(file=file, data=data, index=lambda: _yaml_lines(node))


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
    return parse_text(text, name)
