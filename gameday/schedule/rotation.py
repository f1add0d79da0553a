"""The weekly on-call rotation, derived from the roster's paging order.

The team file's ``oncall`` list is the paging order (primary, secondary, ...). Week by week it
turns by one: in week *k* (counted from the rotation's first week) the primary is
``oncall[k mod n]``, the secondary the next one, and so on, so everyone is primary once every *n*
weeks and always backed by the same next person. Weeks start on Monday; the first week is the one
holding ``start`` (export again with the same start to extend it).
"""

from __future__ import annotations

from datetime import date, timedelta

from gameday.records import record


@record
class Week:
    start: date  # a Monday
    order: tuple[str, ...]  # primary, secondary, ...

    @property
    def primary(self) -> str:
        return self.order[0]

    @property
    def secondary(self) -> str | None:
        return self.order[1] if len(self.order) > 1 else None


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def rotation(oncall: tuple[str, ...], start: date, weeks: int, *, depth: int = 2) -> list[Week]:
    """``weeks`` weeks from the Monday of ``start``; ``depth`` people per week (primary, ...)."""
    if not oncall or weeks <= 0:
        return []
    n = len(oncall)
    first = monday_of(start)
    return [
        Week(first + timedelta(weeks=k), tuple(oncall[(k + j) % n] for j in range(min(depth, n))))
        for k in range(weeks)
    ]
