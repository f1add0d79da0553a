"""Integrations are off by default; the team file or the environment turns them on."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday.drill.team import load_team
from gameday.errors import ValidationError
from gameday.integrations.config import enabled
from gameday.integrations.pagerduty import PagerDutySettings

TEAM = """\
team: blue
people: [ana, ben]
oncall: [ana, ben]
"""


def _team(tmp_path: Path, extra: str = "") -> Path:
    p = tmp_path / "team.yaml"
    p.write_text(TEAM + extra)
    return p


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "GAMEDAY_INTEGRATIONS",
        "GAMEDAY_SLACK_WEBHOOK_URL",
        "GAMEDAY_PAGERDUTY_ROUTING_KEY",
        "GAMEDAY_OPSGENIE_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)


def test_off_by_default(tmp_path: Path) -> None:
    assert enabled(load_team(_team(tmp_path))) == {}


def test_the_team_file_turns_them_on_with_typed_settings(tmp_path: Path) -> None:
    team = load_team(
        _team(
            tmp_path,
            "integrations:\n  pagerduty: {routing_key_env: PD_KEY, severity: warning}\n  slack:\n",
        )
    )
    on = enabled(team)
    assert sorted(on) == ["pagerduty", "slack"]
    assert on["pagerduty"][1] == PagerDutySettings(routing_key_env="PD_KEY", severity="warning")


def test_the_environment_alone_turns_one_on_and_the_switch_turns_all_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = load_team(_team(tmp_path, "integrations:\n  slack: {}\n"))
    monkeypatch.setenv("GAMEDAY_PAGERDUTY_ROUTING_KEY", "k")
    assert sorted(enabled(team)) == ["pagerduty", "slack"]
    monkeypatch.setenv("GAMEDAY_INTEGRATIONS", "slack")
    assert sorted(enabled(team)) == ["slack"]
    monkeypatch.setenv("GAMEDAY_INTEGRATIONS", "off")
    assert enabled(team) == {}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            "integrations:\n  pagerduty: {routing_key: abc}\n",
            (
                ":5: integrations.pagerduty.routing_key: the routing key is a secret and never "
                "goes in the team file"
            ),
        ),
        (
            "integrations:\n  slak: {}\n",
            ":5: integrations.slak: unknown integration 'slak' (did you mean 'slack'?",
        ),
        (
            "integrations:\n  opsgenie: {url: 'ftp://x', priority: P9}\n",
            ":5: integrations.opsgenie.url: ",
        ),
        (
            "integrations:\n  jira: {project: ops}\n",
            ":5: integrations.jira.project: ",
        ),
    ],
)
def test_mistakes_name_file_line_and_key(tmp_path: Path, extra: str, message: str) -> None:
    path = _team(tmp_path, extra)
    with pytest.raises(ValidationError) as err:
        load_team(path)
    assert str(err.value).startswith(f"{path}{message}")
    assert "abc" not in str(err.value)  # never echoes a secret written by mistake
