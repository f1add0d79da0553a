"""Every seed scenario proves itself on the real stack: ``gameday selftest`` passes."""

from __future__ import annotations

from typing import Any

import pytest

from gameday.journal import pending_restores
from gameday.scenario.loader import load_scenario
from gameday.selftest import PHASES, selftest
from gameday.state import project_root

pytestmark = pytest.mark.docker

SEEDS = ("expired-cert", "heavy-migration", "upstream-schema", "bad-deploy")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_scenario_passes_selftest(shop: Any, name: str) -> None:
    scenario = load_scenario(project_root() / "scenarios" / f"{name}.yaml")
    lines: list[str] = []
    report = selftest(scenario, lines.append, target=shop)
    assert report.ok, (report.error, [(p.name, p.ok, p.details) for p in report.phases])
    assert [p.name for p in report.phases] == list(PHASES)
    broken = report.phase("broken")
    assert broken is not None and any(line.startswith("FAIL") for line in broken.details)
    recovered = report.phase("recovered")
    assert recovered is not None and all(line.startswith("ok") for line in recovered.details)
    assert set(report.fault_timings) == {f.name for f in scenario.faults}
    assert [e for e in pending_restores() if e.project == shop.project] == []
    assert any("injecting" in line for line in lines)  # progress was reported


def test_selftest_of_a_scenario_whose_remedy_does_not_fix_it_fails_and_still_restores(
    shop: Any, tmp_path: Any
) -> None:
    """Pinning the payments version does not fix an expired certificate: selftest must say so,
    and the certificate must be valid again afterwards."""
    text = (project_root() / "scenarios" / "expired-cert.yaml").read_text()
    text = text.replace("  - action: renew_certificate", "  - action: pin_upstream_version")
    path = tmp_path / "wrong-remedy.yaml"
    path.write_text(text.replace("target: targets/shop", f"target: {shop.path}"))
    scenario = load_scenario(path)
    report = selftest(scenario, target=shop, settle_timeout=15.0)
    assert not report.ok
    assert report.error is not None and report.error.startswith("recovered")
    from gameday.faults.seed import tls_handshake

    assert tls_handshake(shop) is None  # restored by the guard
    assert [e for e in pending_restores() if e.project == shop.project] == []
    from gameday.faults._util import psql

    psql(shop, "UPDATE settings SET value = '' WHERE key = 'payments_version'")
