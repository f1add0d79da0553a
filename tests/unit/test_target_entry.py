"""A target that is not the shop: ``x-gameday.entry`` (its front door) and
``x-gameday.base_packages`` (its own Debian base image), read from the compose file; no Docker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from gameday.errors import ValidationError
from gameday.state import project_root
from gameday.target import baseimage, resolve_target
from gameday.target.settings import SHOP_ENTRY, Entry, find_compose_file, read_spec

QUEUE = project_root() / "targets" / "queue"


def _spec_of(tmp_path: Path, meta: Any, services: tuple[str, ...] = ("web", "worker")) -> Any:
    doc = {"services": {s: {"image": f"x-{s}"} for s in services}, "x-gameday": meta}
    path = tmp_path / "docker-compose.yml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    return read_spec(path, "stack")


def test_the_queue_declares_its_front_door_and_packages() -> None:
    spec = read_spec(find_compose_file(QUEUE), QUEUE.name)
    assert spec.name == "queue" and set(spec.services) == {"redis", "web", "worker"}
    assert spec.entry == Entry("web", 8080, "http", "/health", 8088)
    assert spec.front_door == spec.entry
    assert spec.base_packages is not None
    assert {"redis-server", "python3-redis", "python3-flask"} <= set(spec.base_packages)
    assert "postgresql-15" not in spec.base_packages  # its own, smaller base image
    shop = read_spec(find_compose_file(project_root() / "targets" / "shop"), "shop")
    assert shop.entry is None and shop.front_door == SHOP_ENTRY and shop.base_packages is None


def test_the_queue_target_endpoints_and_ports(
    monkeypatch: pytest.MonkeyPatch, state_dir: Path
) -> None:
    monkeypatch.delenv("GAMEDAY_PROXY_PORT", raising=False)
    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-unit-queue")
    t = resolve_target("targets/queue")
    assert t.proxy_port == 8088  # host_port when GAMEDAY_PROXY_PORT is unset
    monkeypatch.setattr(t, "published_port", lambda service, port: None)
    ep = t.endpoints()
    assert ep["proxy"] == ep["entry"] == "http://127.0.0.1:8088"
    assert ep["health"] == "http://127.0.0.1:8088/health"
    ports = {("web", 8080): 41000}
    monkeypatch.setattr(t, "published_port", lambda s, p: ports.get((s, p)))
    assert t.endpoints()["proxy"] == "http://127.0.0.1:41000"
    monkeypatch.setenv("GAMEDAY_PROXY_PORT", "18123")
    assert resolve_target("targets/queue").proxy_port == 18123


def test_the_shop_keeps_its_https_proxy(monkeypatch: pytest.MonkeyPatch, state_dir: Path) -> None:
    monkeypatch.delenv("GAMEDAY_PROXY_PORT", raising=False)
    t = resolve_target("targets/shop")
    monkeypatch.setattr(t, "published_port", lambda service, port: None)
    ep = t.endpoints()
    assert t.proxy_port == 8443
    assert ep["proxy"] == "https://127.0.0.1:8443" and ep["health"].endswith(":8443/health")


def test_base_image_tags_per_package_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GAMEDAY_BASE_PACKAGES", raising=False)
    spec = read_spec(find_compose_file(QUEUE), QUEUE.name)
    mine = baseimage.packages(spec.base_packages)
    assert mine == tuple(sorted(spec.base_packages or ()))
    assert baseimage.image_tag(mine) != baseimage.image_tag()  # the shop's is untouched
    assert baseimage.packages() == tuple(sorted(baseimage.PACKAGES))
    monkeypatch.setenv("GAMEDAY_BASE_PACKAGES", "strace")
    assert "strace" in baseimage.packages(spec.base_packages)


@pytest.mark.parametrize(
    ("meta", "key", "message"),
    [
        ({"entry": "web"}, "x-gameday.entry", "must be a mapping"),
        ({"entry": {"service": "db", "port": 80}}, "x-gameday.entry.service", "no service"),
        ({"entry": {"service": "web", "port": 0}}, "x-gameday.entry.port", "1-65535"),
        ({"entry": {"service": "web", "port": True}}, "x-gameday.entry.port", "1-65535"),
        ({"entry": {"service": "web", "port": 80, "scheme": "ftp"}}, "scheme", "http or https"),
        ({"entry": {"service": "web", "port": 80, "health": "health"}}, "health", "start"),
        ({"entry": {"service": "web", "port": 80, "host_port": 1e9}}, "host_port", "port"),
        ({"entry": {"service": "web", "port": 80, "hots_port": 1}}, "hots_port", "unknown key"),
        ({"base_packages": []}, "x-gameday.base_packages", "list of 1-200"),
        ({"base_packages": "redis"}, "x-gameday.base_packages", "list of 1-200"),
        ({"base_packages": ["redis-server", "Bad Name"]}, "base_packages[1]", "not a Debian"),
        ({"base_packages": ["x; rm -rf /"]}, "base_packages[0]", "not a Debian"),
    ],
)
def test_bad_x_gameday_values_name_the_key(
    tmp_path: Path, meta: Any, key: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        _spec_of(tmp_path, meta)
    text = str(info.value)
    assert key in text and message in text and "docker-compose.yml:" in text


@settings(max_examples=150, deadline=None)
@given(
    meta=st.dictionaries(
        st.sampled_from(["entry", "base_packages", "target"]),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=12),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(
                    st.sampled_from(["service", "port", "scheme", "health", "host_port", "x"]),
                    inner,
                    max_size=5,
                )
            ),
            max_leaves=10,
        ),
        max_size=3,
    )
)
def test_any_x_gameday_value_reads_or_is_one_named_error(meta: dict[str, Any]) -> None:
    """Whatever a team writes under x-gameday, reading it gives a spec or a ValidationError
    naming the file and key, never another exception."""
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        try:
            spec = _spec_of(Path(d), meta)
        except ValidationError as exc:
            assert "docker-compose.yml:" in str(exc)
            return
    if spec.entry is not None:
        assert spec.entry.service in spec.services and 1 <= spec.entry.port <= 65535
    if spec.base_packages is not None:
        assert spec.base_packages and all(isinstance(p, str) for p in spec.base_packages)
