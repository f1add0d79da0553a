"""The scenario's timeline: what is due when, and what each scripted message turns into.

Offsets in a scenario are measured from the end of the baseline (``offset``), so every fault
lands on a stack whose steady state was recorded first. ``Schedule`` is event-sourced like the
pager: a resumed runner marks steps done from the log and never delivers one twice.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from gameday import events as ev
from gameday.scenario.model import InjectStep, SpareInject

S = TypeVar("S")


class Schedule(Generic[S]):
    def __init__(
        self,
        steps: Sequence[S],
        *,
        offset: float,
        at: Callable[[S], float],
        key: Callable[[S], str],
    ) -> None:
        self.steps = sorted(steps, key=at)
        self.offset = offset
        self._at = at
        self._key = key
        self.done: set[str] = set()

    def due_time(self, step: S) -> float:
        return self.offset + self._at(step)

    def due(self, now: float) -> list[S]:
        """Steps whose time has come and that were not delivered yet, in timeline order."""
        return [s for s in self.steps if self._key(s) not in self.done and self.due_time(s) <= now]

    def mark(self, key: str) -> None:
        self.done.add(key)

    def pending(self) -> list[S]:
        return [s for s in self.steps if self._key(s) not in self.done]

    def next_at(self) -> float | None:
        p = self.pending()
        return self.due_time(p[0]) if p else None


def inject_schedule(injects: Sequence[InjectStep], offset: float) -> Schedule[InjectStep]:
    return Schedule(injects, offset=offset, at=lambda s: s.at, key=lambda s: s.name)


def inject_events(step: InjectStep | SpareInject) -> list[tuple[str, dict[str, Any]]]:
    """What delivering ``step`` records: the message, and for noise a real-looking alert. A
    spare inject the facilitator fires records exactly what a timeline one does."""
    sender = step.sender or ("stakeholder" if step.kind == "stakeholder" else step.name)
    out: list[tuple[str, dict[str, Any]]] = [
        (
            ev.INJECT_DELIVERED,
            {"inject": step.name, "kind": step.kind, "from": sender, "message": step.message},
        )
    ]
    if step.kind == "noise":
        out.append(
            (
                ev.ALERT_FIRED,
                {
                    "alert": step.name,
                    "monitor": sender,
                    "severity": "warning",
                    "message": step.message,
                    "noise": True,
                },
            )
        )
    return out
