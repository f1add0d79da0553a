"""Reading a target folder (x-gameday), the isolation knobs and port checks: no Docker."""

from __future__ import annotations

import socket
import textwrap
from pathlib import Path

import pytest

from gameday.errors import TargetError, ValidationError
from gameday.target import default_target_path, resolve_target
from gameday.target.settings import (
    default_project,
    env_port,
    find_compose_file,
    free_port,
    port_free,
    read_spec,
)


def test_the_shop_declares_its_services_and_deployable_api() -> None:
    folder = default_target_path()
    spec = read_spec(find_compose_file(folder), folder.name)
    assert spec.name == "shop"
    assert set(spec.services) == {"proxy", "api", "db", "payments"}
    api = spec.deployable["api"]
    assert api.versions == ("v1", "v1.1", "v2") and api.default == "v1"
    assert api.env == "GAMEDAY_API_VERSION"


def test_resolve_target_uses_env_knobs(monkeypatch: pytest.MonkeyPatch, state_dir: Path) -> None:
    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-unit")
    monkeypatch.setenv("GAMEDAY_PROXY_PORT", "18999")
    monkeypatch.setenv("GAMEDAY_DB_PORT", "15999")
    t = resolve_target("targets/shop")
    assert (t.name, t.project, t.proxy_port, t.db_port) == ("shop", "gd-unit", 18999, 15999)
    assert t.ca_path == state_dir / "targets" / "gd-unit" / "ca" / "ca.crt"
    assert t.compose_file.name == "docker-compose.yml"
    # a deployable service with no history reports its default
    assert t.deployed_version("api") == "v1"
    assert t.deploy_history("api") == []


def test_default_project_is_named_after_the_target(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GAMEDAY_PROJECT", raising=False)
    assert default_project("shop") == "gameday-shop"


@pytest.mark.parametrize("raw", ["abc", "0", "70000"])
def test_bad_port_values_are_clear_errors(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("GAMEDAY_PROXY_PORT", raw)
    with pytest.raises(TargetError, match="GAMEDAY_PROXY_PORT"):
        env_port("GAMEDAY_PROXY_PORT", 8443)


def test_port_free_sees_a_listener() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert not port_free(s.getsockname()[1])
    assert port_free(free_port())


def test_a_folder_without_compose_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match=r"no docker-compose\.yml"):
        resolve_target(str(tmp_path))


def _compose(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "docker-compose.yml"
    path.write_text(textwrap.dedent(body))
    return path


def test_x_gameday_errors_name_file_line_and_key(tmp_path: Path) -> None:
    path = _compose(
        tmp_path,
        """\
        services:
          web:
            image: nginx
        x-gameday:
          deployable:
            web:
              versions: [v1]
              default: v9
              env: WEB_VERSION
        """,
    )
    with pytest.raises(ValidationError) as info:
        read_spec(path, "mine")
    assert str(info.value).startswith(f"{path}:8: x-gameday.deployable.web.default:")


def test_a_plain_compose_file_is_a_target_named_after_its_folder(tmp_path: Path) -> None:
    path = _compose(tmp_path, "services:\n  web:\n    image: nginx\n")
    spec = read_spec(path, tmp_path.name)
    assert spec.name == tmp_path.name and spec.services == ("web",) and spec.deployable == {}


def test_unknown_deployable_service_is_rejected(tmp_path: Path) -> None:
    path = _compose(
        tmp_path,
        "services:\n  web:\n    image: x\n"
        "x-gameday:\n  deployable:\n    api: {versions: [v1], env: A}\n",
    )
    with pytest.raises(ValidationError, match="no service 'api'"):
        read_spec(path, "t")
