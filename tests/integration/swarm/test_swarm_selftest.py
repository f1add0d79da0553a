"""The four seed scenarios prove themselves on the swarm stack, as they do on compose."""

from __future__ import annotations

from typing import Any

import pytest

from gameday.cli import main
from gameday.journal import pending_restores
from gameday.scenario.loader import load_scenario
from gameday.selftest import PHASES, selftest
from gameday.state import project_root

pytestmark = [pytest.mark.docker, pytest.mark.slow]

SEEDS = ("expired-cert", "heavy-migration", "upstream-schema", "bad-deploy")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_scenario_passes_selftest_on_swarm(swarm_shop: Any, name: str) -> None:
    scenario = load_scenario(project_root() / "scenarios" / f"{name}.yaml")
    report = selftest(scenario, target=swarm_shop)
    assert report.ok, (report.error, [(p.name, p.ok, p.details) for p in report.phases])
    assert [p.name for p in report.phases] == list(PHASES)
    broken = report.phase("broken")
    assert broken is not None and any(line.startswith("FAIL") for line in broken.details)
    assert [e for e in pending_restores() if e.project == swarm_shop.project] == []
    timings = {k: round(v, 2) for t in report.fault_timings.values() for k, v in t.items()}
    print(f"\n[swarm] selftest {name}: {timings}")
    api = next(r for r in swarm_shop.status() if r.service == "api")
    assert (api.replicas, api.version) == ("2/2", "v1")  # left as found


def test_cli_selftest_engine_swarm(swarm_env: dict[str, str], capsys: Any, monkeypatch) -> None:
    monkeypatch.delenv("GAMEDAY_ENGINE")  # the flag decides
    path = str(project_root() / "scenarios" / "upstream-schema.yaml")
    assert main(["selftest", "--engine", "swarm", path]) == 0
    out = capsys.readouterr().out
    assert "(swarm)" in out and "selftest passed" in out
