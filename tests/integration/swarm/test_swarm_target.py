"""The shop as a swarm stack on a real single-node swarm: converged replicas, task states,
real rolling updates and ``service rollback``, the guardrail, and a stack that leaves nothing."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from gameday.cli import main
from gameday.dockerutil import LABEL_PROJECT, client
from gameday.errors import GuardrailError, TargetError
from gameday.target import Target, resolve_target
from gameday.target.settings import free_port
from gameday.target.swarm.engine import SwarmEngine
from gameday.target.swarm.mode import LABEL_STACK, list_services

from ..conftest import isolated_env
from .conftest import remove_swarm_project

pytestmark = [pytest.mark.docker, pytest.mark.slow]


def checkout(target: Any) -> int:
    ctx = ssl.create_default_context(cafile=str(target.ca_path))
    body = json.dumps({"product_id": 7, "quantity": 1, "customer": "swarm-test"}).encode()
    req = urllib.request.Request(
        target.endpoints()["proxy"] + "/checkout",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=15) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def test_the_stack_converged_with_two_api_replicas(swarm_shop: Any) -> None:
    rows = {r.service: r for r in swarm_shop.status()}
    assert set(rows) == {"proxy", "api", "db", "payments"}
    for row in rows.values():
        assert (row.state, row.health) == ("running", "healthy"), row
    assert rows["api"].replicas == "2/2"
    current = [t for t in rows["api"].tasks if t["desired"] == "running"]
    assert sorted(t["slot"] for t in current) == [1, 2]
    assert all(t["state"] == "running" and t["version"] == "v1" for t in current)
    assert rows["proxy"].ports == [f"0.0.0.0:{swarm_shop.proxy_port}->8443/tcp"]
    # every replica is a real container of ours, in its own network namespace
    api = swarm_shop.service_containers("api")
    assert len(api) == 2 and len({c.id for c in api}) == 2
    assert checkout(swarm_shop) == 201


def test_the_engine_is_remembered_for_other_processes(swarm_env: dict[str, str], monkeypatch):
    monkeypatch.delenv("GAMEDAY_ENGINE")  # a responder's terminal knows only the project
    again = resolve_target(None)
    assert again.engine.name == "swarm" and again.project == swarm_env["GAMEDAY_PROJECT"]
    assert again.deployed_version("api") == "v1"
    by_name = resolve_target(swarm_env["GAMEDAY_PROJECT"])  # the stack's name, as for compose
    assert by_name.engine.name == "swarm" and by_name.compose_file == again.compose_file
    assert by_name.services == again.services


def test_cli_status_shows_replicas_and_tasks(swarm_env: dict[str, str], capsys) -> None:
    assert main(["target", "status", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    api = next(s for s in doc["services"] if s["service"] == "api")
    assert api["replicas"] == "2/2" and api["deployed_version"] == "v1"
    assert {t["state"] for t in api["tasks"] if t["desired"] == "running"} == {"running"}
    assert main(["target", "status"]) == 0
    table = capsys.readouterr().out
    assert "replicas" in table and "2/2" in table and "1: running v1" in table


def test_a_deploy_is_a_rolling_update_and_the_rollback_is_service_rollback(
    swarm_shop: Any,
) -> None:
    engine = swarm_shop.engine
    try:
        start = time.perf_counter()
        swarm_shop.deploy("api", "v2")
        rolled_out = time.perf_counter() - start
        view = engine.require_view(swarm_shop, "api")
        assert view.update_state == "completed" and view.version == "v2"
        assert {t.version for t in view.running} == {"v2"} and len(view.running) == 2
        assert view.previous_image.endswith(":v1")
        assert checkout(swarm_shop) == 500  # v2's real bug, behind the real proxy
        start = time.perf_counter()
        assert swarm_shop.rollback("api") == ("v2", "v1")
        rolled_back = time.perf_counter() - start
        view = engine.require_view(swarm_shop, "api")
        assert view.update_state == "rollback_completed"  # swarm's own rollback, not a deploy
        assert {t.version for t in view.running} == {"v1"} and len(view.running) == 2
        assert checkout(swarm_shop) == 201
        print(f"\n[swarm] rolling update v1->v2 {rolled_out:.1f}s, rollback {rolled_back:.1f}s")
    finally:
        if swarm_shop.deployed_version("api") != "v1":
            swarm_shop.rollback("api", to="v1")


def test_the_guardrail_refuses_a_service_or_task_that_is_not_ours(swarm_shop: Any) -> None:
    impostor = Target(
        swarm_shop.path,
        swarm_shop.compose_file,
        replace(swarm_shop.spec, name="prod"),  # same stack, but not labelled as this target
        swarm_shop.project,
        engine=SwarmEngine(),
    )
    with pytest.raises(GuardrailError, match="refusing to touch swarm service"):
        impostor.status()
    with pytest.raises(GuardrailError, match="refusing to touch container"):
        impostor.container("api")
    with pytest.raises(GuardrailError):
        impostor.down()
    assert swarm_shop.convergence("api") is None  # untouched


def _tiny_target(folder: Path, port: int) -> None:
    folder.mkdir()
    (folder / "greeting.txt").write_text("hello\n")
    (folder / "token.txt").write_text("s3cret\n")
    (folder / "docker-compose.yml").write_text(
        f"""
version: "2.4"
x-gameday: {{target: tiny}}
services:
  web:
    image: gameday-shop-payments:v1
    labels: {{gameday.target: tiny, gameday.project: "${{GAMEDAY_PROJECT}}"}}
    ports: ["127.0.0.1:{port}:8080"]
    volumes: ["data:/data"]
    configs: [greeting]
    secrets: [token]
    healthcheck:
      test: ["CMD", "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/health"]
      interval: 1s
configs:
  greeting: {{file: ./greeting.txt}}
secrets:
  token: {{file: ./token.txt}}
volumes:
  data: {{}}
"""
    )
    (folder / "docker-compose.swarm.yml").write_text(
        "services:\n  web:\n    deploy:\n      replicas: 1\n"
        "      update_config: {order: stop-first}\n"
    )


def test_a_stack_down_leaves_nothing_labelled(
    swarm_mode: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its own small stack (the shop's payments image, a volume, a config and a secret) on a
    port published in host mode; deploy and remove timed."""
    from gameday.target.lifecycle import build_images

    build_images(resolve_target(None), lambda _m: None, only="payments")  # cached: seconds
    env = isolated_env("gdswtiny")
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    port = free_port()
    _tiny_target(tmp_path / "tiny", port)
    project = env["GAMEDAY_PROJECT"]
    docker = client()
    tiny = resolve_target(tmp_path / "tiny", engine="swarm")
    try:
        start = time.perf_counter()
        tiny.up()
        deployed = time.perf_counter() - start
        assert tiny.status()[0].replicas == "1/1"
        label = {"label": f"{LABEL_PROJECT}={project}"}
        assert len(docker.configs.list(filters=label)) == 1
        assert len(docker.secrets.list(filters=label)) == 1
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5).status == 200
        # the same project cannot also be brought up with compose
        with pytest.raises(TargetError, match="already deployed as a swarm stack"):
            resolve_target(tmp_path / "tiny", engine="compose").up()
        start = time.perf_counter()
        tiny.down()
        removed = time.perf_counter() - start
        print(f"\n[swarm] tiny stack deploy {deployed:.1f}s, remove {removed:.1f}s")
        assert list_services(docker, {"label": f"{LABEL_STACK}={project}"}) == []
        for kind in (docker.containers, docker.networks, docker.volumes):
            listed = (
                kind.list(all=True, filters=label)
                if kind is docker.containers
                else kind.list(filters=label)
            )
            assert listed == [], listed
        assert docker.configs.list(filters=label) == []
        assert docker.secrets.list(filters=label) == []
        assert not (tiny.state_root / "engine").exists()
        tiny.down()  # idempotent
    finally:
        remove_swarm_project(project)
