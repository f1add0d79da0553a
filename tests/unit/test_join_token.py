"""Join tokens are typed after ``--token``: one that starts with ``-`` read as an option, so a
responder (and CI, one run in 64) got "argument --token: expected one argument"."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.drill.locate import create_drill, new_token


def test_a_token_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = iter(["-leading-dash", "--two", "ok-token_1"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda n: next(drawn))
    assert new_token() == "ok-token_1"


def test_drills_get_tokens_that_argparse_reads_as_values(state_dir: Path) -> None:
    tokens = set()
    for i in range(40):
        meta = create_drill("expired-cert", drill_id=f"d{i}", make_current=False).meta()
        tokens |= {meta.token, meta.facilitator_token}
    assert len(tokens) == 80 and not any(t.startswith("-") for t in tokens)
    assert all(len(t) == 32 for t in tokens)


def test_an_old_dash_token_is_still_taken_as_token_equals(
    state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the endpoint prints ``--token=TOKEN``: argparse takes any value after "="
    code = main(["ack", "--as", "dana", "--server", "http://127.0.0.1:9", "--token=-abc"])
    err = capsys.readouterr().err
    assert "expected one argument" not in err and code != 2
