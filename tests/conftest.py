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
