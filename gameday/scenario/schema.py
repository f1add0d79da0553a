"""The JSON Schema for scenario files (shipped in the package for editors) and checking a
parsed file against it.

The schema describes the shape (keys, types, duration syntax); the loader checks the meaning
(fault types and their params, compose services, unique names). ``gameday validate`` runs both
so the schema an editor uses never drifts from what gameday accepts.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from gameday.errors import ValidationError
from gameday.yamlsrc import Source

SCHEMA_RESOURCE = "schemas/scenario.schema.json"


@lru_cache(maxsize=1)
def scenario_schema() -> dict[str, Any]:
    text = resources.files("gameday").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    return json.loads(text)


def schema_path() -> str:
    return str(resources.files("gameday").joinpath(SCHEMA_RESOURCE))


def _best(error: Any) -> Any:
    """For ``oneOf``/``anyOf`` failures, the branch error that says most about the mistake."""
    from jsonschema.exceptions import best_match

    if error.context:
        return _best(best_match(error.context))
    return error


def schema_errors(source: Source) -> list[ValidationError]:
    """Every place ``source.data`` breaks the schema, as ``file:line: key: schema: ...``."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(scenario_schema())
    out: list[ValidationError] = []
    seen: set[tuple[Any, ...]] = set()
    for error in sorted(validator.iter_errors(source.data), key=lambda e: list(map(str, e.path))):
        err = _best(error)
        path = tuple(err.absolute_path)
        key = (path, err.message)
        if key in seen:
            continue
        seen.add(key)
        out.append(source.error(path, f"schema: {err.message}"))
    return out


def validate_against_schema(data: Any, file: str = "<data>") -> list[ValidationError]:
    return schema_errors(Source(file=file, data=data))
