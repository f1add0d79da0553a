"""iCalendar (RFC 5545) invites for the Game Day plan and the on-call rotation.

Written with the ``icalendar`` library rather than by hand: the parts of RFC 5545 that
hand-written writers get wrong are exactly the ones an invite needs, escaping text (``,``
``;`` ``\\`` and line breaks in a scenario's notes), folding lines at 75 octets without cutting
a UTF-8 character, CRLF endings, and a ``VTIMEZONE`` with the team's daylight-saving rules so
"10:00 Europe/Berlin" stays 10:00 for everyone's calendar after the clocks change. It is
imported only by ``gameday schedule``. The tests read the files back with two parsers
(``icalendar``'s and ``vobject``, an independent implementation).

Each Game Day is a ``VEVENT`` with a stable ``UID`` (the plan's ``id``), so exporting again after
a change updates the invite instead of adding a second one; ``SEQUENCE`` rises with the export
time. The summary and description say it is a drill (it is on real calendars).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.integrations.marking import NOT_REAL

if TYPE_CHECKING:
    from gameday.drill.team import Team
    from gameday.schedule.plan import GameDay, Schedule
    from gameday.schedule.rotation import Week

PRODID = "-//gameday//Game Day schedule//EN"


def _calendar(name: str) -> Any:
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    return cal


def _people(team: Team | None) -> dict[str, Any]:
    if team is None:
        return {}
    return {p.name: p for p in team.people if not isinstance(p, str)}


def _attendee(person: Any, role: str | None) -> Any:
    from icalendar import vCalAddress

    addr = vCalAddress(f"mailto:{person.email}")
    addr.params["cn"] = person.full_name or person.name
    addr.params["role"] = "REQ-PARTICIPANT"
    addr.params["partstat"] = "NEEDS-ACTION"
    addr.params["rsvp"] = "TRUE"
    if role:
        addr.params["x-gameday-role"] = role
    return addr


def gameday_event(g: GameDay, plan: Schedule, team: Team | None, stamp: datetime) -> Any:
    """One Game Day as a ``VEVENT``."""
    from icalendar import Event, vCalAddress

    assert g.start is not None, "a Game Day read through load_schedule has its start"
    e = Event()
    e.add("uid", g.uid)
    e.add("dtstamp", stamp)
    e.add("sequence", int(stamp.timestamp()) // 60 % 2_000_000_000)
    e.add("dtstart", g.start)
    e.add("dtend", g.start + plan.length(g))
    e.add("summary", f"Game Day [DRILL]: team {g.team}, scenario {g.scenario}")
    roles = g.roles.items()
    lines = [
        f"Game Day drill for team {g.team}: scenario {g.scenario}. {NOT_REAL}",
        "",
        *(f"{ev.ROLE_TITLES[r]}: {who}" for r, who in roles),
    ]
    if g.facilitator:
        lines.append(f"Facilitator: {g.facilitator}")
    if g.notes:
        lines += ["", g.notes]
    lines += ["", "Plan kept in gameday's schedule; `gameday schedule show` lists it."]
    e.add("description", "\n".join(lines))
    location = g.location or plan.location
    if location:
        e.add("location", location)
    e.add("categories", ["Game Day", "Drill"])
    e.add("status", "CONFIRMED")
    e.add("transp", "OPAQUE")
    if plan.organizer:
        org = vCalAddress(f"mailto:{plan.organizer}")
        org.params["cn"] = "gameday"
        e.add("organizer", org)
    people = _people(team)
    role_of = {who: ev.ROLE_TITLES[r] for r, who in roles}
    for name, person in people.items():
        if person.email:
            e.add("attendee", _attendee(person, role_of.get(name)), encode=False)
    return e


def schedule_ics(
    plan: Schedule, teams: dict[str, Team | None], *, now: datetime, name: str = "Game Days"
) -> bytes:
    """The whole plan as one calendar (``teams``: each Game Day's team, by its ``team`` text)."""
    from icalendar import Timezone

    cal = _calendar(name)
    starts = [g.start for g in plan.gamedays if g.start is not None]
    if plan.timezone != "UTC" and starts:
        first = min(starts).date() - timedelta(days=366)
        last = max(starts).date() + timedelta(days=366)
        cal.add_component(
            Timezone.from_tzinfo(plan.zone, plan.timezone, first_date=first, last_date=last)
        )
    for g in plan.gamedays:
        cal.add_component(gameday_event(g, plan, teams.get(g.team), now))
    return bytes(cal.to_ical())


def rotation_ics(team: str, weeks: Sequence[Week], *, now: datetime) -> bytes:
    """The on-call rotation: one all-day event per week and person (primary, secondary)."""
    from icalendar import Event

    cal = _calendar(f"On call: {team}")
    for w in weeks:
        for level, who in enumerate(w.order):
            label = "primary" if level == 0 else "secondary" if level == 1 else f"level {level}"
            e = Event()
            e.add("uid", f"oncall-{team}-{w.start:%Y%m%d}-{level}@gameday")
            e.add("dtstamp", now)
            e.add("dtstart", w.start)
            e.add("dtend", w.start + timedelta(days=7))
            e.add("summary", f"On call ({label}): {who} — team {team}")
            e.add("transp", "TRANSPARENT")
            cal.add_component(e)
    return bytes(cal.to_ical())
