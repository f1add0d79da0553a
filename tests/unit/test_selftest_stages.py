"""Selftest's pure parts: the timeline's stages, what each should break, whether it did, and
when the stack needs bringing up (the Docker side is tests/integration/test_selftest_stages.py)."""

from __future__ import annotations

from gameday.probes.base import ProbeResult
from gameday.scenario.model import FaultStep
from gameday.selftest import PHASES, Phase, SelftestReport, needs_up, stage_verdict, stages
from gameday.target import ServiceStatus


def _step(name: str, at: float, *breaks: str) -> FaultStep:
    return FaultStep(name=name, type="exec", at=at, breaks=tuple(breaks))


def _result(name: str, ok: bool) -> ProbeResult:
    return ProbeResult(ok, "fine" if ok else "HTTP 502", name=name, kind="http")


def test_faults_at_the_same_time_are_one_stage_in_time_order() -> None:
    timeline = stages([_step("b", 90.0, "checkout"), _step("a", 0.0, "checkout"),
                       _step("c", 90.0, "browse", "checkout")])  # fmt: skip
    assert [(s.number, s.at, [f.name for f in s.faults]) for s in timeline] == [
        (1, 0.0, ["a"]),
        (2, 90.0, ["b", "c"]),
    ]
    assert timeline[1].breaks == ("checkout", "browse")
    text = timeline[1].describe(2)
    assert text == "stage 2/2 at 1m30s: b (exec), c (exec) should break checkout, browse"


def test_a_stage_must_break_every_probe_it_names() -> None:
    stage = stages([_step("a", 0.0, "checkout", "browse")])[0]
    ok, lines = stage_verdict(stage, [_result("browse", True), _result("checkout", False)])
    assert not ok
    assert lines[0].endswith("(expected to break: STILL PASSES)")
    assert lines[1].startswith("FAIL checkout") and lines[1].endswith("(expected to break)")
    ok, _ = stage_verdict(stage, [_result("browse", False), _result("checkout", False)])
    assert ok


def test_a_stage_naming_no_probe_must_break_some_probe() -> None:
    stage = stages([_step("a", 0.0)])[0]
    assert stage.describe(1).endswith("should break at least one probe (none named)")
    assert not stage_verdict(stage, [_result("browse", True)])[0]
    assert stage_verdict(stage, [_result("browse", True), _result("x", False)])[0]


def test_a_stage_that_breaks_other_probes_too_still_passes() -> None:
    stage = stages([_step("a", 0.0, "checkout")])[0]
    assert stage_verdict(stage, [_result("browse", False), _result("checkout", False)])[0]


def _status(service: str, state: str) -> ServiceStatus:
    return ServiceStatus(service, state, "healthy", "img", "v1")


def test_the_stack_needs_bringing_up_when_a_service_is_not_running() -> None:
    assert needs_up([_status("api", "running"), _status("db", "running")]) == []
    assert needs_up([_status("api", "absent"), _status("db", "exited")]) == [
        "api absent",
        "db exited",
    ]


def test_a_report_passes_only_with_every_phase_and_a_broken_check_per_stage() -> None:
    def report(names: list[tuple[str, int | None]], n_stages: int) -> SelftestReport:
        r = SelftestReport("s", stages=n_stages)
        r.phases = [Phase(n, True, 0.1, stage=st) for n, st in names]
        return r

    one = [(p, 1 if p in ("inject", "broken") else None) for p in PHASES]
    assert report(one, 1).ok
    assert not report(one, 2).ok  # stage 2 was never checked
    two = [*one[:4], ("inject", 2), ("broken", 2), *one[4:]]
    assert report(two, 2).ok
    failed = report(two, 2)
    failed.phases[5].ok = False
    assert not failed.ok
    assert report(two, 2).phase("broken", 2) is not None
    assert report(one, 1).phase("broken", 2) is None
