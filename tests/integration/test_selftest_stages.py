"""``gameday selftest`` brings a stopped stack up, follows the timeline's ``at:`` stage by stage
and checks each stage breaks the probes it names (issue 11)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from gameday.journal import pending_restores
from gameday.scenario.loader import load_scenario
from gameday.selftest import selftest
from gameday.state import project_root

pytestmark = pytest.mark.docker

TWO_STAGES = """\
  - at: 0s
    fault: upstream_schema_change
    name: payments-v2
    params: {version: v2}
    breaks: [checkout]
  - at: 8s
    fault: stop_service
    name: proxy-down
    params: {service: proxy, grace: 1s}
    breaks: [browse]
remediation:
  - action: pin_upstream_version
    params: {version: v1}
  - action: restart_service
    params: {service: proxy}
"""


def _scenario(shop: Any, tmp_path: Path, timeline: str) -> Any:
    """upstream-schema with another timeline and remediation (the rest of the file kept)."""
    text = (project_root() / "scenarios" / "upstream-schema.yaml").read_text()
    head, _, rest = text.partition("timeline:\n")
    _, _, tail = rest.partition("root_cause:\n")
    tail = "root_cause:\n" + tail.split("remediation:\n")[0] + "hints:" + tail.split("hints:")[1]
    path = tmp_path / "staged.yaml"
    path.write_text(
        head.replace("target: targets/shop", f"target: {shop.path}") + "timeline:\n" + timeline
        + tail
    )  # fmt: skip
    return load_scenario(path)


def _reset_payments(shop: Any) -> None:
    from gameday.faults._util import psql

    psql(shop, "UPDATE settings SET value = '' WHERE key = 'payments_version'")


def test_selftest_follows_the_stages_and_checks_each_breaks_its_probes(
    shop: Any, tmp_path: Path
) -> None:
    scenario = _scenario(shop, tmp_path, TWO_STAGES)
    lines: list[str] = []
    report = selftest(scenario, lines.append, target=shop)
    _reset_payments(shop)
    assert report.ok, (report.error, [(p.name, p.stage, p.ok, p.details) for p in report.phases])
    assert report.stages == 2
    assert [(p.name, p.stage) for p in report.phases] == [
        ("up", None), ("steady", None), ("inject", 1), ("broken", 1), ("inject", 2),
        ("broken", 2), ("remediate", None), ("recovered", None), ("restore", None),
        ("clean", None),
    ]  # fmt: skip
    said = "\n".join(lines)
    assert "stage 1/2 at 0s: payments-v2 (upstream_schema_change) should break checkout" in said
    assert "stage 2/2 at 8s: proxy-down (stop_service) should break browse" in said
    assert "waiting" in said  # stage 2 waited for its at:
    broken2 = report.phase("broken", 2)
    assert broken2 is not None
    assert any(ln.startswith("FAIL browse") and "expected to break" in ln for ln in broken2.details)
    # stage 2 started no earlier than 8 s after stage 1
    inject1, inject2 = report.phase("inject", 1), report.phase("inject", 2)
    assert inject1 is not None and inject2 is not None
    assert [e for e in pending_restores() if e.project == shop.project] == []


def test_a_stage_that_does_not_break_what_it_names_fails_and_is_restored(
    shop: Any, tmp_path: Path
) -> None:
    wrong = TWO_STAGES.split("  - at: 8s")[0].replace("breaks: [checkout]", "breaks: [browse]")
    wrong += "remediation:\n  - action: pin_upstream_version\n    params: {version: v1}\n"
    scenario = _scenario(shop, tmp_path, wrong)
    report = selftest(scenario, target=shop, broken_timeout=5.0)
    _reset_payments(shop)
    assert not report.ok
    assert report.error is not None and report.error.startswith("broken")
    assert "should break browse" in report.error and "STILL PASSES" in report.error
    assert [e for e in pending_restores() if e.project == shop.project] == []
    out = shop.exec("payments", ["payments-admin", "show"])[1]
    assert "default response schema: v1" in out  # the guard undid the fault


def test_selftest_brings_a_stopped_stack_up_first(shop: Any) -> None:
    """Stopped proxy and api (what "connection refused" looked like): selftest starts them,
    says so, and passes."""
    for service in ("proxy", "api"):
        shop.container(service).stop(timeout=2)
    scenario = load_scenario(project_root() / "scenarios" / "upstream-schema.yaml")
    lines: list[str] = []
    start = time.perf_counter()
    report = selftest(scenario, lines.append, target=shop)
    seconds = time.perf_counter() - start
    _reset_payments(shop)
    print(f"\nselftest from a stopped stack: {seconds:.1f}s (up {report.phases[0].seconds:.1f}s)")
    assert report.ok, (report.error, [(p.name, p.ok, p.details) for p in report.phases])
    up = report.phase("up")
    assert up is not None and up.details == ["brought the stack up (api exited, proxy exited)"]
    assert any(line.startswith("bringing ") for line in lines)
