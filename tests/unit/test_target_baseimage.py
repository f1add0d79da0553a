"""The base image recipe: a stable tag per package list, the mmdebstrap call, the build lock."""

from __future__ import annotations

import fcntl
from pathlib import Path

import pytest

from gameday.target import baseimage


def test_tag_is_stable_and_follows_the_package_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GAMEDAY_BASE_PACKAGES", raising=False)
    tag = baseimage.image_tag()
    assert tag == baseimage.image_tag()
    assert tag.startswith("gameday-base:bookworm-")
    monkeypatch.setenv("GAMEDAY_BASE_PACKAGES", "chromium, strace")
    assert "chromium" in baseimage.packages() and "strace" in baseimage.packages()
    assert baseimage.image_tag() != tag


def test_every_service_package_is_in_the_base() -> None:
    needed = {"nginx", "postgresql-15", "python3-flask", "python3-psycopg2", "gunicorn", "iproute2"}
    assert needed <= set(baseimage.PACKAGES)


def test_mmdebstrap_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMEDAY_DEBIAN_MIRROR", "http://mirror.example/debian/")
    argv = baseimage.mmdebstrap_argv(tmp_path / "r.tar", ("curl", "nginx"))
    assert argv[:2] == ["mmdebstrap", "--variant=apt"]
    assert "--include=curl,nginx" in argv
    i = argv.index("bookworm")
    assert argv[i + 1] == str(tmp_path / "r.tar")
    assert argv[i + 2] == "deb http://mirror.example/debian bookworm main"
    assert any(a.startswith("--customize-hook=") for a in argv)


def test_build_lock_is_exclusive_across_open_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(tmp_path))
    lock_file = tmp_path / "unit.lock"
    with (
        baseimage.build_lock("unit"),
        open(lock_file, "a+") as other,
        pytest.raises(BlockingIOError),
    ):
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
    with open(lock_file, "a+") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released on exit
