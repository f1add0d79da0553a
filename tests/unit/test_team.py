"""Team roster files: parsing, defaults, and errors that name file:line: key."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday.drill.team import load_team
from gameday.errors import ValidationError
from gameday.state import project_root

TEAMS = project_root() / "scenarios" / "teams"


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "team.yaml"
    p.write_text(text)
    return p


@pytest.mark.parametrize("name", ["model-team", "sloppy-team"])
def test_bundled_teams_load(name: str) -> None:
    team = load_team(TEAMS / f"{name}.yaml")
    assert team.name == name
    assert team.oncall and set(team.oncall) <= set(team.names)
    assert team.default_actor in team.names
    for scenario in ("expired-cert", "heavy-migration", "upstream-schema", "bad-deploy"):
        script = team.autopilot_script(scenario)
        assert script is not None and script.name == f"{scenario}.yaml"


def test_minimal_team_and_short_person_form(tmp_path: Path) -> None:
    team = load_team(_write(tmp_path, "team: t\npeople: [ann, ben]\noncall: [ben, ann]\n"))
    assert team.names == ("ann", "ben")
    assert team.oncall == ("ben", "ann")
    assert team.default_actor is None and team.escalate_after is None
    assert team.autopilot_script("expired-cert") is None


def test_escalate_after_is_a_duration(tmp_path: Path) -> None:
    text = "team: t\nescalate_after: 1m30s\npeople: [ann]\noncall: [ann]\n"
    assert load_team(_write(tmp_path, text)).escalate_after == 90.0


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("team: t\npeople: [ann]\noncall: [bob]\n", ":3: oncall[0]: 'bob' is not in people"),
        ("team: t\npeople: [ann]\noncall: [ann, ann]\n", ":3: oncall[1]: 'ann' is on the rota"),
        ("team: t\npeople: [ann, ann]\noncall: [ann]\n", ":2: people[1]: 'ann' is listed twice"),
        ("team: t\npeople: [ann]\noncall: [ann]\ncolour: red\n", ":4: colour: unknown key"),
        ("team: t\npeople: [ann]\n", ":1: oncall: required key is missing"),
        ("team: t\npeople: []\noncall: [ann]\n", ":2: people: needs at least 1 item"),
        ("team: t\npeople:\n  - {name: ann, age: 3}\noncall: [ann]\n", ":3: people[0].age:"),
        ("team: t\npeople: [ann]\noncall: [ann]\ndefault_actor: zed\n", ":4: default_actor:"),
        ("team: t\npeople: [ann]\noncall: [ann]\nescalate_after: soon\n", ":4: escalate_after:"),
        ("team: 'a b'\npeople: [ann]\noncall: [ann]\n", ":1: team: 'a b' must be letters, digits"),
        ("- just\n- a list\n", ":1: expected a team file: a mapping with team, people and"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, where: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ValidationError) as info:
        load_team(path)
    assert str(info.value).startswith(str(path))
    assert where in str(info.value)
