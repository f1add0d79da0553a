"""The field types gameday's formats share, each with its bounds, so every format refuses the
same bad values the same way (a name with a trailing newline, a zero-width space in a person's
name, ``.nan`` seconds, a severity of 9)."""

from __future__ import annotations

from typing import Annotated, Any

from gameday.formats.core import (
    Duration,
    Known,
    Length,
    NotBlank,
    Pattern,
    Printable,
    Range,
    SingleLine,
)

NAME_RULE = "must be letters, digits, '-', '_' or '.' (at most 64)"
Name = Annotated[str, Pattern(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", NAME_RULE), Length(1, 64)]
"""A name something is referred to by (a probe, a fault step, a person on a roster)."""
Slug = Annotated[
    str, Pattern(r"[a-z0-9][a-z0-9-]{0,63}", "must be lowercase-with-dashes"), Length(1, 64)
]
"""An identifier in file names and URLs (a scenario id)."""
Person = Annotated[str, NotBlank(), SingleLine(), Printable(), Length(1, 64)]
"""Who did something, as typed (``--as``, a timeline's ``actor``): printable, one line, no
zero-width or direction characters, at most 64 characters."""
Text = Annotated[str, NotBlank()]
"""Free text that must say something (a briefing, a message)."""
OneLine = Annotated[str, NotBlank(), SingleLine(), Length(1, 500)]
"""A title, a label, a category."""
Severity = Annotated[int, Range(1, 4)]
"""1 (worst) .. 4."""
Points = Annotated[float, Range(0, 100)]
"""A criterion's weight."""
Fraction = Annotated[float, Range(0, 1)]

DAY = 86400.0
Seconds = Annotated[Duration, Range(0, 366 * DAY)]
Timeout = Annotated[Duration, Range(0, 3600, above=True)]
"""How long one operation may take (a probe, a docker call): more than 0s, at most 1h."""
ProbeTimeout = Annotated[Duration, Range(0, 600, above=True)]
"""How long one probe check may take: more than 0s, at most 10m (it runs every second)."""
Delay = Annotated[Duration, Range(0, 60)]
"""Added network latency: at most a minute."""
Percent = Annotated[float, Range(0, 100)]
DrillTime = Annotated[Duration, Range(0, DAY)]
"""An offset into a drill (``at:``, ``t:``): a drill lasts at most a day."""
Deadline = Annotated[Duration, Range(0, 30 * DAY)]
"""A playbook deadline (``review: 48h``): at most 30 days."""


def _criteria(env: Any) -> list[str] | None:
    """Scoring criteria: the registry the reading context carries, else the shared one."""
    regs = getattr(env, "registries", None)
    if regs is not None:
        criteria = getattr(regs, "criteria", None)
        return criteria.names() if criteria is not None else None
    from gameday.plugins import registries

    return registries().criteria.names()


Criterion = Annotated[Name, Known(_criteria, "criterion")]
"""A scoring criterion (``ack``, ``severity``, ...)."""
