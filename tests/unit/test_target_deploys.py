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
