"""The shipped JSON Schemas (generated from the format types, for editors) and checking parsed
data against them.

``gameday validate`` runs the typed reader and then the schema, so the schema an editor uses
can never reject a file gameday accepts without a test (and every user) noticing.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from gameday.errors import ValidationError
from gameday.yamlsrc import Source

SCHEMA_RESOURCE = "schemas/scenario.schema.json"


@lru_cache(maxsize=8)
def shipped_schema(name: str = "scenario") -> dict[str, Any]:
    text = resources.files("gameday").joinpath("schemas", f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def scenario_schema() -> dict[str, Any]:
    return shipped_schema("scenario")


def schema_path(name: str = "scenario") -> str:
    return str(resources.files("gameday").joinpath("schemas", f"{name}.schema.json"))


def _best(error: Any) -> Any:
    """For ``oneOf``/``anyOf`` failures, the error from the branch the author meant.

    A timeline entry with ``fault:`` fails the inject branch at its top (unknown keys) and the
    fault branch deeper (a bad ``at``); the branch with the fewest top-level failures is the
    intended one, and its deepest error names the actual mistake.
    """
    if not error.context:
        return error
    branches: dict[Any, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)

    def shallow(errs: list[Any]) -> tuple[int, int]:
        return (sum(1 for e in errs if not e.relative_path), len(errs))

    chosen = min(branches.values(), key=shallow)
    deepest = max(chosen, key=lambda e: len(e.relative_path))
    return _best(deepest)


def _unknown_keys(err: Any) -> list[tuple[tuple[Any, ...], str]]:
    """``additionalProperties`` as one error per unknown key, on that key's own line."""
    schema, instance = err.schema, err.instance
    known = set(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    base = tuple(err.absolute_path)
    out = []
    for key in instance if isinstance(instance, dict) else ():
        if key not in known and not any(p.search(str(key)) for p in patterns):
            allowed = ", ".join(sorted(known))
            out.append(((*base, key), f"unknown key (allowed: {allowed})"))
    return out


def schema_errors(source: Source, name: str = "scenario") -> list[ValidationError]:
    """Every place ``source.data`` breaks the schema, as ``file:line: key: schema: ...``."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    validator = Draft202012Validator(shipped_schema(name))
    out: list[ValidationError] = []
    seen: set[tuple[Any, ...]] = set()
    for error in sorted(validator.iter_errors(source.data), key=lambda e: list(map(str, e.path))):
        err = _best(error)
        if err.validator == "additionalProperties":
            found = _unknown_keys(err)
        else:
            found = [(tuple(err.absolute_path), err.message)]
        for path, message in found:
            if (path, message) in seen:
                continue
            seen.add((path, message))
            out.append(source.error(path, f"schema: {message}"))
    return out


def validate_against_schema(data: Any, file: str = "<data>") -> list[ValidationError]:
    return schema_errors(Source(file=file, data=data))
