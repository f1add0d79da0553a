"""Load a YAML file once, keeping the line of every key, so errors can name file, line and key.

``yaml.SafeLoader`` composes the node tree (which carries marks) and constructs plain Python
data from that same tree: one parse, safe construction, and a ``Source`` that answers "which line
is ``timeline[2].at`` on?". Typed loaders (scenario, playbook, team, timeline) read from
``Source.data`` and raise ``Source.error(path, message)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gameday.errors import ValidationError

MAX_BYTES = 1_000_000
"""Scenario-like files are hand-written; anything bigger is a mistake (or an attack)."""

PathPart = str | int


def format_path(path: Sequence[PathPart]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys instead of silently keeping the last."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *anchor`; flattened below
            continue
        key = loader.construct_object(key_node, deep=True)
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
                f"duplicate key {key!r} (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Source:
    """Parsed YAML data plus the line (1-based) of every node, keyed by its path."""

    file: str
    data: Any
    lines: dict[tuple[PathPart, ...], int] = field(default_factory=dict)

    def line(self, path: Sequence[PathPart]) -> int | None:
        """Line of ``path``, or of its nearest ancestor that has one."""
        p = tuple(path)
        while True:
            if p in self.lines:
                return self.lines[p]
            if not p:
                return None
            p = p[:-1]

    def error(self, path: Sequence[PathPart], message: str) -> ValidationError:
        return ValidationError(
            message, file=self.file, line=self.line(path), key=format_path(path) if path else None
        )


def _index_lines(
    node: yaml.Node, path: tuple[PathPart, ...], out: dict, seen: set[int] | None = None
) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    # An alias points at a node indexed already; walking it again would let a few lines of
    # nested aliases ("billion laughs") expand into billions of paths. Paths under an alias
    # fall back to the alias's own line.
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            child = (*path, key)
            out[child] = key_node.start_mark.line + 1
            _index_lines(value_node, child, out, seen)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out, seen)


def parse_text(text: str, file: str) -> Source:
    loader = _UniqueKeyLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Source(file=file, data=None)
        lines: dict[tuple[PathPart, ...], int] = {}
        _index_lines(node, (), lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ValidationError(f"invalid YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ValidationError(f"invalid YAML: {exc}", file=file) from None
    except RecursionError:  # PyYAML composes recursively: "[[[[..." a few thousand deep
        raise ValidationError("invalid YAML: nested too deeply", file=file, line=1) from None
    finally:
        loader.dispose()
    return Source(file=file, data=data, lines=lines)


def load_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Source:
    """Read and parse ``path``; every failure is a ``ValidationError`` naming the file.

    ``max_bytes``: machine-written files (exported timelines, scorecards) may be larger.
    """
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise ValidationError("no such file", file=name) from None
    except OSError as exc:
        raise ValidationError(f"cannot read: {exc.strerror}", file=name) from None
    if p.is_dir():
        raise ValidationError("is a directory, expected a YAML file", file=name)
    if size > max_bytes:
        raise ValidationError(
            f"file is {size:,} bytes; the limit is {max_bytes:,}", file=name, line=1
        )
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError("not UTF-8 text", file=name, line=1) from None
    except OSError as exc:
        raise ValidationError(f"cannot read: {exc.strerror}", file=name) from None
    return parse_text(text, name)
