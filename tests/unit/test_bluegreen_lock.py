"""One blue/green operation at a time per service (``gameday.target.switch.locked``).

The bad-deploy drill's flake: the alert fires as soon as the bad version takes traffic, the
team's rollback arrived while the deploy was still switching, saw two containers in traffic and
fell back to compose ("service api exited while starting"). The lock serializes every
operation on a service's containers, across threads and processes, and is handed to the
outgoing container's warm-up so a rollback waits for a warm standby.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from gameday.target import switch


def _target(tmp_path: Path) -> Any:
    return SimpleNamespace(state_root=tmp_path / "targets" / "gd-test")


def _held_elsewhere(t: Any, service: str) -> bool:
    """Whether another open file description (another process, say) would be refused."""
    path = t.state_root / "locks" / f"bluegreen-{service}.lock"
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_operations_on_one_service_wait_for_each_other(tmp_path: Path) -> None:
    t = _target(tmp_path)
    order: list[str] = []
    entered = threading.Event()

    def deploy() -> None:
        with switch.locked(t, "api"):
            entered.set()
            order.append("deploy begins")
            time.sleep(0.3)
            order.append("deploy ends")

    def rollback() -> None:
        entered.wait(5)
        with switch.locked(t, "api"):
            order.append("rollback")

    threads = [threading.Thread(target=deploy), threading.Thread(target=rollback)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(10)
    assert order == ["deploy begins", "deploy ends", "rollback"]


def test_other_services_do_not_wait(tmp_path: Path) -> None:
    t = _target(tmp_path)
    with switch.locked(t, "api"):
        done = threading.Event()

        def other() -> None:
            with switch.locked(t, "web"):
                done.set()

        threading.Thread(target=other).start()
        assert done.wait(5)


def test_reentrant_in_a_thread_and_released_by_the_outermost(tmp_path: Path) -> None:
    t = _target(tmp_path)
    with switch.locked(t, "api") as outer:
        with switch.locked(t, "api") as inner:  # switch() inside the engine's deploy
            assert inner is outer
        assert _held_elsewhere(t, "api")
    assert not _held_elsewhere(t, "api")


def test_a_handed_over_lock_stays_held_until_its_new_owner_releases_it(tmp_path: Path) -> None:
    t = _target(tmp_path)
    with switch.locked(t, "api") as outer, switch.locked(t, "api") as inner:
        taken = inner.hand_over()  # the warm-up of the outgoing container
        assert outer.fd is None
    assert _held_elsewhere(t, "api")  # the with blocks ended; the warm-up still holds it
    got: list[str] = []
    waiter = threading.Thread(target=lambda: got.append(str(switch.locked(t, "api").__enter__())))
    waiter.start()
    waiter.join(0.3)
    assert waiter.is_alive() and not got  # a rollback waits for the warm standby
    taken.release()
    waiter.join(5)
    assert got


def test_a_lock_never_released_ends_in_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = _target(tmp_path)
    monkeypatch.setattr(switch, "LOCK_TIMEOUT_S", 0.2)
    with switch.locked(t, "api") as lock:
        taken = lock.hand_over()
    with pytest.raises(switch.TargetError, match="another deploy of api"), switch.locked(t, "api"):
        pass
    taken.release()
