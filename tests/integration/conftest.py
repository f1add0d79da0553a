"""The shared staging stack for integration tests.

Fixtures
--------
``docker_available`` (session)
    Fails loudly when no Docker engine answers (CI has one: a silent skip would hide a broken
    machine). Set ``GAMEDAY_SKIP_DOCKER=1`` to skip every ``@pytest.mark.docker`` test instead.

``shop`` (session) -> ``gameday.target.Target``
    The bundled ``targets/shop`` stack, brought up ONCE per pytest session under a unique compose
    project (``gdtest-<random>``), on free ports, with its own state directory (the session's
    ``GAMEDAY_STATE_DIR`` from ``tests/conftest.py``). The ``GAMEDAY_*`` variables are NOT left
    set in ``os.environ`` (unit tests run in the same session): pass ``shop.project``,
    ``shop.proxy_port`` and ``shop.db_port`` to subprocesses yourself, or request ``shop_env``.
    At the end of the session the stack is taken down and every container, network and volume
    carrying its project label is removed, even after failures.
    Its CA, certificates and deploy history live under the session state directory: a test
    that switches ``GAMEDAY_STATE_DIR`` (the ``state_dir`` fixture) should keep using the
    ``shop`` object rather than re-resolving the target.

    Rules for tests that share it: leave it as you found it. Undo what you break (rollback a
    deploy, renew a certificate, ``payments-admin set-default v1``, clear the
    ``payments_version`` setting); never call ``shop.down()``. A test that must destroy a stack
    brings up its own project (see ``test_target.py::test_down_leaves_nothing_labelled``).
    Useful members: ``shop.endpoints()``, ``shop.ca_path``, ``shop.exec(svc, argv)``,
    ``shop.container(svc)``, ``shop.project``, ``shop.proxy_port``, ``shop.db_port``.

``shop_env`` (function) -> dict
    Sets ``GAMEDAY_PROJECT``, ``GAMEDAY_PROXY_PORT`` and ``GAMEDAY_DB_PORT`` of the ``shop``
    stack in ``os.environ`` for one test (so ``gameday ...`` in-process and
    ``resolve_target(None)`` find it) and returns them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gameday.errors import DockerUnavailable


def _skip_docker() -> bool:
    return os.environ.get("GAMEDAY_SKIP_DOCKER") == "1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not _skip_docker():
        return
    skip = pytest.mark.skip(reason="GAMEDAY_SKIP_DOCKER=1")
    for item in items:
        if "docker" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def docker_available() -> None:
    if _skip_docker():
        pytest.skip("GAMEDAY_SKIP_DOCKER=1")
    from gameday.dockerutil import client

    try:
        client()
    except DockerUnavailable as exc:
        pytest.fail(f"{exc} (set GAMEDAY_SKIP_DOCKER=1 to skip Docker tests)", pytrace=False)


def remove_project(project: str, *, keep_volumes: bool = False) -> None:
    """Remove every container, network (and volume) labelled with ``project``."""
    from gameday.dockerutil import LABEL_PROJECT, client

    docker = client()
    label = {"label": f"{LABEL_PROJECT}={project}"}
    for c in docker.containers.list(all=True, filters=label, ignore_removed=True):
        c.remove(force=True, v=True)
    for n in docker.networks.list(filters=label):
        n.remove()
    if not keep_volumes:
        for v in docker.volumes.list(filters=label):
            v.remove(force=True)


def isolated_env(project_prefix: str = "gdtest") -> dict[str, str]:
    """Environment for a private stack: unique project, free ports (state dir: the session's)."""
    from gameday.target.settings import free_port

    proxy = free_port()
    db = free_port()
    while db == proxy:
        db = free_port()
    return {
        "GAMEDAY_PROJECT": f"{project_prefix}-{secrets.token_hex(4)}",
        "GAMEDAY_PROXY_PORT": str(proxy),
        "GAMEDAY_DB_PORT": str(db),
    }


@contextlib.contextmanager
def running_target(
    path: Path | None, *, prefix: str, tag: str, engine: str | None = None
) -> Iterator[Any]:
    """A target brought up under its own project on free ports, and gone afterwards.

    The ``GAMEDAY_*`` knobs are read when the target is resolved and not left in the
    environment; teardown removes everything labelled with the project, even after failures.
    """
    from gameday.target import resolve_target

    env = isolated_env(prefix)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        target = resolve_target(path) if engine is None else resolve_target(path, engine=engine)
    try:
        target.up(lambda msg: print(f"[{tag} fixture] {msg}", flush=True))
        yield target
    finally:
        try:
            target.down()
        finally:
            remove_project(env["GAMEDAY_PROJECT"])


def undo_leftovers(project: str) -> list[str]:
    """Undo the faults a test left applied on ``project`` and name them: the test that left
    them fails by itself (its teardown asserts this is empty) instead of every later test on
    the shared stack failing after it (a migration left holding its lock for ten minutes)."""
    from gameday.faults.restore import restore
    from gameday.journal import pending_restores

    mine = [e for e in pending_restores() if e.project == project]
    if mine:
        restore(only={e.id for e in mine}, check_steady=False)
    return [e.describe() for e in mine]


@pytest.fixture(scope="session")
def shop(docker_available: None) -> Iterator[Any]:
    with running_target(None, prefix="gdtest", tag="shop") as target:
        yield target


@pytest.fixture
def shop_env(shop: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "GAMEDAY_PROJECT": shop.project,
        "GAMEDAY_PROXY_PORT": str(shop.proxy_port),
        "GAMEDAY_DB_PORT": str(shop.db_port),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return env
