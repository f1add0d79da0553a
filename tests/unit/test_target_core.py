"""Target pieces that need no engine: the guardrail decision, argv checks, compose CLI choice."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from gameday.errors import GuardrailError, TargetError
from gameday.target import compose, resolve_target


@pytest.fixture
def target(monkeypatch: pytest.MonkeyPatch, state_dir: Path):
    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-unit")
    return resolve_target("targets/shop")


def _container(labels: dict[str, str]) -> SimpleNamespace:
    return SimpleNamespace(name="c1", labels=labels)


def test_guardrail_accepts_only_this_targets_labels(target) -> None:
    target.check_guardrail(_container({"gameday.target": "shop", "gameday.project": "gd-unit"}))
    for labels in (
        {},
        {"gameday.target": "shop"},
        {"gameday.target": "shop", "gameday.project": "someone-else"},
        {"gameday.target": "prod", "gameday.project": "gd-unit"},
    ):
        with pytest.raises(GuardrailError, match="refusing to touch container c1"):
            target.check_guardrail(_container(labels))


@pytest.mark.parametrize("argv", ["nginx -s reload", [], ["ok", 3]])
def test_exec_wants_an_argv_list(target, argv) -> None:
    with pytest.raises(TypeError):
        target.exec("proxy", argv)


def test_unknown_service_is_a_clear_error(target) -> None:
    with pytest.raises(TargetError, match="no service 'cache'"):
        target.deploy_history("cache")


def test_endpoints_shape_without_a_running_stack(target, monkeypatch) -> None:
    monkeypatch.setattr(type(target), "published_port", lambda *_a: None)
    ep = target.endpoints()
    assert ep["proxy"] == f"https://127.0.0.1:{target.proxy_port}"
    assert ep["db"]["dsn"] == f"postgresql://shop:shop@127.0.0.1:{target.db_port}/shop"
    assert ep["ca"] == str(target.ca_path)


def test_compose_cli_override(monkeypatch: pytest.MonkeyPatch) -> None:
    compose.compose_cli.cache_clear()
    monkeypatch.setenv("GAMEDAY_COMPOSE", "/opt/bin/docker-compose")
    try:
        assert compose.compose_cli() == ("/opt/bin/docker-compose",)
        c = compose.Compose(Path("/t/docker-compose.yml"), "gd-x", {})
        assert c.argv("up", "-d") == [
            "/opt/bin/docker-compose",
            "-p",
            "gd-x",
            "-f",
            "/t/docker-compose.yml",
            "up",
            "-d",
        ]
    finally:
        compose.compose_cli.cache_clear()
