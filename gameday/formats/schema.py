"""JSON Schema (draft 2020-12) generated from the very types the reader reads.

The shipped schemas (``gameday/schemas/*.schema.json``) are this module's output for the
built-in registries; a test regenerates them and fails when they differ, so the schema an editor
completes with can never drift from what gameday accepts. Types add to their own schema with a
``__schema_extra__(gen)`` classmethod (a fault step's params depend on its fault type).
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import types
import typing
from datetime import datetime
from typing import Any

from gameday.durations import PATTERN as DURATION_PATTERN
from gameday.formats.core import (
    MAX_FLOAT,
    MAX_INT,
    Doc,
    Length,
    NotBlank,
    Pattern,
    Range,
    ReadAs,
    SingleLine,
    _meta,
    _unwrap,
    fields_of,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://gameday.invalid/schemas/"


class SchemaGen:
    """Builds one schema document; named types land in ``$defs`` once each."""

    def __init__(self, env: Any = None) -> None:
        self.env = env
        self.defs: dict[str, dict[str, Any]] = {}
        self._names: dict[type, str] = {}

    def of(self, hint: Any) -> dict[str, Any]:
        base, meta = _unwrap(hint)
        read_as = _meta(meta, ReadAs)
        if read_as is not None:
            return self.of(read_as.hint)
        out = self._base(base, meta)
        doc = _meta(meta, Doc)
        if doc is not None:
            out = {**out, "description": doc.text}
            if doc.examples:
                out["examples"] = list(doc.examples)
        return out

    def _base(self, hint: Any, meta: tuple[Any, ...]) -> dict[str, Any]:
        custom = getattr(hint, "__gameday_schema__", None)
        if custom is not None:
            return dict(custom(self, meta))
        if hint is Any or hint is object:
            return {}
        if hint is str:
            return _string(meta)
        if hint is bool:
            return {"type": "boolean"}
        if hint is int:
            return _number("integer", _meta(meta, Range), MAX_INT)
        if hint is float:
            return _number("number", _meta(meta, Range), MAX_FLOAT)
        if hint is datetime:
            return {"type": "string", "format": "date-time"}
        if hint is type(None):
            return {"type": "null"}
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin is typing.Literal:
            return {"const": args[0]} if len(args) == 1 else {"enum": list(args)}
        if origin in (typing.Union, types.UnionType):
            branches = [self.of(a) for a in args]
            tagged = all(getattr(_unwrap(a)[0], "__tag__", None) for a in args)
            return {"oneOf" if tagged else "anyOf": branches}
        if origin in (list, tuple, frozenset) or hint in (list, tuple, frozenset):
            out: dict[str, Any] = {"type": "array"}
            if args:
                out["items"] = self.of(args[0])
            length = _meta(meta, Length)
            if length is not None:
                if length.min:
                    out["minItems"] = length.min
                if length.max is not None:
                    out["maxItems"] = length.max
            return out
        if origin is dict or hint is dict:
            out = {"type": "object"}
            if args:
                key, _ = _unwrap(args[0])
                names = self.of(args[0])
                if key is int:
                    names = {"pattern": "^-?[0-9]+$"}
                elif typing.get_origin(key) is typing.Literal:
                    names = {"enum": [str(a) for a in typing.get_args(key)]}
                if names and names != {"type": "string"}:
                    out["propertyNames"] = {k: v for k, v in names.items() if k != "type"}
                value = self.of(args[1])
                if value:
                    out["additionalProperties"] = value
            return out
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            return self.ref(hint)
        raise TypeError(f"no JSON Schema for {hint!r}")

    def ref(self, cls: type) -> dict[str, Any]:
        name = self._names.get(cls)
        if name is None:
            name = cls.__name__
            if name in self.defs or name in self._names.values():
                name = f"{cls.__module__.rsplit('.', 1)[-1]}.{name}"
            self._names[cls] = name
            self.defs[name] = {}  # placeholder: recursive types terminate
            self.defs[name] = self.object(cls)
        return {"$ref": f"#/$defs/{name}"}

    def object(self, cls: type) -> dict[str, Any]:
        """The schema of a format dataclass: its keys, which are required, nothing else."""
        out: dict[str, Any] = {"type": "object"}
        description = _describe(cls)
        if description:
            out["description"] = description
        out["additionalProperties"] = False
        if getattr(cls, "__extensions__", False):
            out["patternProperties"] = {
                "^x-": {"description": "Ignored by gameday: a place for YAML anchors to reuse."}
            }
        props: dict[str, Any] = {}
        required: list[str] = []
        for f in fields_of(cls):
            if f.derived:
                continue
            prop = self.of(f.hint)
            if f.doc:
                prop = {**prop, "description": f.doc}
            if f.examples:
                prop["examples"] = list(f.examples)
            default = _NO if f.factory else _json_default(f.default)
            if default is not _NO:
                prop["default"] = default
            props[f.key] = prop
            if f.required:
                required.append(f.key)
        out["properties"] = props
        if required:
            out["required"] = required
        extra = getattr(cls, "__schema_extra__", None)
        if extra is not None:
            out.update(extra(self))
        return out

    def document(self, hint: Any, *, name: str, title: str) -> dict[str, Any]:
        """A whole schema file: the top type inline, the others under ``$defs``."""
        base, _ = _unwrap(hint)
        is_class = isinstance(base, type) and dataclasses.is_dataclass(base)
        top = self.object(base) if is_class else self.of(hint)
        doc: dict[str, Any] = {
            "$schema": DRAFT,
            "$id": f"{BASE_ID}{name}.schema.json",
            "title": title,
            **top,
        }
        if self.defs:
            doc["$defs"] = dict(sorted(self.defs.items()))
        return doc


_NO = object()


def _json_default(value: Any) -> Any:
    if value is dataclasses.MISSING or callable(value):
        return _NO
    if isinstance(value, tuple | frozenset):
        items = sorted(value) if isinstance(value, frozenset) else list(value)
        if not all(isinstance(v, str | int | float | bool) for v in items):
            return _NO
        return items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return _NO


def _describe(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    if not doc or doc.startswith(f"{cls.__name__}("):  # the dataclass default
        return ""
    return re.sub(r"\s+", " ", doc.split("\n\n", 1)[0]).strip().replace("``", "`")


def _string(meta: tuple[Any, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string"}
    pattern = _meta(meta, Pattern)
    if pattern is not None:
        out["pattern"] = f"^(?:{pattern.regex})$"
    length = _meta(meta, Length)
    if length is not None:
        if length.min:
            out["minLength"] = length.min
        if length.max is not None:
            out["maxLength"] = length.max
    elif _meta(meta, NotBlank) is not None:
        out["minLength"] = 1
    if _meta(meta, SingleLine) is not None:
        out.setdefault("pattern", "^[^\\n\\r]*$")
    return out


def _number(kind: str, rng: Range | None, limit: float) -> dict[str, Any]:
    lo = rng.lo if rng is not None and rng.lo is not None else -limit
    hi = rng.hi if rng is not None and rng.hi is not None else limit
    out: dict[str, Any] = {"type": kind}
    key = "exclusiveMinimum" if rng is not None and rng.above else "minimum"
    out[key] = _num(lo)
    out["maximum"] = _num(hi)
    return out


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def duration_schema(meta: tuple[Any, ...], max_s: float) -> dict[str, Any]:
    rng = _meta(meta, Range)
    lo = rng.lo if rng is not None and rng.lo is not None else 0
    hi = rng.hi if rng is not None and rng.hi is not None else max_s
    number: dict[str, Any] = {"type": "number", "maximum": _num(hi)}
    number["exclusiveMinimum" if rng is not None and rng.above else "minimum"] = _num(lo)
    return {
        "description": "A duration: 90s, 5m, 1h30m, 500ms, 2d, or a number of seconds.",
        "anyOf": [number, {"type": "string", "pattern": DURATION_PATTERN}],
    }


def dumps(schema: dict[str, Any]) -> str:
    """The text of a schema file, stable from run to run."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
