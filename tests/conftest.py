"""Session-wide isolation: gameday state goes to a temporary directory, never the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

_SESSION_STATE = Path(tempfile.mkdtemp(prefix="gameday-test-state-"))
os.environ["GAMEDAY_STATE_DIR"] = str(_SESSION_STATE)


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, private state directory for one test."""
    d = tmp_path / "state"
    d.mkdir()
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(d))
    return d


@pytest.fixture
def session_state_dir() -> Path:
    return _SESSION_STATE


@pytest.fixture(autouse=True)
def _fork_ok(request: pytest.FixtureRequest) -> None:
    """A test marked ``fork`` is skipped where it could not fork: checked when it runs (a 1-core
    machine, or a thread left running)."""
    if request.node.get_closest_marker("fork") is not None:
        from gameday import forked

        if not forked.can_fork():
            pytest.skip("needs os.fork, two cores and no other thread")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``fork`` run first: ``gameday.forked`` forks only a process with one thread,
    and tests of the web server and the HTTP fakes leave daemon threads behind."""
    items.sort(key=lambda item: item.get_closest_marker("fork") is None)
