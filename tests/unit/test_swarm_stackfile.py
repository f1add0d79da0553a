"""The compose -> stack file conversion and the swarm overlay parser (no Docker)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gameday import yamlsrc
from gameday.errors import TargetError, ValidationError
from gameday.state import project_root
from gameday.target.settings import read_spec
from gameday.target.swarm.stackfile import (
    LABEL_COMPOSE_FILE,
    build_stack,
    load_overlay,
    overlay_path,
    parse_overlay,
    parse_port,
    parse_size,
    parse_volume,
)

SHOP = project_root() / "targets" / "shop"

# What docker-compose 1.29 `config` prints for the shop (trimmed to what the conversion reads).
RESOLVED: dict[str, Any] = {
    "version": "2.4",
    "networks": {"default": {"labels": {"gameday.project": "gdx", "gameday.target": "shop"}}},
    "volumes": {"dbdata": {"labels": {"gameday.project": "gdx", "gameday.target": "shop"}}},
    "services": {
        "db": {
            "build": {"context": "/x/db", "args": {"BASE_IMAGE": "base"}},
            "image": "gameday-shop-db:v1",
            "labels": {"gameday.project": "gdx", "gameday.target": "shop"},
            "ports": ["127.0.0.1:15432:5432/tcp"],
            "shm_size": "256m",
            "stop_signal": "SIGINT",
            "stop_grace_period": "20s",
            "volumes": ["dbdata:/var/lib/postgresql/data:rw"],
            "healthcheck": {"test": ["CMD", "pg_isready"], "interval": "2s", "start_period": "3m"},
        },
        "api": {
            "image": "gameday-shop-api:v1",
            "labels": {"gameday.project": "gdx", "gameday.target": "shop"},
            "depends_on": {"db": {"condition": "service_healthy"}},
            "environment": {"PGHOST": "db", "PAYMENTS_URL": "http://payments:8080"},
        },
        "proxy": {
            "image": "gameday-shop-proxy:v1",
            "labels": {"gameday.project": "gdx", "gameday.target": "shop"},
            "ports": [{"target": 8443, "published": 8443, "protocol": "tcp"}],
            "volumes": ["/state/tls:/etc/gameday/tls:ro"],
            "privileged": True,
        },
    },
}


def _overlay() -> dict[str, dict[str, Any]]:
    return load_overlay(
        overlay_path(SHOP / "docker-compose.yml"), ("db", "api", "proxy", "payments")
    )


def test_the_shop_overlay_gives_the_api_two_replicas_and_a_rolling_update() -> None:
    deploys = _overlay()
    assert deploys["api"]["replicas"] == 2
    assert deploys["api"]["update_config"]["order"] == "start-first"
    assert deploys["api"]["rollback_config"]["parallelism"] == 1
    assert set(deploys) == set(read_spec(SHOP / "docker-compose.yml", "shop").services)


def test_build_stack_converts_the_resolved_shop() -> None:
    stack = build_stack(RESOLVED, _overlay(), target="shop", project="gdx", compose_file="/c.yml")
    doc = stack.document
    assert doc["version"] == "3.8"
    db, api, proxy = (doc["services"][s] for s in ("db", "api", "proxy"))
    assert "build" not in db and "depends_on" not in api
    assert db["ports"] == [{"target": 5432, "published": 15432, "protocol": "tcp", "mode": "host"}]
    assert {"type": "tmpfs", "target": "/dev/shm", "tmpfs": {"size": 256 * 2**20}} in db["volumes"]
    assert {"type": "volume", "source": "dbdata", "target": "/var/lib/postgresql/data"} in db[
        "volumes"
    ]
    assert proxy["volumes"] == [
        {"type": "bind", "source": "/state/tls", "target": "/etc/gameday/tls", "read_only": True}
    ]
    assert api["deploy"]["replicas"] == 2 and api["deploy"]["endpoint_mode"] == "dnsrr"
    labels = api["deploy"]["labels"]
    assert labels["gameday.target"] == "shop" and labels["gameday.project"] == "gdx"
    assert labels["gameday.service"] == "api" and labels[LABEL_COMPOSE_FILE] == "/c.yml"
    assert api["labels"] == {"gameday.project": "gdx", "gameday.target": "shop"}
    assert doc["networks"]["default"]["driver"] == "overlay"
    assert doc["volumes"]["dbdata"]["labels"]["gameday.project"] == "gdx"
    assert any("shm_size" in n for n in stack.notes)
    assert any("privileged" in n for n in stack.notes)  # said, not silently dropped
    yaml.safe_load(yaml.safe_dump(doc))  # a plain YAML document docker can read


def test_the_overlay_cannot_label_a_service_out_of_the_guardrail() -> None:
    deploys = {"api": {"labels": {"gameday.project": "prod", "team": "payments"}}}
    doc = build_stack(RESOLVED, deploys, target="shop", project="gdx").document
    labels = doc["services"]["api"]["deploy"]["labels"]
    assert labels["gameday.project"] == "gdx" and labels["team"] == "payments"


def test_every_network_volume_config_and_secret_is_labelled() -> None:
    config = {
        "services": {"web": {"image": "w:1"}},
        "networks": {"back": {"driver": "bridge", "driver_opts": {"x": "y"}}},
        "configs": {"greeting": {"file": "/g.txt"}},
        "secrets": {"token": {"file": "/t.txt"}, "ext": {"external": True}},
    }
    doc = build_stack(config, {}, target="tiny", project="gdt").document
    for section, name in (("networks", "default"), ("networks", "back"), ("configs", "greeting"),
                          ("secrets", "token")):  # fmt: skip
        assert doc[section][name]["labels"] == {"gameday.target": "tiny", "gameday.project": "gdt"}
    assert doc["networks"]["back"] == {
        "driver": "overlay",
        "labels": {"gameday.target": "tiny", "gameday.project": "gdt"},
    }
    assert doc["secrets"]["ext"] == {"external": True}  # not ours to label


def test_a_service_without_an_image_is_a_clear_error() -> None:
    with pytest.raises(TargetError, match="service web has no image"):
        build_stack({"services": {"web": {"build": "."}}}, {}, target="t", project="p")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("127.0.0.1:8443:8443/tcp", {"target": 8443, "published": 8443, "protocol": "tcp"}),
        ("8080:80", {"target": 80, "published": 8080, "protocol": "tcp"}),
        ("53/udp", {"target": 53, "protocol": "udp"}),
        (5000, {"target": 5000, "protocol": "tcp"}),
        ({"target": 80, "published": "8080"}, {"target": 80, "published": 8080, "protocol": "tcp"}),
    ],
)
def test_ports_become_host_mode(raw: Any, expected: dict[str, Any]) -> None:
    assert parse_port(raw, "web") == {**expected, "mode": "host"}


@pytest.mark.parametrize("raw", ["8000-8010:8000-8010", "a:b", "0:80", "80:70000", [80], True])
def test_bad_ports_are_target_errors(raw: Any) -> None:
    with pytest.raises(TargetError, match="service web: port"):
        parse_port(raw, "web")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("data:/data", {"type": "volume", "source": "data", "target": "/data"}),
        ("./d:/d:ro", {"type": "bind", "source": "./d", "target": "/d", "read_only": True}),
        ("/cache", {"type": "volume", "target": "/cache"}),
        ({"type": "bind", "source": "/a", "target": "/b", "consistency": "cached"},
         {"type": "bind", "source": "/a", "target": "/b"}),
    ],
)  # fmt: skip
def test_volumes_become_long_syntax(raw: Any, expected: dict[str, Any]) -> None:
    assert parse_volume(raw, "web") == expected


@pytest.mark.parametrize("raw", ["", "a:b:c:d", ":/x", "/a:/b:rwx", 3, {"source": "x"}])
def test_bad_volumes_are_target_errors(raw: Any) -> None:
    with pytest.raises(TargetError, match="service web: volume"):
        parse_volume(raw, "web")


@pytest.mark.parametrize(("raw", "size"), [("256m", 256 * 2**20), ("1g", 2**30), ("64kb", 65536),
                                           (1000, 1000), ("1.5m", int(1.5 * 2**20))])  # fmt: skip
def test_sizes(raw: Any, size: int) -> None:
    assert parse_size(raw, "db") == size


@pytest.mark.parametrize("raw", ["", "lots", "-1m", 0, "0m", True])
def test_bad_sizes(raw: Any) -> None:
    with pytest.raises(TargetError, match="service db"):
        parse_size(raw, "db")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.dictionaries(st.text(max_size=8),
                                                                      st.integers())))  # fmt: skip
def test_port_parser_never_fails_unexpectedly(raw: Any) -> None:
    try:
        port = parse_port(raw, "web")
    except TargetError:
        return
    assert port["mode"] == "host" and 0 < port["target"] <= 65535


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 65535),
    st.one_of(st.none(), st.integers(1, 65535)),
    st.sampled_from(["tcp", "udp"]),
    st.sampled_from(["", "127.0.0.1:", "0.0.0.0:"]),
)
def test_port_strings_round_trip(target: int, published: int | None, proto: str, ip: str) -> None:
    text = f"{ip if published else ''}{f'{published}:' if published else ''}{target}/{proto}"
    port = parse_port(text, "web")
    assert port["target"] == target and port.get("published") == published
    assert port["protocol"] == proto


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), st.integers(), st.none()))
def test_volume_and_size_parsers_never_fail_unexpectedly(raw: Any) -> None:
    for parse in (parse_volume, parse_size):
        try:
            parse(raw, "web")
        except TargetError:
            pass


# --- the overlay parser ----------------------------------------------------------------------


def _parse(text: str) -> dict[str, dict[str, Any]]:
    return parse_overlay(yamlsrc.parse_text(text, "swarm.yml"), ("api", "db"))


def test_no_overlay_means_no_deploy_sections(tmp_path: Path) -> None:
    assert load_overlay(tmp_path / "docker-compose.swarm.yml", ("api",)) == {}
    assert _parse("") == {}


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("services:\n  cache:\n    deploy: {}\n", "swarm.yml:2: services.cache", "no service"),
        ("services:\n  api:\n    image: x\n", "swarm.yml:3: services.api.image", "only `deploy`"),
        ("services:\n  api:\n    deploy:\n      replicas: -1\n",
         "swarm.yml:4: services.api.deploy.replicas", "whole number"),
        ("services:\n  api:\n    deploy:\n      replicas: true\n",
         "swarm.yml:4: services.api.deploy.replicas", "whole number"),
        ("services:\n  api:\n    deploy:\n      update_config:\n        order: sideways\n",
         "swarm.yml:5: services.api.deploy.update_config.order", "start-first"),
        (("services:\n  api:\n    deploy:\n      rollback_config:\n"
         "        failure_action: rollback\n"),
         "swarm.yml:5: services.api.deploy.rollback_config.failure_action", "continue, pause"),
        ("services:\n  api:\n    deploy:\n      update_config: {delay: soon}\n",
         "swarm.yml:4: services.api.deploy.update_config.delay", "duration"),
        ("services:\n  api:\n    deploy:\n      restart_policy: {condition: always}\n",
         "swarm.yml:4: services.api.deploy.restart_policy.condition", "on-failure"),
        ("services:\n  api:\n    deploy:\n      replica: 2\n",
         "swarm.yml:4: services.api.deploy.replica", "unknown deploy key"),
        ("version: '2.4'\n", "swarm.yml:1: version", "format 3.x"),
        ("networks: {}\n", "swarm.yml:1: networks", "only `services"),
        ("- a\n", "swarm.yml", "a mapping"),
    ],
)  # fmt: skip
def test_overlay_errors_name_file_line_and_key(text: str, where: str, what: str) -> None:
    with pytest.raises(ValidationError) as info:
        _parse(text)
    assert str(info.value).startswith(where), str(info.value)
    assert what in str(info.value)


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 5), st.text(max_size=12))
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=15), inner, max_size=4)
    ),
    max_leaves=12,
)
_deploy_keys = st.sampled_from(
    ["replicas", "mode", "endpoint_mode", "update_config", "rollback_config", "restart_policy",
     "labels", "placement", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_deploy_keys, _values, max_size=4))
def test_overlay_parser_raises_only_validation_errors(deploy: dict[str, Any]) -> None:
    text = yaml.safe_dump({"services": {"api": {"deploy": deploy}}})
    try:
        out = _parse(text)
    except ValidationError as exc:
        assert str(exc).startswith("swarm.yml:")
        return
    assert out["api"] == deploy
