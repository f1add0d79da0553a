"""The catalogue scenarios of issue 11 (i11b's four) prove themselves on the real stack: each
stage breaks the probes it names, the documented remediation fixes it, the restore leaves the
stack clean. The cascade follows its timeline (stage 2 at 2m), so the module is slow."""

from __future__ import annotations

import time
from typing import Any

import pytest

from gameday.journal import pending_restores
from gameday.scenario.loader import load_scenario
from gameday.selftest import selftest
from gameday.state import project_root

pytestmark = [pytest.mark.docker, pytest.mark.slow]

CATALOGUE = ("upstream-latency", "noisy-neighbour", "red-herring", "cascade")


@pytest.mark.parametrize("name", CATALOGUE)
def test_catalogue_scenario_passes_selftest(shop: Any, name: str) -> None:
    scenario = load_scenario(project_root() / "scenarios" / f"{name}.yaml")
    lines: list[str] = []
    start = time.perf_counter()
    report = selftest(scenario, lines.append, target=shop)
    wall = time.perf_counter() - start
    assert report.ok, (report.error, [(p.name, p.stage, p.ok, p.details) for p in report.phases])
    assert report.stages == len({f.at for f in scenario.faults})
    for stage in range(1, report.stages + 1):
        broken = report.phase("broken", stage)
        assert broken is not None
        assert any("(expected to break)" in ln and ln.startswith("FAIL") for ln in broken.details)
    recovered = report.phase("recovered")
    assert recovered is not None and all(line.startswith("ok") for line in recovered.details)
    assert [e for e in pending_restores() if e.project == shop.project] == []
    timings = {f: {k: round(v, 1) for k, v in t.items()} for f, t in report.fault_timings.items()}
    print(f"\nselftest {name}: {wall:.1f}s; {timings}")
    if name == "red-herring":  # the harmless deploy is where a team looks: who, what, when
        recent = shop.history.entries("api", limit=2)
        assert [(d.version, d.action, d.by) for d in recent] == [
            ("v1", "rollback", "gameday"),
            ("v1.1", "deploy", "dana"),
        ]
        assert recent[1].note == "product photos from the CDN"
        assert shop.deployed_version("api") == "v1"
