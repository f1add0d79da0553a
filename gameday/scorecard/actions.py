"""The post-incident review's action items, defined once: the review draft lists them and the
Jira export (``gameday.integrations.jira``) files them.

One item per criterion the team missed or met late, plus the monitor that would have caught it
sooner. Each has an owner (whoever held the role that criterion belongs to in this drill: the
Communications Lead for status posts and stakeholders, the Technical Lead for the rollback and
the root cause, the Incident Commander for the rest; the IC when that role was never staffed),
a due date (two weeks after the review meeting, or after the drill when none is booked) and the
drill as its source, so a ticket always leads back to the scorecard.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from gameday import events as ev
from gameday.playbook import ACTION_ITEMS_DUE_DAYS as DUE_DAYS
from gameday.records import record
from gameday.scorecard.io import Scorecard
from gameday.scorecard.view import ScorecardView, from_card

ROLE_OF = {
    "first_status": "comms",
    "cadence": "comms",
    "promises": "comms",
    "stakeholders": "comms",
    "questions": "comms",
    "final_status": "comms",
    "rollback": "tech",
    "root_cause": "tech",
}
"""Which role owns the follow-up of a criterion (the IC owns the rest)."""


@record
class ActionItem:
    title: str
    description: str
    owner: str | None  # as the roster spells them; None when nobody held the role
    owner_role: str  # ic | tech | comms
    due: date
    criterion: str | None  # None for the monitor item
    drill: str
    scenario: str
    team: str

    @property
    def source(self) -> str:
        """Where it comes from, for the ticket: ``gameday drill <id> (<scenario>, <team>)``."""
        return f"gameday drill {self.drill} ({self.scenario}, team {self.team})"

    @property
    def role_title(self) -> str:
        return ev.ROLE_TITLES.get(self.owner_role, self.owner_role)


def _holders(people: dict[str, Any]) -> dict[str, str]:
    """role -> the first person (in the scorecard's order) who held it."""
    out: dict[str, str] = {}
    for name, info in people.items():
        for role in info.get("roles") or []:
            out.setdefault(str(role), str(name))
    return out


def _review_day(card: Scorecard) -> date | None:
    for e in reversed(card.timeline.events):
        if e.kind == ev.REVIEW and isinstance(e.data.get("when"), str):
            try:
                return datetime.fromisoformat(str(e.data["when"])).date()
            except ValueError:
                continue
    return None


def action_items(card: Scorecard, *, due_days: int = DUE_DAYS) -> list[ActionItem]:
    """The review's action items for ``card``, in the playbook's checklist order."""
    v: ScorecardView = from_card(card)
    holders = _holders(card.result.get("people") or {})
    anchor = _review_day(card) or card.timeline.started.date()
    due = anchor + timedelta(days=due_days)

    def item(title: str, why: str, crit: str | None, role: str) -> ActionItem:
        owner = holders.get(role) or holders.get("ic")
        return ActionItem(title, why, owner, role, due, crit, v.drill, v.scenario, v.team)

    out = [
        item(
            f"Improve: {c.title.lower()}",
            f"{c.state_label} in the drill: {c.explanation}",
            c.name,
            ROLE_OF.get(c.name, "ic"),
        )
        for c in v.criteria
        if c.state in ("late", "missed") and not c.pending
    ]
    monitor = f" (the first to fail was {v.first_monitor[0]})" if v.first_monitor else ""
    detect = next((m.shown for m in v.metrics if m.name == "time_to_detect"), "-")
    out.append(
        item(
            "Add a synthetic monitor or test that would have caught this sooner",
            f"Detection took {detect}{monitor}.",
            None,
            "tech",
        )
    )
    return out
