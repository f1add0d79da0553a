"""Durations as people write them in scenario, playbook and team files: ``90s``, ``5m``."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(value: object) -> float:
    """Seconds for ``value``; raises ``ValueError`` with a message fit for a user.

    Plain numbers are seconds. Negative or malformed values are refused.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a duration like 90s or 5m")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"{value!r} is negative; durations are 0 or more")
        return float(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a duration like 90s or 5m")
    text = value.strip().replace(" ", "")
    if text.startswith("-"):
        raise ValueError(f"{value!r} is negative; durations are 0 or more")
    pos, total = 0, 0.0
    for m in _PART.finditer(text):
        if m.start() != pos:
            break
        total += float(m.group(1)) * _UNIT[m.group(2)]
        pos = m.end()
    if pos != len(text) or not text:
        raise ValueError(f"{value!r} is not a duration like 90s or 5m")
    return total


def format_duration(seconds: float | None) -> str:
    """``95.2`` -> ``1m35s``; ``None`` -> ``-``."""
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    s = round(abs(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    if h:
        return f"{sign}{h}h{m:02d}m{sec:02d}s"
    if m:
        return f"{sign}{m}m{sec:02d}s"
    return f"{sign}{sec}s"
