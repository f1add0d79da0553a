"""The example plugin (tests/plugins/gameday-example) seen by every consumer: the scenario
loader, alert rule selection, scoring with and without a scenario, the CLI and the HTTP API."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday import plugins
from gameday.cli import main
from gameday.drill.alerts import AlertEngine, select_rules
from gameday.drill.locate import create_drill
from gameday.drill.monitors import MonitorSet, Observation
from gameday.params import ParamError
from gameday.scenario.loader import default_registries, load_scenario
from gameday.state import project_root

ROOT = project_root()
EXAMPLE = ROOT / "tests" / "plugins" / "gameday-example"
TIMELINE = ROOT / "tests" / "data" / "timelines" / "textbook-bad-deploy.yaml"
sys.path.insert(0, str(EXAMPLE))

import gameday_example  # noqa: E402  (the plugin package, not installed: loaded from its path)


@pytest.fixture
def example() -> Iterator[plugins.PluginManager]:
    """The built-ins plus the example plugin as this process's plugins."""
    with plugins.using(plugins.new_manager([("example", gameday_example)])) as pm:
        yield pm


def test_every_extension_point_gets_the_example_piece(example: plugins.PluginManager) -> None:
    regs = default_registries()
    for field, name in [
        ("faults", "cpu_hog"),
        ("remediations", "stop_cpu_hog"),
        ("probes", "host_file"),
        ("criteria", "notes"),
        ("alert_rules", "probe_slow"),
        ("actions", "vendor"),
    ]:
        reg = getattr(regs, field)
        assert name in reg and reg.owner(name) == "example", (field, name)
    assert example.problems == []


SCENARIO = """\
id: cpu-hog
title: Slow API
briefing: The API answers slowly.
difficulty: easy
target: {target}
severity: 3
steady_state:
  - name: web
    probe: host_file
    params: {{path: {flag}}}
timeline:
  - at: 30s
    fault: cpu_hog
    params: {{service: {service}}}
root_cause:
  category: capacity
  keywords: [cpu]
remediation:
  - action: stop_cpu_hog
    params: {{service: api}}
score_overrides:
  notes: 5
"""


def test_the_scenario_loader_checks_plugin_pieces_like_builtins(
    example: plugins.PluginManager, tmp_path: Path
) -> None:
    text = SCENARIO.format(target=ROOT / "targets" / "shop", flag=tmp_path / "f", service="api")
    path = tmp_path / "s.yaml"
    path.write_text(text)
    s = load_scenario(path)
    assert s.faults[0].type == "cpu_hog" and s.steady_state[0].kind == "host_file"
    assert s.score_overrides == {"notes": 5.0}
    path.write_text(text.replace("service: api}", "service: apii}", 1))
    with pytest.raises(Exception) as info:
        load_scenario(path)
    assert "timeline[0].params.service: no service 'apii'" in str(info.value)


def test_a_plugin_alert_rule_is_selected_by_name_with_typed_params(
    example: plugins.PluginManager,
) -> None:
    spec = default_registries().alert_rules.get("probe_slow")
    params = spec.parse_params({"monitor": "web", "threshold_ms": 500, "consecutive": 2})
    assert (params.threshold_ms, params.consecutive, params.severity) == (500.0, 2, "warning")
    with pytest.raises(ParamError) as info:
        spec.parse_params({"monitor": "web", "consecutive": "two"})
    assert info.value.key == "consecutive"
    (rule,) = select_rules([("probe_slow", "web slow", {"monitor": "web", "threshold_ms": 500})])
    engine = AlertEngine([rule])
    monitors = MonitorSet(["web"])
    for t, latency in enumerate([100.0, 900.0, 950.0, 990.0]):
        monitors.observe(Observation("web", float(t), True, latency))
    ((kind, data),) = engine.evaluate(monitors, 4.0)
    assert kind == ev.ALERT_FIRED and data["alert"] == "web slow"
    assert data["severity"] == "warning" and "slower than 500 ms" in data["message"]


def _playbook_with_notes(tmp_path: Path) -> Path:
    text = (ROOT / "playbooks" / "default.yaml").read_text()
    assert "  ack: 8\n" in text
    p = tmp_path / "notes.yaml"
    p.write_text(text.replace("  ack: 8\n", "  ack: 4\n  notes: 4\n", 1))
    return p


def _score(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code = main(["score", str(TIMELINE), "--no-write", "--json", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    return {c["name"]: c for c in json.loads(out)["result"]["criteria"]}


def test_score_grades_with_the_same_rubric_with_or_without_a_scenario(
    example: plugins.PluginManager, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bare = _score(capsys)
    scenario = _score(capsys, "--scenario", "bad-deploy")
    assert set(bare) == set(scenario) and "notes" in bare
    assert bare["notes"]["state"] == scenario["notes"]["state"] == "not_applicable"  # no weight
    pb = str(_playbook_with_notes(tmp_path))
    bare = _score(capsys, "--playbook", pb)
    scenario = _score(capsys, "--playbook", pb, "--scenario", "bad-deploy")
    assert set(bare) == set(scenario)
    for crit in (bare["notes"], scenario["notes"]):
        assert crit["weight"] == 4.0 and crit["state"] in ("met", "late", "missed")
    assert bare["notes"]["state"] == scenario["notes"]["state"]


def test_a_plugin_action_gets_a_command_from_its_spec(
    example: plugins.PluginManager, state_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = capsys.readouterr().out
    assert "vendor" in listing and "open a ticket with a vendor" in listing
    with pytest.raises(SystemExit):
        main(["vendor", "--help"])
    usage = capsys.readouterr().out
    assert "usage: gameday vendor" in usage and "--priority {P1,P2,P3,P4}" in usage
    assert "--as NAME" in usage
    drill = create_drill("x")
    assert (
        main(["vendor", "payments-co", "cards", "declined", "--priority", "p1", "--as", "ann"]) == 0
    )
    (event,) = drill.log().events()
    assert (event.kind, event.actor) == ("action.vendor", "ann")
    assert event.data == {"vendor": "payments-co", "text": "cards declined", "priority": "P1"}
    assert main(["vendor", "payments-co", "help", "--priority", "P9", "--as", "ann"]) == 8
    assert "gameday: error: vendor: priority: 'P9' is not one of P1, P2, P3, P4" in (
        capsys.readouterr().err
    )


def _req(url: str, method: str, path: str, body: Any = None, token: str = "") -> tuple[int, Any]:
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    try:
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        return resp.status, json.loads(resp.read())
    finally:
        conn.close()


def test_a_plugin_action_gets_its_http_route_with_the_same_validation(
    example: plugins.PluginManager, state_dir: Path
) -> None:
    from gameday.drill.web import start_web as start_server

    drill = create_drill("x")
    server, url = start_server(drill)
    token = drill.meta().token
    try:
        body = {"as": "bob", "params": {"vendor": "acme", "text": "help"}}
        status, got = _req(url, "POST", "/api/actions/vendor", body, token)
        assert status == 200 and got["event"]["data"]["priority"] == "P3"
        body = {"action": "vendor", "as": "bob", "params": {"vendor": "a", "text": "b"}}
        assert _req(url, "POST", "/api/actions", body, token)[0] == 200
        body = {"as": "bob", "params": {"vendor": "acme", "text": "x", "priority": "P9"}}
        status, got = _req(url, "POST", "/api/actions/vendor", body, token)
        assert status == 400
        assert got["error"] == "vendor: priority: 'P9' is not one of P1, P2, P3, P4"
        status, got = _req(url, "POST", "/api/actions/vendor", {"as": "b", "action": "x"}, token)
        assert status == 400 and "unknown field 'action' (allowed: as, params)" in got["error"]
        status, got = _req(url, "POST", "/api/actions/nope", {"as": "b"}, token)
        assert status == 404
        status, got = _req(url, "GET", "/api/actions", None, token)
        assert status == 200
        (vendor,) = [a for a in got["actions"] if a["name"] == "vendor"]
        assert vendor["route"] == "POST /api/actions/vendor"
        assert [p["name"] for p in vendor["params"]] == ["vendor", "text", "priority"]
        assert _req(url, "GET", "/api/actions", None, "wrong")[0] == 403
    finally:
        server.shutdown()
        server.server_close()
        drill.close()


def _gameday(
    *argv: str, state: Path, plugins_env: str = "gameday_example"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(EXAMPLE),
        "GAMEDAY_PLUGINS": plugins_env,
        "GAMEDAY_STATE_DIR": str(state),
    }
    return subprocess.run(
        [sys.executable, "-m", "gameday", *argv],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )


def test_a_fresh_process_loads_the_plugin_from_its_path(state_dir: Path) -> None:
    """No in-process setup: ``$GAMEDAY_PLUGINS`` is the whole configuration."""
    listing = _gameday("--help", state=state_dir)
    assert listing.returncode == 0 and "vendor" in listing.stdout
    report = _gameday("plugins", "--json", state=state_dir)
    assert report.returncode == 0, report.stdout + report.stderr
    (info,) = [p for p in json.loads(report.stdout)["plugins"] if p["name"] == "gameday_example"]
    assert info["source"] == "$GAMEDAY_PLUGINS gameday_example"
    assert info["registered"] == {
        "fault type": ["cpu_hog"],
        "remediation": ["stop_cpu_hog"],
        "probe": ["host_file"],
        "scoring criterion": ["notes"],
        "alert rule": ["probe_slow"],
        "action": ["vendor"],
    }
    create_drill("x")
    done = _gameday("vendor", "acme", "please", "call", "--as", "dana", state=state_dir)
    assert done.returncode == 0, done.stderr
    assert "dana: vendor: please call" in done.stdout
    scored = _gameday("score", str(TIMELINE), "--no-write", "--json", state=state_dir)
    names = [c["name"] for c in json.loads(scored.stdout)["result"]["criteria"]]
    assert "notes" in names


def test_gameday_plugins_reports_a_broken_plugin_and_exits_1(
    state_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "broken_plugin.py"
    bad.write_text(
        textwrap.dedent(
            """
            from gameday.plugins import hookimpl

            @hookimpl
            def gameday_fault_types(registry):
                return []
            """
        )
    )
    out = _gameday("plugins", state=state_dir, plugins_env=f"gameday_example,{bad}")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "gameday_example  ($GAMEDAY_PLUGINS gameday_example)" in out.stdout
    assert "  action: vendor" in out.stdout
    assert (
        "plugin 'broken_plugin': refused: hook gameday_fault_types(registry) does not match its "
        "spec; expected @hookimpl def gameday_fault_types() -> Iterable[FaultType]"
    ) in out.stdout
