"""The API's configuration file (``/etc/shop/api.conf``), read once at start.

A value that does not parse stops the API from starting, on purpose: a service that runs with a
half-understood configuration does worse things than one that refuses to start. The error names
the file, the line and the key, as an operator reading ``docker logs`` needs.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields

PATH = os.environ.get("SHOP_CONFIG", "/etc/shop/api.conf")


class ConfigError(Exception):
    """The configuration file cannot be used; the API must not start with it."""


@dataclass(frozen=True)
class Config:
    db_pool_size: int = 8
    db_statement_timeout_ms: int = 4000
    payments_timeout_s: float = 3.0
    receipts_dir: str = "/var/lib/shop/receipts"


_BOUNDS = {"db_pool_size": (1, 200), "db_statement_timeout_ms": (100, 600_000),
           "payments_timeout_s": (0.1, 120.0)}  # fmt: skip


def _convert(key: str, kind: type, raw: str, where: str) -> object:
    try:
        value = kind(raw) if kind is not str else raw
    except ValueError:
        noun = "a whole number" if kind is int else "a number"
        raise ConfigError(f"{where}: {key}: {raw!r} is not {noun}") from None
    low, high = _BOUNDS.get(key, (None, None))
    if low is not None and not low <= value <= high:  # type: ignore[operator]
        raise ConfigError(f"{where}: {key}: {raw} is outside {low}..{high}")
    return value


def load(path: str = PATH) -> Config:
    """The file's values over the defaults, then SHOP_<KEY> environment variables over both."""
    kinds = {f.name: f.type for f in fields(Config)}
    types = {"int": int, "float": float, "str": str}
    values: dict[str, object] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except FileNotFoundError:
        lines = []
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        where = f"{path}:{number}"
        key, sep, raw = (part.strip() for part in text.partition("="))
        if not sep:
            raise ConfigError(f"{where}: expected `key = value`, got {text!r}")
        if key not in kinds:
            raise ConfigError(f"{where}: {key}: unknown key (known: {', '.join(kinds)})")
        values[key] = _convert(key, types[str(kinds[key])], raw, where)
    for key, kind in kinds.items():
        env = os.environ.get(f"SHOP_{key.upper()}")
        if env is not None:
            values[key] = _convert(key, types[str(kind)], env, f"SHOP_{key.upper()}")
    return Config(**values)  # type: ignore[arg-type]


try:
    SETTINGS = load()
except ConfigError as _exc:
    print(f"shop-api: configuration error, refusing to start: {_exc}", file=sys.stderr, flush=True)
    raise
