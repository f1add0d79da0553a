"""``gameday validate`` and ``gameday list`` (with their --help), and the scenario catalog."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.errors import UsageError
from gameday.scenario.catalog import catalog, find_scenario
from gameday.state import project_root

ROOT = project_root()
COMPLETE = ROOT / "tests" / "data" / "scenarios" / "complete.yaml"
BAD = ROOT / "tests" / "data" / "bad_scenarios"


@pytest.fixture
def local_scenarios(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "mine"
    d.mkdir()
    shutil.copy(COMPLETE, d / "complete.yaml")
    shutil.copy(BAD / "unknown_fault.yaml", d / "typo.yaml")
    monkeypatch.setenv("GAMEDAY_SCENARIO_PATH", str(d))
    monkeypatch.chdir(tmp_path)
    return d


@pytest.mark.parametrize("command", ["validate", "list"])
def test_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert f"usage: gameday {command}" in capsys.readouterr().out


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    builtin = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    assert main(["validate", str(COMPLETE), *builtin]) == 0
    out = capsys.readouterr()
    assert f"{COMPLETE}: ok (checkout-pool-drain)" in out.out
    assert f"{len(builtin) + 1} of {len(builtin) + 1} file(s) valid" in out.out
    assert out.err == ""


def test_validate_mixed_exits_2_and_reports_only_the_bad(capsys) -> None:
    bad = BAD / "malformed_duration.yaml"
    assert main(["validate", str(COMPLETE), str(bad)]) == 2
    out = capsys.readouterr()
    assert out.err.splitlines() == [
        f"{bad}:14: timeline[0].at: '5 minutes' is not a duration like 90s or 5m"
    ]
    assert "1 of 2 file(s) valid" in out.out


def test_validate_requires_a_file(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        main(["validate"])
    assert info.value.code == 2


def test_list_json_shows_builtin_and_local(local_scenarios: Path, capsys) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r for r in rows}
    assert by_id["expired-cert"]["origin"] == "built-in"
    assert by_id["expired-cert"]["faults"] == ["expired_cert"]
    local = by_id["checkout-pool-drain"]
    assert local["origin"] == "local" and local["valid"]
    assert (local["title"], local["difficulty"], local["faults"]) == (
        "Checkout slows to a crawl after a payments deploy",
        "medium",
        ["network_latency", "bad_deploy"],
    )
    typo = by_id["typo"]
    assert not typo["valid"] and "unknown fault type 'stop_servce'" in typo["error"]


def test_list_table(local_scenarios: Path, capsys) -> None:
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "expired-cert" in out and "checkout-pool-drain" in out and "invalid" in out


def test_catalog_flags_a_duplicate_id(local_scenarios: Path) -> None:
    shutil.copy(COMPLETE, local_scenarios / "again.yaml")
    entries = [e for e in catalog() if e.origin == "local"]
    dup = [e for e in entries if e.error and "duplicate scenario id" in e.error]
    assert len(dup) == 1 and dup[0].path.name in ("again.yaml", "complete.yaml")


def test_find_scenario_by_id_or_path(local_scenarios: Path) -> None:
    assert find_scenario("expired-cert").id == "expired-cert"
    assert find_scenario("checkout-pool-drain").title.startswith("Checkout slows")
    assert find_scenario(str(COMPLETE)).id == "checkout-pool-drain"
    with pytest.raises(UsageError) as info:
        find_scenario("no-such-drill")
    assert "expired-cert" in str(info.value)
