"""Durations as people write them in scenario, playbook and team files: ``90s``, ``5m``.

Every duration a user types is bounded: ``.nan``, ``.inf`` and absurd values (``100000d``) are
refused here, once, so nothing downstream (a ``timedelta``, a sleep, the scorer) ever sees them.
"""

from __future__ import annotations

import math
import re

_PART = re.compile(r"(\d{1,12}(?:\.\d{1,9})?)(ms|s|m|h|d)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
PATTERN = r"^\s*(\d+(\.\d+)?(ms|s|m|h|d)\s*)+$"
"""The text form, for JSON Schemas (``parse_duration`` also takes a plain number of seconds)."""

MAX_S = 366 * 86400.0
"""The longest duration any file may hold unless its field says less: a year and a day."""


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_duration(value: object, *, max_s: float = MAX_S) -> float:
    """Seconds for ``value``; raises ``ValueError`` with a message fit for a user.

    Plain numbers are seconds. Negative, non-finite, malformed values and values over
    ``max_s`` are refused.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration like 90s or 5m")
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(f"{_short(value)} is not a duration like 90s or 5m")
        if value < 0:
            raise ValueError(f"{_short(value)} is negative; durations are 0 or more")
        total = float(value) if abs(value) < 1e300 else math.inf
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        if text.startswith("-"):
            raise ValueError(f"{_short(value)} is negative; durations are 0 or more")
        pos, total = 0, 0.0
        for m in _PART.finditer(text):
            if m.start() != pos:
                break
            total += float(m.group(1)) * _UNIT[m.group(2)]
            pos = m.end()
        if pos != len(text) or not text:
            raise ValueError(f"{_short(value)} is not a duration like 90s or 5m")
    else:
        raise ValueError(f"{_short(value)} is not a duration like 90s or 5m")
    if total > max_s:
        raise ValueError(f"{_short(value)} is too long; the limit is {_limit(max_s)}")
    return total


def format_duration(seconds: float | None) -> str:
    """``95.2`` -> ``1m35s``; ``None`` -> ``-``."""
    if seconds is None:
        return "-"
    if not math.isfinite(seconds):
        return "-"
    negative = seconds < 0
    s = round(-seconds if negative else seconds)
    text = _WRITTEN.get(s)
    if text is None:
        text = _written(s)
        if s < _KEEP:
            _WRITTEN[s] = text
    return "-" + text if negative else text


_WRITTEN: dict[int, str] = {}
_KEEP = 86400  # a day of whole seconds at most: a long drill's event log writes each many times


def _written(s: int) -> str:
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return f"{h}h{m:02d}m{sec:02d}s"
    if m:
        return f"{m}m{sec:02d}s"
    return f"{sec}s"


def _limit(seconds: float) -> str:
    """A bound in words: ``366d``, ``24h``, ``10m``, ``90s``."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g}{unit}"
    return f"{seconds:g}s"
