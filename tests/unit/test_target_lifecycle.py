"""The health wait's decisions, on a fake target whose status we script (no Docker)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gameday.clock import FakeClock
from gameday.errors import TargetError
from gameday.target.core import ServiceStatus
from gameday.target.lifecycle import wait_healthy


def _target(*rounds: list[ServiceStatus]) -> SimpleNamespace:
    """A target whose status() returns the given rounds, then repeats the last one."""
    seq = list(rounds)
    return SimpleNamespace(status=lambda: seq.pop(0) if len(seq) > 1 else seq[0])


def _st(service: str, state: str = "running", health: str = "healthy") -> ServiceStatus:
    return ServiceStatus(service, state, health, f"img-{service}:v1", "v1")


def test_returns_once_every_service_is_healthy() -> None:
    messages: list[str] = []
    t = _target(
        [_st("db", health="starting"), _st("api", "created", "starting")],
        [_st("db"), _st("api", health="starting")],
        [_st("db"), _st("api")],
    )
    wait_healthy(t, ["db", "api"], messages.append, timeout=60, clock=FakeClock())
    assert messages[0] == "waiting for db: starting, api: created"
    assert messages[-1] == "all services healthy"


def test_a_service_without_healthcheck_counts_when_running() -> None:
    wait_healthy(
        _target([_st("web", health="none")]),
        ["web"],
        lambda _m: None,
        timeout=60,
        clock=FakeClock(),
    )


def test_an_exited_container_fails_fast() -> None:
    t = _target([_st("db", "exited", "unhealthy")])
    with pytest.raises(TargetError, match="db exited while starting"):
        wait_healthy(t, ["db"], lambda _m: None, timeout=60, clock=FakeClock())


def test_timeout_names_what_is_still_pending() -> None:
    t = _target([_st("db"), _st("api", health="unhealthy")])
    with pytest.raises(TargetError, match=r"not healthy after 0 s \(api: unhealthy\)"):
        wait_healthy(t, ["db", "api"], lambda _m: None, timeout=0)


def test_a_missing_container_is_pending() -> None:
    t = _target([_st("db")])
    with pytest.raises(TargetError, match="proxy: no container"):
        wait_healthy(t, ["db", "proxy"], lambda _m: None, timeout=0)


def test_the_wait_runs_on_the_injected_clock() -> None:
    clock = FakeClock()
    t = _target([_st("db", health="starting")])
    with pytest.raises(TargetError, match=r"not healthy after 300 s \(db: starting\)"):
        wait_healthy(t, ["db"], lambda _m: None, timeout=300, clock=clock)
    assert clock.monotonic() == 300  # five simulated minutes, no real sleeping
