"""The scenario loader: a complete file becomes the typed model; each rule names file:line: key."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gameday.errors import GamedayError, ValidationError
from gameday.params import parse_params
from gameday.probes import PROBES
from gameday.registry import Registry
from gameday.scenario.loader import Registries, ScenarioInvalid, load_scenario
from gameday.state import project_root

ROOT = project_root()
COMPLETE = ROOT / "tests" / "data" / "scenarios" / "complete.yaml"

MINIMAL = """\
id: minimal
title: Payments down
briefing: Checkout fails.
difficulty: easy
target: {target}
severity: 3
steady_state:
  - name: web
    probe: http
    params: {{url: "{{proxy}}/health"}}
timeline:
  - at: 30s
    fault: stop_service
    params: {{service: payments}}
  - at: 1m
    inject: noise
    message: disk 80% on logs-1
  - at: 2m
    inject: noise
    message: disk 85% on logs-1
  - at: 3m
    inject: stakeholder
    message: any news?
root_cause:
  category: upstream
  keywords: [Payments, Stopped]
remediation:
  - action: restart_service
    params: {{service: payments}}
"""


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return p


def errors_of(path: Path, registries: Registries | None = None) -> list[str]:
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(path, registries)
    return [str(e) for e in info.value.errors]


def test_complete_example_becomes_the_typed_model() -> None:
    s = load_scenario(COMPLETE)
    assert (s.id, s.difficulty, s.severity, s.playbook) == (
        "checkout-pool-drain",
        "medium",
        2,
        "default",
    )
    assert s.time_limit == 30 * 60
    assert s.target == "targets/shop" and s.target_dir == str(ROOT / "targets" / "shop")
    assert [p.kind for p in s.steady_state] == [
        "http",
        "http",
        "tcp",
        "sql",
        "container",
        "command",
    ]
    assert s.steady_state[0].params["url"] == "{proxy}/products?limit=5"  # resolved at run time
    assert [(f.name, f.type, f.at) for f in s.faults] == [
        ("slow-payments", "network_latency", 0.0),
        ("bad_deploy", "bad_deploy", 90.0),
    ]
    assert s.faults[0].params == {
        "service": "payments",
        "delay": "800ms",
    }  # raw, re-parsed by the fault
    assert [(i.name, i.kind, i.at, i.sender) for i in s.injects] == [
        ("vp-asks", "stakeholder", 300.0, "VP Engineering"),
        ("noise-1", "noise", 420.0, "search-indexer"),
    ]
    assert s.root_cause.category == "deploy" and s.root_cause.keywords == (
        "deploy",
        "v2",
        "rollback",
    )
    assert s.remediation[0].action == "rollback" and s.rollback_service == "api"
    assert s.score_overrides == {"stakeholders": 10.0, "cadence": 12.0}
    assert len(s.hints) == 2
    assert s.fault_types == ("network_latency", "bad_deploy")
    assert s.faults[0].line == 44 and s.steady_state[0].line == 14


def test_docs_show_the_complete_example_verbatim() -> None:
    docs = (ROOT / "docs" / "scenarios.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", docs, re.DOTALL)
    assert COMPLETE.read_text() in blocks


def test_defaults_and_generated_names(tmp_path: Path) -> None:
    s = load_scenario(write(tmp_path, MINIMAL.format(target="targets/shop")))
    assert s.playbook == "default" and s.time_limit == 45 * 60 and s.hints == ()
    assert s.faults[0].name == "stop_service"
    assert [i.name for i in s.injects] == ["noise-1", "noise-2", "stakeholder-1"]
    assert s.root_cause.keywords == ("payments", "stopped") and s.root_cause.min_matches == 1
    assert s.score_overrides == {} and s.rollback_service is None


def test_every_problem_is_reported_and_the_first_is_the_message(tmp_path: Path) -> None:
    text = MINIMAL.format(target="targets/shop")
    text = text.replace("severity: 3", "severity: 0").replace("at: 30s", "at: soon")
    text = text.replace("difficulty: easy", "difficulty: trivial")
    p = write(tmp_path, text)
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(p)
    lines = [str(e) for e in info.value.errors]
    assert lines == [
        f"{p}:4: difficulty: 'trivial' is not one of easy, medium, hard",
        f"{p}:6: severity: 0 is out of range (1..4)",
        f"{p}:12: timeline[0].at: 'soon' is not a duration like 90s or 5m",
    ]
    exc = info.value
    assert isinstance(exc, GamedayError) and exc.exit_code == 2
    assert str(exc) == lines[0] and "2 more problem(s)" in (exc.hint or "")


def test_target_is_found_next_to_the_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = tmp_path / "mystack"
    stack.mkdir()
    (stack / "compose.yaml").write_text("services:\n  web: {image: x}\n  payments: {image: y}\n")
    p = write(tmp_path, MINIMAL.format(target="mystack"))
    monkeypatch.chdir("/")
    s = load_scenario(p)
    assert s.target_dir == str(stack)
    bad = MINIMAL.format(target="mystack").replace(
        "service: payments}\n  - at: 1m", "service: db}\n  - at: 1m"
    )
    assert errors_of(write(tmp_path, bad, "bad.yaml")) == [
        (
            f"{tmp_path}/bad.yaml:14: timeline[0].params.service: no service 'db' in "
            "mystack/compose.yaml (known: payments, web)"
        )
    ]


def test_a_compose_project_name_skips_the_service_check(tmp_path: Path) -> None:
    text = MINIMAL.format(target="someones-stack").replace(
        "service: payments}", "service: anything}"
    )
    s = load_scenario(write(tmp_path, text))
    assert s.target == "someones-stack" and s.target_dir is None


def test_folder_without_compose_file(tmp_path: Path) -> None:
    (tmp_path / "empty-stack").mkdir()
    (line,) = errors_of(write(tmp_path, MINIMAL.format(target="./empty-stack")))
    assert line.endswith(
        "target: folder './empty-stack' has no compose file "
        "(docker-compose.yml, docker-compose.yaml, compose.yml, compose.yaml)"
    )


def test_broken_compose_file_is_reported_on_target(tmp_path: Path) -> None:
    stack = tmp_path / "s"
    stack.mkdir()
    (stack / "docker-compose.yml").write_text("services: [\n")
    (line,) = errors_of(write(tmp_path, MINIMAL.format(target="./s")))
    assert ":5: target: cannot read compose file" in line and "invalid YAML" in line


def test_a_service_the_fault_always_uses_must_exist(tmp_path: Path) -> None:
    stack = tmp_path / "s"
    stack.mkdir()
    (stack / "compose.yml").write_text("services:\n  payments: {image: y}\n")
    text = MINIMAL.format(target="./s").replace(
        "fault: stop_service\n    params: {service: payments}", "fault: expired_cert"
    )
    (line,) = errors_of(write(tmp_path, text))
    assert line.endswith(
        "timeline[0]: acts on service 'proxy', but there is no service 'proxy' "
        "in s/compose.yml (known: payments)"
    )


def test_nested_param_errors_point_at_the_item(tmp_path: Path) -> None:
    text = MINIMAL.format(target="targets/shop").replace(
        "fault: stop_service\n    params: {service: payments}",
        "fault: exec\n    params:\n      service: api\n      argv:\n        - ls\n        - 7",
    )
    (line,) = errors_of(write(tmp_path, text))
    assert re.search(r":18: timeline\[0\]\.params\.argv\[1\]: expected text", line), line


def test_root_cause_and_overrides_rules(tmp_path: Path) -> None:
    text = (
        MINIMAL.format(target="targets/shop").replace(
            "keywords: [Payments, Stopped]", "keywords: [payments]\n  min_matches: 2"
        )
        + "score_overrides:\n  stakeholder: 3\n  cadence: -1\n"
    )
    lines = errors_of(write(tmp_path, text))
    assert [re.sub(r"^.*?:\d+: ", "", x) for x in lines] == [
        "root_cause.min_matches: 2 is more than the 1 keyword(s) given",
        "score_overrides.stakeholder: unknown criterion 'stakeholder' "
        "(did you mean 'stakeholders'? known: "
        + ", ".join(__import__("gameday.scoring", fromlist=["criteria"]).criteria.names())
        + ")",
        "score_overrides.cadence: -1 is out of range (0..100)",
    ]


def test_duplicate_names_across_faults_and_injects(tmp_path: Path) -> None:
    text = MINIMAL.format(target="targets/shop").replace(
        "  - at: 1m\n    inject: noise\n", "  - at: 1m\n    inject: noise\n    name: stop_service\n"
    )
    (line,) = errors_of(write(tmp_path, text))
    assert line.endswith(
        "timeline[1].name: duplicate timeline name 'stop_service' (first on line 12)"
    )


def test_private_registries_accept_a_plugin_fault(tmp_path: Path) -> None:
    """A plugin's fault type validates like a built-in: its own params, its own services."""

    @dataclass(frozen=True)
    class CpuParams:
        service: str
        cores: int = 1

    class CpuHog:
        def parse_params(self, raw: Any) -> CpuParams:
            return parse_params(CpuParams, raw)

        def services(self, params: CpuParams) -> tuple[str, ...]:
            return (params.service,)

    class Restart:
        def parse_params(self, raw: Any) -> Any:
            return parse_params(CpuParams, raw)

    faults: Registry[Any] = Registry("fault type")
    faults.register("cpu_hog", CpuHog())
    remedies: Registry[Any] = Registry("remediation")
    remedies.register("restart_service", Restart())
    regs = Registries(faults=faults, remediations=remedies, probes=PROBES)
    text = MINIMAL.format(target="targets/shop").replace("fault: stop_service", "fault: cpu_hog")
    s = load_scenario(write(tmp_path, text), regs)
    assert s.faults[0].type == "cpu_hog"
    bad = text.replace(
        "fault: cpu_hog\n    params: {service: payments}",
        "fault: cpu_hog\n    params: {service: payments, cores: many}",
    )
    (line,) = errors_of(write(tmp_path, bad, "bad.yaml"), regs)
    assert line.endswith("timeline[0].params.cores: expected a whole number, got 'many'")
    unknown = text.replace("fault: cpu_hog", "fault: stop_service")
    (line,) = errors_of(write(tmp_path, unknown, "unknown.yaml"), regs)
    assert "unknown fault type 'stop_service' (known: cpu_hog)" in line


def test_load_errors_are_validation_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        load_scenario(tmp_path / "missing.yaml")
    assert str(info.value) == f"{tmp_path}/missing.yaml: no such file"


def test_x_keys_hold_anchors_for_reuse(tmp_path: Path) -> None:
    text = "x-web: &web {timeout: 2s, expect_status: 200}\n" + MINIMAL.format(
        target="targets/shop"
    ).replace('params: {url: "{proxy}/health"}', 'params: {<<: *web, url: "{proxy}/health"}')
    s = load_scenario(write(tmp_path, text))
    assert s.steady_state[0].params == {
        "timeout": "2s",
        "expect_status": 200,
        "url": "{proxy}/health",
    }
