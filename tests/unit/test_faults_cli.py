"""``gameday faults``, ``gameday restore`` (list / nothing pending) and ``selftest`` argument
errors, through the real CLI entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday.cli import main
from gameday.journal import Journal


def test_faults_lists_every_fault_and_remediation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults"]) == 0
    out = capsys.readouterr().out
    for name in ("expired_cert", "heavy_migration", "network_latency", "pin_upstream_version"):
        assert name in out


def test_faults_name_shows_params(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults", "network_loss"]) == 0
    out = capsys.readouterr().out
    assert "percent: float (required)" in out and "device: str = 'eth0'" in out


def test_faults_unknown_name_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults", "meteor_strike"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gameday: error: no fault type or remediation 'meteor_strike'")


def test_restore_with_nothing_pending(state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore"]) == 0
    assert "nothing to restore" in capsys.readouterr().out


def test_restore_list_shows_pending_without_touching_anything(
    state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Journal().record(
        fault="cert", type="expired_cert", params={}, target="targets/shop", project="gd-x"
    )
    assert main(["restore", "--list"]) == 0
    out = capsys.readouterr().out
    assert "pending: cert (expired_cert on gd-x" in out
    assert len(Journal().pending()) == 1


def test_selftest_of_an_invalid_scenario_is_a_validation_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\ntitle: [unclosed\n")
    assert main(["selftest", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:" in err and "Traceback" not in err
