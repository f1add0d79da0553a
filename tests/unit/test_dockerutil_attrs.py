"""What gameday reads from a container's inspect attributes: one reading for every part."""

from __future__ import annotations

from gameday.dockerutil import health_command, health_status


def test_health_command_as_the_engine_runs_it() -> None:
    def attrs(test: object) -> dict[str, object]:
        return {"Config": {"Healthcheck": {"Test": test}}}

    assert health_command(attrs(["CMD", "pg_isready", "-U", "shop"])) == [
        "pg_isready",
        "-U",
        "shop",
    ]
    assert health_command(attrs(["CMD-SHELL", "curl -f localhost || exit 1"])) == [
        "/bin/sh", "-c", "curl -f localhost || exit 1"
    ]  # fmt: skip
    assert health_command(attrs(["NONE"])) is None
    assert health_command({"Config": {}}) is None and health_command({}) is None


def test_health_status_only_when_there_is_a_health_check() -> None:
    assert health_status({"State": {"Status": "running", "Health": {"Status": "starting"}}}) == (
        "starting"
    )
    assert health_status({"State": {"Status": "running"}}) is None
    assert health_status({"State": None}) is None and health_status({}) is None
