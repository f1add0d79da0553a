"""The Game Day calendar: the plan file, iCalendar invites read back by two real parsers, the
on-call rotation, role and scenario suggestions."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject

from gameday.cli import main
from gameday.drill.team import load_team
from gameday.errors import ValidationError
from gameday.schedule.history import Drill
from gameday.schedule.ics import rotation_ics, schedule_ics
from gameday.schedule.plan import load_schedule
from gameday.schedule.rotation import rotation
from gameday.schedule.suggest import ScenarioOption, suggest_roles, suggest_scenarios
from gameday.state import project_root

DATA = project_root() / "tests" / "data"
NOW = datetime(2026, 5, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    (tmp_path / "teams").mkdir()
    shutil.copy(DATA / "teams" / "blue-integrations.yaml", tmp_path / "teams")
    shutil.copy(DATA / "schedules" / "blue.yaml", tmp_path / "gameday-schedule.yaml")
    return tmp_path


def test_the_plan_reads_times_in_its_zone() -> None:
    plan = load_schedule(DATA / "schedules" / "blue.yaml")
    june, october = plan.gamedays
    assert june.start == datetime(2026, 6, 4, 8, 0, tzinfo=UTC)  # 10:00 CEST
    assert october.start == datetime(2026, 10, 29, 9, 0, tzinfo=UTC)  # 10:00 CET
    assert plan.length(june) == timedelta(hours=2) and plan.length(october) == timedelta(minutes=90)
    assert june.uid == "gd-blue-202606041000@gameday"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("timezone: Mars/Olympus\n", ":1: timezone: unknown time zone 'Mars/Olympus'"),
        (
            "gamedays:\n  - {team: blue, when: 2026-02-30T10:00, scenario: x}\n",
            ":2: gamedays[0].when: '2026-02-30T10:00' is not a real time",
        ),
        (
            "gamedays:\n  - {team: b, when: 'next week', scenario: x}\n",
            ":2: gamedays[0].when: 'next week' must be a time like 2026-06-04T10:00",
        ),
        (
            (
                "gamedays:\n  - {team: b, when: 2026-06-04T10:00, scenario: x,"
                " roles: {ic: dana, tech: dana}}\n"
            ),
            ":2: gamedays[0].roles.tech: dana cannot be Incident Commander and Technical Lead",
        ),
    ],
)
def test_plan_mistakes_name_file_line_and_key(tmp_path: Path, text: str, message: str) -> None:
    p = tmp_path / "s.yaml"
    p.write_text(text)
    with pytest.raises(ValidationError) as err:
        load_schedule(p)
    assert str(err.value).startswith(f"{p}{message}")


def test_ics_invites_read_back_by_two_parsers(plan_dir: Path) -> None:
    plan = load_schedule(plan_dir / "gameday-schedule.yaml")
    team = load_team(plan_dir / "teams" / "blue-integrations.yaml")
    data = schedule_ics(plan, {"blue-integrations": team}, now=NOW)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))  # folded at 75 octets
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    # icalendar's parser
    cal = icalendar.Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [
        "gd-blue-202606041000@gameday",
        "gd-blue-202610291000@gameday",
    ]
    june = events[0]
    assert june.decoded("dtstart") == datetime(2026, 6, 4, 8, 0, tzinfo=UTC)
    assert june.decoded("dtstart").tzinfo is not None
    assert str(june["summary"]).startswith("Game Day [DRILL]: team blue-integrations")
    description = str(june["description"])
    assert "not a real incident" in description
    assert "comma, semicolon; and a backslash \\ too." in description  # escaped and back
    assert "Incident Commander: dana" in description
    attendees = sorted(str(a) for a in june.get("attendee"))
    assert attendees == [
        "mailto:dana@example.com",
        "mailto:eli@example.com",
        "mailto:gus@example.com",
    ]
    assert len(list(cal.walk("VTIMEZONE"))) == 1
    # vobject: an independent implementation reads the same invites
    parsed = vobject.readOne(data.decode("utf-8"))
    vevents = parsed.contents["vevent"]
    assert len(vevents) == 2
    october = vevents[1]
    assert october.dtstart.value.utcoffset() == timedelta(hours=1)  # CET after the change
    assert october.dtstart.value.astimezone(UTC) == datetime(2026, 10, 29, 9, 0, tzinfo=UTC)
    assert october.dtend.value - october.dtstart.value == timedelta(minutes=90)
    assert vevents[0].location.value == "Room 3; https://meet.example/gameday"
    cn = {a.params["CN"][0] for a in vevents[0].contents["attendee"]}
    assert "Dana Q, SRE" in cn


def test_the_commands_plan_show_and_export(plan_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(plan_dir)
    monkeypatch.setenv("GAMEDAY_SCORECARDS", str(plan_dir / "scorecards"))
    code = main(
        [
            "schedule",
            "add",
            "blue-integrations",
            "2027-01-14T09:30",
            "heavy-migration",
            "--suggest-roles",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    # eli and fay were never IC; fay held fewer roles in the plan so far
    assert "suggested Incident Commander: fay (fay has never been Incident Commander" in out
    plan = load_schedule(plan_dir / "gameday-schedule.yaml")
    third = plan.gamedays[2]
    assert third.roles.ic == "fay" and third.roles.ic != third.roles.tech
    assert third.roles.tech != "dana" and third.roles.comms != "eli"  # not twice in a row
    assert third.id == "gd-blue-202701140930"
    assert main(["schedule", "ics"]) == 0
    cal = icalendar.Calendar.from_ical((plan_dir / "gameday-schedule.ics").read_bytes())
    assert len(list(cal.walk("VEVENT"))) == 3
    assert main(["schedule", "show"]) == 0
    assert "Thu 2027-01-14 09:30 CET  team blue-integrations  heavy-migration" in (
        capsys.readouterr().out
    )
    assert main(["schedule", "add", "nobody", "2027-01-14T09:30", "x"]) == 2
    assert main(["schedule", "add", "blue-integrations", "soon", "x"]) == 2
    err = capsys.readouterr().err
    assert "gameday: error: no team 'nobody': looked for nobody.yaml in teams" in err
    assert "gameday: error: when: 'soon' must be a time like 2026-06-04T10:00" in err


def test_weekly_rotation_turns_by_one() -> None:
    weeks = rotation(("dana", "eli", "fay"), date(2026, 6, 3), 4)
    assert [w.start for w in weeks] == [date(2026, 6, 1) + timedelta(weeks=i) for i in range(4)]
    assert [w.order for w in weeks] == [
        ("dana", "eli"),
        ("eli", "fay"),
        ("fay", "dana"),
        ("dana", "eli"),
    ]
    cal = icalendar.Calendar.from_ical(rotation_ics("blue", weeks, now=NOW))
    first = next(iter(cal.walk("VEVENT")))
    assert first.decoded("dtstart") == date(2026, 6, 1)
    assert str(first["summary"]) == "On call (primary): dana — team blue"


def test_role_suggestions_follow_the_rotation_rules() -> None:
    people = ["ana", "ben", "cy", "dee"]
    past = [
        {"ic": "ana", "tech": "ben", "comms": "cy"},
        {"ic": "ben", "tech": "cy", "comms": "ana"},
    ]
    s = {r.role: r for r in suggest_roles(people, past)}
    assert s["ic"].person in ("cy", "dee")  # never been IC
    assert s["ic"].why.endswith("has never been Incident Commander (ben held it last time)")
    assert s["tech"].person != "cy"  # not the same role twice in a row
    assert s["comms"].person != "ana"
    assert len({r.person for r in s.values()}) == 3  # nobody holds two roles
    # two people: one role stays empty rather than doubling IC and Technical Lead
    small = suggest_roles(["ana", "ben"], [{"ic": "ana", "tech": "ben"}])
    assert [r.person for r in small] == ["ben", "ana", None]
    assert small[2].why == "nobody left: the roster is too small"


def _drill(scenario: str, days_ago: int, total: float, missed: tuple[str, ...] = ()) -> Drill:
    criteria = dict.fromkeys(missed, "missed") | {"ack": "met"}
    return Drill("d", "blue", scenario, NOW - timedelta(days=days_ago), total, {}, criteria)


def test_next_scenario_by_spaced_repetition() -> None:
    options = [
        ScenarioOption("bad-deploy", "deploy"),
        ScenarioOption("canary-deploy", "deploy"),
        ScenarioOption("expired-cert", "certificate"),
        ScenarioOption("heavy-migration", "migration"),
    ]
    history = [
        _drill("bad-deploy", 40, 90),
        _drill("bad-deploy", 20, 95),  # two good drills in a row: every 28 days now
        _drill("expired-cert", 10, 40, ("first_status", "cadence")),  # poor: every 7 days
    ]
    ranked, weak = suggest_scenarios(options, history, NOW)
    order = [s.scenario for s in ranked]
    assert order[0] == "heavy-migration"  # a kind never drilled
    assert ranked[0].why == "the team has never drilled a migration incident"
    assert order[1] == "canary-deploy"  # never drilled, but its kind was
    assert order[2] == "expired-cert"  # overdue (10 days of a 7-day interval)
    assert "last time missed cadence, first_status" in ranked[2].why
    assert order[3] == "bad-deploy" and "interval 28 days: not due yet" in ranked[3].why
    assert weak[0][0] in ("cadence", "first_status") and weak[0][1] == 1.0
