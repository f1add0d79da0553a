"""Deploy history and the choice of rollback version."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday.target.deploys import DeployHistory, rollback_version


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        ([], None),
        (["v1"], None),
        (["v1", "v2"], "v1"),
        (["v1", "v2", "v2"], "v1"),  # a redeploy of the same version is not a step back
        (["v1", "v2", "v1"], "v2"),  # after a rollback, the previous is the bad one
        (["v1", "v2", "v3"], "v2"),
    ],
)
def test_rollback_version(history: list[str], expected: str | None) -> None:
    assert rollback_version(history) == expected


def test_history_is_durable_and_per_service(tmp_path: Path) -> None:
    path = tmp_path / "targets" / "p" / "deploys.json"
    h = DeployHistory(path)
    assert h.versions("api") == []
    h.record("api", "v1", "up")
    h.record("api", "v2", "deploy")
    h.record("db", "v1", "up")
    again = DeployHistory(path)  # a different process reads the same file
    assert again.versions("api") == ["v1", "v2"]
    assert again.versions("db") == ["v1"]
    assert again.load()["api"][1]["action"] == "deploy"
    again.clear()
    assert h.versions("api") == []


def test_a_corrupt_history_file_reads_as_empty(tmp_path: Path) -> None:
    path = tmp_path / "deploys.json"
    path.write_text("{not json")
    assert DeployHistory(path).versions("api") == []


def test_entries_say_who_deployed_what_and_when_newest_first(tmp_path: Path) -> None:
    import datetime as dt

    from gameday.target.deploys import deployed_by

    h = DeployHistory(tmp_path / "deploys.json")
    t0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    h.record("api", "v1", "up", at=t0, by="ci")
    with deployed_by("dana", "feature flag: new  product\nphotos"):
        h.record("api", "v1.1", "deploy", at=t0 + dt.timedelta(minutes=5))
        h.record("db", "v1", "deploy", at=t0 + dt.timedelta(minutes=5))
    h.record("api", "v1", "rollback", at=t0 + dt.timedelta(minutes=9), by="bob", note="")
    rows = h.entries()
    assert [(d.service, d.version, d.action, d.by) for d in rows] == [
        ("api", "v1", "rollback", "bob"),
        ("db", "v1", "deploy", "dana"),
        ("api", "v1.1", "deploy", "dana"),
        ("api", "v1", "up", "ci"),
    ]
    assert rows[1].note == "feature flag: new product photos"  # one line
    assert rows[0].ago(t0 + dt.timedelta(minutes=12)) == "3m00s ago"
    assert [d.version for d in h.entries("api", limit=2)] == ["v1", "v1.1"]
    at = "2026-12-07T09:00:00+00:00"
    assert rows[3].to_dict() == {"service": "api", "version": "v1", "action": "up", "at": at,
                                 "by": "ci", "note": ""}  # fmt: skip


def test_without_a_deployer_the_login_name_is_recorded(tmp_path: Path) -> None:
    import getpass

    h = DeployHistory(tmp_path / "deploys.json")
    h.record("api", "v2", "deploy")
    assert h.entries()[0].by == getpass.getuser()


def test_entries_of_a_damaged_or_old_file_read_what_they_can(tmp_path: Path) -> None:
    path = tmp_path / "deploys.json"
    path.write_text(
        '{"api": [{"version": "v1", "action": "up", "at": "2026-01-01T00:00:00+00:00"},'
        ' {"action": "deploy"}, "junk", {"version": "v2", "at": "yesterday", "by": 7}],'
        ' "db": "nope"}'
    )
    rows = DeployHistory(path).entries()
    assert [(d.version, d.by, d.at is None) for d in rows] == [("v1", "", False), ("v2", "", True)]


def test_cli_target_deploys_prints_the_log_newest_first(
    state_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt
    import json

    from gameday.cli import main

    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-unit-deploys")
    h = DeployHistory(state_dir / "targets" / "gd-unit-deploys" / "deploys.json")
    t0 = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=30)
    h.record("api", "v1", "up", at=t0, by="ci")
    h.record("api", "v2", "deploy", at=t0 + dt.timedelta(minutes=20), by="release-train",
             note="[bold]checkout refactor[/]")  # fmt: skip
    assert main(["target", "deploys"]) == 0
    out = capsys.readouterr().out
    lines = [ln for ln in out.splitlines() if " api " in ln]
    assert "v2" in lines[0] and "release-train" in lines[0] and "10m" in lines[0]
    assert "[bold]checkout refactor[/]" in out  # shown as written, not as markup
    assert "v1" in lines[1] and "ci" in lines[1]
    assert main(["target", "deploys", "--json", "--limit", "1"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["project"] == "gd-unit-deploys"
    assert [(d["version"], d["by"]) for d in doc["deploys"]] == [("v2", "release-train")]
    assert main(["target", "deploys", "--service", "nope"]) == 2
    assert "no service 'nope'" in capsys.readouterr().err
