"""Probe registry, placeholders, the safe runner, and the tcp/command/sql/container probes
(sql and container against small fakes of ``Target``; the real stack is in integration)."""

from __future__ import annotations

import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gameday.params import ParamError
from gameday.probes import (
    PROBES,
    ProbeResult,
    ProbeType,
    bind,
    check_steady_state,
    run_probe,
    steady,
)
from gameday.probes.runner import bind_all
from gameday.probes.templates import resolve, template_vars
from gameday.registry import Registry, RegistryError
from gameday.scenario.model import ProbeSpec


@dataclass
class FakeContainer:
    status: str = "running"
    health: str | None = None
    exit_code: int = 0

    @property
    def attrs(self) -> dict[str, Any]:
        state: dict[str, Any] = {"Status": self.status, "ExitCode": self.exit_code}
        if self.health:
            state["Health"] = {"Status": self.health}
        return {"State": state}

    def reload(self) -> None:
        return None


@dataclass
class FakeTarget:
    containers: dict[str, FakeContainer] = field(default_factory=dict)
    exec_result: tuple[int, Any] = (0, "1\n")
    exec_calls: list[tuple[str, list[str]]] = field(default_factory=list)
    ca_path: Path = Path("/nonexistent/ca.crt")
    path: Path | None = None

    def endpoints(self) -> dict[str, Any]:
        return {
            "proxy": "https://127.0.0.1:1",
            "db": {"host": "127.0.0.1", "port": 1, "user": "shop", "dbname": "shop"},
        }

    def exec(self, service: str, argv: list[str], timeout: float | None = None) -> tuple[int, Any]:
        self.exec_calls.append((service, argv))
        if isinstance(self.exec_result, Exception):
            raise self.exec_result
        return self.exec_result

    def container(self, service: str) -> FakeContainer:
        if service not in self.containers:
            raise LookupError(f"no container for service {service!r}")
        return self.containers[service]


def probe(kind: str, **params: Any) -> ProbeSpec:
    return ProbeSpec(f"{kind}-probe", kind, params)


# --- registry -----------------------------------------------------------------------------


def test_builtin_probe_kinds_are_registered() -> None:
    assert PROBES.names() == ["command", "container", "http", "sql", "tcp"]
    for item in PROBES.values():
        assert isinstance(item, ProbeType) and item.summary


def test_plugin_probe_registers_through_the_same_call() -> None:
    from gameday.probes.base import _check_probe_type

    @dataclass(frozen=True)
    class Params:
        answer: int = 42

    reg: Registry[ProbeType[Any]] = Registry("probe", check=_check_probe_type)
    reg.register("always", ProbeType(Params, lambda t, p: ProbeResult(True, f"{p.answer}"), "x"))
    assert reg.get("always").parse_params({"answer": 7}).answer == 7
    with pytest.raises(RegistryError):
        reg.register("always", reg.get("always"))
    with pytest.raises(RegistryError):
        reg.register("broken", object())  # type: ignore[arg-type]


# --- placeholders -------------------------------------------------------------------------


def test_placeholders_fill_from_endpoints_and_leave_other_braces() -> None:
    variables = template_vars(FakeTarget())
    assert resolve("{proxy}/health", variables) == "https://127.0.0.1:1/health"
    assert resolve("{db.host}:{db.port}", variables) == "127.0.0.1:1"
    assert resolve('{"product_id": 1}', variables) == '{"product_id": 1}'
    assert resolve(r"^\d{3}$", variables) == r"^\d{3}$"
    assert resolve(["x", "{ca}"], variables) == ["x", "/nonexistent/ca.crt"]


def test_unknown_placeholder_names_the_known_ones() -> None:
    with pytest.raises(ParamError) as info:
        resolve({"url": "{proxi}/x"}, template_vars(FakeTarget()))
    assert info.value.key == "url"
    assert "unknown placeholder {proxi}" in info.value.message
    assert "proxy" in info.value.message and "db.port" in info.value.message


def test_bad_placeholder_is_a_failed_probe_not_an_exception() -> None:
    r = run_probe(FakeTarget(), probe("tcp", address="{nope}"))
    assert not r.ok and "params.address: unknown placeholder {nope}" in r.detail


# --- runner -------------------------------------------------------------------------------


def test_a_probe_that_raises_becomes_not_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(target: Any, params: Any) -> ProbeResult:
        raise RuntimeError("bug in a plugin")

    bound = bind(FakeTarget(), probe("command", argv=["true"]))
    object.__setattr__(bound, "probe", ProbeType(type(bound.params), explode, "boom"))
    r = bound.check()
    assert not r.ok and r.detail == "probe error: RuntimeError: bug in a plugin"
    assert r.name == "command-probe" and r.latency_ms >= 0


def test_unknown_kind_at_run_time_is_not_ok() -> None:
    r = run_probe(FakeTarget(), ProbeSpec("x", "ping", {}))
    assert not r.ok and "unknown probe kind 'ping'" in r.detail


def test_steady_state_keeps_order_and_reports_each() -> None:
    specs = [
        ProbeSpec("first", "command", {"argv": [sys.executable, "-c", "pass"]}),
        ProbeSpec("second", "command", {"argv": [sys.executable, "-c", "raise SystemExit(3)"]}),
        ProbeSpec("third", "container", {"service": "api"}),
    ]
    results = check_steady_state(FakeTarget(containers={"api": FakeContainer()}), specs)
    assert [r.name for r in results] == ["first", "second", "third"]
    assert [r.ok for r in results] == [True, False, True]
    assert not steady(results)
    assert steady([results[0], results[2]])


def test_endpoints_failure_fails_each_probe_without_raising() -> None:
    class Down(FakeTarget):
        def endpoints(self) -> dict[str, Any]:
            raise ConnectionError("docker is down")

    bound = bind_all(Down(), [probe("tcp", address="{proxy}")])
    r = bound[0].check()
    assert not r.ok and "docker is down" in r.detail


# --- tcp ----------------------------------------------------------------------------------


def test_tcp_open_and_refused() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert run_probe(FakeTarget(), probe("tcp", address=f"127.0.0.1:{port}")).ok
        url = run_probe(FakeTarget(), probe("tcp", address=f"https://127.0.0.1:{port}/x"))
        assert url.ok, url.detail
    r = run_probe(FakeTarget(), probe("tcp", address=f"127.0.0.1:{port}"))
    assert not r.ok and "connection refused" in r.detail


@pytest.mark.parametrize("address", ["localhost", "host:http", "x:99999", "https://"])
def test_tcp_bad_address_rejected_at_load(address: str) -> None:
    with pytest.raises(ParamError) as info:
        PROBES.get("tcp").parse_params({"address": address})
    assert info.value.key == "address"


# --- command ------------------------------------------------------------------------------


def test_command_exit_codes_and_output(tmp_path: Path) -> None:
    py = sys.executable
    target = FakeTarget(path=tmp_path)
    ok = run_probe(target, probe("command", argv=[py, "-c", "print('ready')"], output="ready"))
    assert ok.ok, ok.detail
    bad = run_probe(target, probe("command", argv=[py, "-c", "print('db down'); exit(2)"]))
    assert not bad.ok and "exited 2, expected 0: db down" in bad.detail
    expected = run_probe(target, probe("command", argv=[py, "-c", "exit(2)"], expect_exit=2))
    assert expected.ok
    mismatch = run_probe(target, probe("command", argv=[py, "-c", "print('x')"], output="ready"))
    assert not mismatch.ok and "does not match /ready/" in mismatch.detail
    cwd = run_probe(target, probe("command", argv=[py, "-c", "import os; print(os.getcwd())"]))
    assert cwd.ok


def test_command_missing_and_slow() -> None:
    r = run_probe(FakeTarget(), probe("command", argv=["/no/such/program"]))
    assert not r.ok and r.detail == "command not found: /no/such/program"
    slow = probe("command", argv=[sys.executable, "-c", "import time; time.sleep(5)"], timeout=0.2)
    r = run_probe(FakeTarget(), slow)
    assert not r.ok and "timed out after 0.2s" in r.detail


def test_command_argv_must_be_a_list() -> None:
    with pytest.raises(ParamError) as info:
        PROBES.get("command").parse_params({"argv": "curl -f http://x"})
    assert info.value.key == "argv" and "expected a list" in info.value.message
    with pytest.raises(ParamError):
        PROBES.get("command").parse_params({"argv": []})


# --- sql ----------------------------------------------------------------------------------


def test_sql_runs_psql_in_db_with_target_defaults_and_timeouts() -> None:
    target = FakeTarget(exec_result=(0, b"42\n"))
    r = run_probe(target, probe("sql", query="SELECT count(*) FROM orders", expect=r"^\d+$"))
    assert r.ok and r.detail == "query ok: 42"
    service, argv = target.exec_calls[0]
    assert service == "db"
    assert argv[argv.index("-U") + 1] == "shop" and argv[argv.index("-d") + 1] == "shop"
    assert "SET statement_timeout = 5000; SET lock_timeout = 4000;" in argv
    assert argv[-1] == "SELECT count(*) FROM orders"


def test_sql_failures_are_results() -> None:
    err = FakeTarget(exec_result=(1, "ERROR:  canceling statement due to lock timeout\n"))
    r = run_probe(err, probe("sql", query="SELECT 1 FROM orders"))
    assert not r.ok and "exit 1" in r.detail and "lock timeout" in r.detail
    mismatch = run_probe(FakeTarget(exec_result=(0, "v2\n")), probe("sql", query="x", expect="v1"))
    assert not mismatch.ok and "'v2' does not match /v1/" in mismatch.detail
    gone = run_probe(FakeTarget(exec_result=RuntimeError("no container")), probe("sql", query="x"))  # type: ignore[arg-type]
    assert not gone.ok and "cannot run psql in db: no container" in gone.detail


# --- container ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("container", "ok", "detail"),
    [
        (FakeContainer(), True, "api is running"),
        (FakeContainer(health="healthy"), True, "api is running (healthy)"),
        (FakeContainer(health="unhealthy"), False, "api is running but unhealthy"),
        (FakeContainer(health="starting"), False, "api is running but starting"),
        (FakeContainer(status="exited", exit_code=137), False, "api is exited (exit code 137)"),
        (FakeContainer(status="paused"), False, "api is paused"),
    ],
)
def test_container_states(container: FakeContainer, ok: bool, detail: str) -> None:
    r = run_probe(FakeTarget(containers={"api": container}), probe("container", service="api"))
    assert (r.ok, r.detail) == (ok, detail)


def test_container_health_can_be_ignored_and_missing_is_not_ok() -> None:
    unhealthy = FakeTarget(containers={"api": FakeContainer(health="unhealthy")})
    assert run_probe(unhealthy, probe("container", service="api", healthy=False)).ok
    r = run_probe(FakeTarget(), probe("container", service="api"))
    assert not r.ok and "no container for service 'api'" in r.detail
