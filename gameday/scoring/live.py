"""The playbook checklist of a drill still running: the scorer itself, on the events so far.

The facilitator's dashboard (and any live view) ticks a step when the scorer says it is met or
late, so the checklist can never disagree with the scorecard: ``roles_distinct`` is not ticked
while one person holds two roles, ``promises`` appears once someone promises. Scoring replays
the whole log, so it runs at most every ``every_s`` of drill time, and only after a new event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.incident import Incident
from gameday.playbook import Playbook
from gameday.records import record
from gameday.scoring.model import ScoreResult
from gameday.timeline import Expectations, Timeline

if TYPE_CHECKING:
    from gameday.scenario.model import Scenario

DONE = ("met", "late")


@record
class Step:
    name: str
    title: str
    state: str  # met | late | missed | not_applicable
    pending: bool = False

    @property
    def done(self) -> bool:
        return self.state in DONE


class LiveScore:
    def __init__(
        self,
        expectations: Scenario | Expectations | None,
        playbook: Playbook,
        *,
        every_s: float = 2.0,
    ) -> None:
        self.expectations = expectations
        self.playbook = playbook
        self.every_s = every_s
        self.result: ScoreResult | None = None
        self._version = -1
        self._at = float("-inf")

    def update(self, inc: Incident, now: float) -> ScoreResult | None:
        """Re-score when the incident changed and ``every_s`` has passed; the latest result."""
        from gameday.scoring import score

        if inc.version != self._version and now - self._at >= self.every_s:
            self._version, self._at = inc.version, now
            self.result = score(Timeline.from_events(inc.events), self.expectations, self.playbook)
        return self.result

    def steps(self, inc: Incident, now: float) -> tuple[Step, ...]:
        """The checklist in playbook order, without steps that do not apply (yet)."""
        result = self.update(inc, now)
        if result is None:
            return ()
        return tuple(
            Step(c.name, c.title, c.state, c.pending)
            for c in result.criteria
            if c.state != "not_applicable"
        )
