"""``{proxy}``-style placeholders in probe params, filled from the target at run time.

Scenario files must not hard-code ports: each test session and each facilitator's stack has its
own (``GAMEDAY_PROXY_PORT``...). Placeholders are resolved against ``Target.endpoints()`` (nested
values with dots: ``{db.port}``) plus ``{ca}``, the staging CA path. Only ``{name}`` and
``{name.key}`` shapes are placeholders, so JSON bodies or shell-looking text pass through.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gameday.params import ParamError

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}")


def template_vars(target: Any) -> dict[str, Any]:
    """Variables a probe may reference for ``target``."""
    out: dict[str, Any] = {}
    endpoints = target.endpoints() if hasattr(target, "endpoints") else {}
    out.update(endpoints or {})
    ca = getattr(target, "ca_path", None)
    if ca is not None:
        out.setdefault("ca", str(ca))
    for attr in ("name", "project"):
        value = getattr(target, attr, None)
        if isinstance(value, str):
            out.setdefault(attr, value)
    return out


def _lookup(name: str, variables: Mapping[str, Any]) -> str:
    value: Any = variables
    for part in name.split("."):
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        else:
            known = ", ".join(sorted(_flat_names(variables))) or "none"
            raise ParamError(None, f"unknown placeholder {{{name}}} (known: {known})")
    if isinstance(value, Mapping):
        raise ParamError(None, f"placeholder {{{name}}} is a group; name one of its keys")
    return str(value)


def _flat_names(variables: Mapping[str, Any], prefix: str = "") -> list[str]:
    names = []
    for key, value in variables.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            names.extend(_flat_names(value, full + "."))
        else:
            names.append(full)
    return names


def has_placeholder(text: str) -> bool:
    return bool(PLACEHOLDER.search(text))


def resolve(value: Any, variables: Mapping[str, Any], key: str | None = None) -> Any:
    """``value`` with every placeholder in every string (recursively) filled in."""
    if isinstance(value, str):
        try:
            return PLACEHOLDER.sub(lambda m: _lookup(m.group(1), variables), value)
        except ParamError as exc:
            raise ParamError(key, exc.message) from None
    if isinstance(value, list | tuple):
        return [
            resolve(v, variables, f"{key}[{i}]" if key else f"[{i}]") for i, v in enumerate(value)
        ]
    if isinstance(value, dict):
        return {k: resolve(v, variables, f"{key}.{k}" if key else str(k)) for k, v in value.items()}
    return value
