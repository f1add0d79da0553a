"""Build plans from a resolved compose model, and the content hash that decides rebuilds."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from gameday.target import images
from gameday.target.images import (
    ImageBuild,
    content_hash,
    context_digest,
    expand,
    plans,
    version_of,
)


def test_plans_take_services_with_build_and_image(tmp_path: Path) -> None:
    config = {
        "services": {
            "api": {
                "build": {"context": str(tmp_path), "args": {"API_VERSION": "v2", "X": None}},
                "image": "gameday-shop-api:v2",
            },
            "cache": {"image": "redis:7"},  # nothing to build
            "web": {"build": str(tmp_path)},  # no image name: compose's business
        }
    }
    (only,) = plans(config)
    assert only == ImageBuild(
        "api", "gameday-shop-api:v2", tmp_path, "Dockerfile", (("API_VERSION", "v2"),)
    )


def test_context_digest_follows_content_and_ignores_bytecode(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("print(1)\n")
    first = context_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"junk")
    assert context_digest(tmp_path) == first
    (tmp_path / "app.py").write_text("print(2)\n")
    assert context_digest(tmp_path) != first


def test_content_hash_follows_args_and_base(tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM x\n")
    v1 = ImageBuild("api", "a:v1", tmp_path, "Dockerfile", (("API_VERSION", "v1"),))
    v2 = ImageBuild("api", "a:v2", tmp_path, "Dockerfile", (("API_VERSION", "v2"),))
    assert content_hash(v1, "sha256:aaa") == content_hash(v1, "sha256:aaa")
    assert content_hash(v1, "sha256:aaa") != content_hash(v2, "sha256:aaa")
    assert content_hash(v1, "sha256:aaa") != content_hash(v1, "sha256:bbb")


def test_version_of_an_image_reference() -> None:
    assert version_of("gameday-shop-api:v2") == "v2"
    assert version_of("localhost:5000/shop/api") == "latest"
    assert version_of("localhost:5000/shop/api:v1") == "v1"


def test_a_plan_with_the_version_marker_expands_per_version(tmp_path: Path) -> None:
    marker = "gameday-version-of-api"
    plan = ImageBuild("api", f"shop-api:{marker}", tmp_path, "Dockerfile", (("V", marker),))
    v1, v2 = expand(plan, {marker: ("v1", "v2")})
    assert (v1.image, v1.args) == ("shop-api:v1", (("V", "v1"),))
    assert (v2.image, v2.args) == ("shop-api:v2", (("V", "v2"),))
    other = ImageBuild("db", "shop-db:v1", tmp_path, "Dockerfile", ())
    assert expand(other, {marker: ("v1", "v2")}) == [other]


class _Image:
    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels
        self.tags: list[tuple[str, str]] = []

    def tag(self, repo: str, tag: str) -> bool:
        self.tags.append((repo, tag))
        return True


class _Images:
    def __init__(self, current: _Image, others: list[_Image]) -> None:
        self.current, self.others = current, others

    def get(self, name: str) -> _Image:
        return self.current

    def list(self, filters: dict) -> list[_Image]:
        wanted = set(filters["label"])
        return [i for i in self.others if wanted <= {f"{k}={v}" for k, v in i.labels.items()}]


def test_an_image_of_the_same_content_is_tagged_again_not_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two checkouts of the target on one engine move the tag between their contents: going
    back to content built before is a retag, and nothing is removed."""
    (tmp_path / "Dockerfile").write_text("FROM scratch\n")
    plan = images.ImageBuild("api", "gameday-shop-api:v1", tmp_path, "Dockerfile", ())
    wanted = images.content_hash(plan, "")
    ours = _Image({images.LABEL_CONTENT_HASH: wanted, "gameday.service": "api",
                   "gameday.version": "v1"})  # fmt: skip
    other_version = _Image({images.LABEL_CONTENT_HASH: wanted, "gameday.service": "api",
                            "gameday.version": "v2"})  # fmt: skip
    theirs = _Image({images.LABEL_CONTENT_HASH: "0123", "gameday.service": "api"})
    client = type("C", (), {"images": _Images(theirs, [other_version, ours])})()
    monkeypatch.setattr(images, "build_lock", lambda _name: contextlib.nullcontext())
    monkeypatch.setattr(images, "_stream_build", lambda *a: pytest.fail("rebuilt"))
    assert images.ensure_image(client, plan, lambda _m: None) is False  # type: ignore[arg-type]
    assert ours.tags == [("gameday-shop-api", "v1")] and other_version.tags == []
