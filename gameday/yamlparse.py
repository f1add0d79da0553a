"""The YAML half of ``gameday.yamlsrc``: PyYAML's composer and a safe constructor whose
failures become ``file:line`` errors, with the alias and depth bounds.

Apart from ``yamlsrc`` so that reading JSON (``drill.json``, the HTTP API) never imports
PyYAML: responders' commands start without it. ``yamlsrc.parse_text`` is the way in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from gameday.errors import ValidationError
from gameday.source import MAX_DEPTH, MAX_NODES, Lines, PathPart, Source, short

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


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


def parse_yaml(text: str, file: str) -> Source:
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
