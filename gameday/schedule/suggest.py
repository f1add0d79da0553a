"""Suggestions for the next Game Day: who takes which role, and which scenario to drill.

**Roles** rotate so everyone learns every seat: the Incident Commander is preferably someone who
has never been one (then whoever held it least), nobody gets the role they held in the team's
previous Game Day (a drill already run, or the one planned just before), and one person holds
one role (never Incident Commander and Technical Lead together: the playbook's
``roles_distinct`` rule). When the roster is too small for all of that, the rule given up is
said, never silently broken.

**The next scenario** by spaced repetition, the way flash cards are scheduled: a kind of
incident the team has never drilled comes first (kinds: the scenario's root-cause category, e.g.
certificate, migration, upstream, deploy), then a scenario it never drilled, then the one most
overdue: each scenario's interval doubles with every good drill in a row (7, 14, 28... days;
total of 80 or more) and starts again at 7 days after a poor one. Ties go to the scenario whose
last drill missed the most of the criteria the team keeps missing. Every suggestion says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from gameday import events as ev
from gameday.records import record
from gameday.schedule.history import Drill, miss_rates

ROLES = ("ic", "tech", "comms")
GOOD = 80.0  # a total at or above this counts as a good drill for spaced repetition
BASE_DAYS = 7.0


@record
class RoleSuggestion:
    role: str
    person: str | None
    why: str

    @property
    def title(self) -> str:
        return ev.ROLE_TITLES.get(self.role, self.role)


def suggest_roles(people: Sequence[str], past: Sequence[dict[str, str]]) -> list[RoleSuggestion]:
    """One suggestion per role for the next Game Day.

    ``people``: the roster; ``past``: role -> person of each earlier Game Day, oldest first
    (drills run, then Game Days planned before the one being filled).
    """
    held: dict[tuple[str, str], int] = {}
    any_role: dict[str, int] = {}
    for roles in past:
        for role, person in roles.items():
            held[(role, person)] = held.get((role, person), 0) + 1
            any_role[person] = any_role.get(person, 0) + 1
    last = dict(past[-1]) if past else {}
    taken: set[str] = set()
    out: list[RoleSuggestion] = []
    for role in ROLES:
        title = ev.ROLE_TITLES[role]
        free = [p for p in people if p not in taken]
        fresh = [p for p in free if last.get(role) != p]
        relaxed = ""
        if not fresh:
            if not free:
                out.append(RoleSuggestion(role, None, "nobody left: the roster is too small"))
                continue
            fresh = free
            relaxed = f"; {free[0]} held it last time too: the roster has nobody else free"
        pick = min(fresh, key=lambda p: (held.get((role, p), 0), any_role.get(p, 0), p))
        n = held.get((role, pick), 0)
        if role == "ic" and n == 0:
            why = f"{pick} has never been {title}"
        elif n == 0:
            why = f"{pick} has not been {title} yet"
        else:
            times = "once" if n == 1 else f"{n} times"
            why = f"{pick} has been {title} {times}, the fewest of those free"
        if last.get(role) and last.get(role) != pick and not relaxed:
            why += f" ({last[role]} held it last time)"
        out.append(RoleSuggestion(role, pick, why + relaxed))
        taken.add(pick)
    return out


@record
class ScenarioOption:
    """A candidate scenario (id, kind) the catalogue offers."""

    id: str
    kind: str
    title: str = ""


@record
class ScenarioSuggestion:
    scenario: str
    kind: str
    score: float
    why: str


def interval_days(results: Sequence[float]) -> float:
    """The spaced-repetition interval after these totals (oldest first)."""
    streak = 0
    for total in reversed(results):
        if total < GOOD:
            break
        streak += 1
    return float(BASE_DAYS * 2**streak)


def suggest_scenarios(
    options: Sequence[ScenarioOption], history: Sequence[Drill], now: datetime
) -> tuple[list[ScenarioSuggestion], list[tuple[str, float, int]]]:
    """Every option ranked best first, and the criteria the team misses most (worst first)."""
    weak = miss_rates(list(history))
    weak_top = {name for name, rate, _ in weak[:3] if rate > 0}
    kinds_done = {o.kind for o in options for d in history if d.scenario == o.id}
    out = []
    for o in options:
        mine = [d for d in history if d.scenario == o.id]
        if not mine:
            if o.kind not in kinds_done:
                article = "an" if o.kind[:1] in "aeiou" else "a"
                score, why = 100.0, f"the team has never drilled {article} {o.kind} incident"
            else:
                score, why = 50.0, f"never drilled (other {o.kind} scenarios were)"
        else:
            last = mine[-1]
            days = max(0.0, (now - last.started).total_seconds() / 86400)
            interval = interval_days([d.total for d in mine])
            due = days / interval
            missed_weak = sorted(set(last.missed) & weak_top)
            score = 10.0 * due + 2.0 * len(missed_weak)
            state = "due" if due >= 1 else "not due yet"
            why = (
                f"last drilled {days:.0f} days ago (score {last.total:g}); interval "
                f"{interval:.0f} days: {state}"
            )
            if missed_weak:
                why += f"; last time missed {', '.join(missed_weak)}"
        out.append(ScenarioSuggestion(o.id, o.kind, round(score, 2), why))
    out.sort(key=lambda s: (-s.score, s.scenario))
    return out, weak


def option_of(scenario: object) -> ScenarioOption:
    """A catalogue scenario as an option: its kind is its root-cause category, else its first
    fault type."""
    sid = str(getattr(scenario, "id", ""))
    rc = getattr(scenario, "root_cause", None)
    kind = str(getattr(rc, "category", "") or "")
    if not kind:
        types = tuple(getattr(scenario, "fault_types", ()) or ())
        kind = str(types[0]) if types else "other"
    return ScenarioOption(sid, kind.lower(), str(getattr(scenario, "title", "")))
