"""The fault and remediation registries: built-ins, plugin path, registration checks, params."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import pytest

from gameday.faults import (
    FaultType,
    new_registries,
    parse_fault_params,
    registries,
)
from gameday.params import ParamError
from gameday.plugins import BUILTIN, new_manager
from gameday.plugins.discovery import GROUP
from gameday.registry import RegistryError

SEED = {"expired_cert", "heavy_migration", "upstream_schema_change", "bad_deploy"}
CATALOGUE = {"upstream_latency", "deploy"}
GENERIC = {
    "stop_service",
    "kill_service",
    "pause_service",
    "kill_task",
    "network_latency",
    "network_loss",
    "exec",
    "dns_failure",
    "bad_config",
    "cpu_contention",
}
REMEDIES = {
    "renew_certificate",
    "cancel_migration",
    "pin_upstream_version",
    "rollback",
    "exec",
    "sql",
    "pin_host",
    "revert_config",
}


def test_builtin_faults_and_remediations_are_registered() -> None:
    regs = registries()
    assert set(regs.faults.names()) >= SEED | GENERIC
    assert set(regs.remediations.names()) >= REMEDIES
    for name, fault in regs.faults.items():
        assert fault.name == name and fault.summary


def test_builtins_come_through_the_plugin_entry_point() -> None:
    names = [ep.name for ep in entry_points(group=GROUP)]
    assert BUILTIN in names
    assert registries().faults.owner("expired_cert") == BUILTIN
    fresh = new_manager()
    assert fresh.registries.faults.names() == sorted(SEED | GENERIC | CATALOGUE)


@dataclass
class Mutable:
    x: int = 0


@dataclass(frozen=True)
class Frozen:
    x: int = 0


class Half(FaultType):
    name = "half"
    summary = "only injects"
    Params = Frozen

    def inject(self, ctx: Any) -> None:
        pass


class Whole(Half):
    def verify_live(self, ctx: Any) -> None:
        pass

    def undo(self, ctx: Any) -> None:
        pass

    def verify_undone(self, ctx: Any) -> None:
        pass


def test_registration_is_checked() -> None:
    regs = new_registries()
    with pytest.raises(RegistryError, match="does not implement verify_live"):
        regs.faults.register("half", Half())
    with pytest.raises(RegistryError, match="calls itself"):
        regs.faults.register("other", Whole())

    class Unfrozen(Whole):
        Params = Mutable

    with pytest.raises(RegistryError, match="frozen"):
        regs.faults.register("half", Unfrozen())

    class NoSummary(Whole):
        summary = ""

    with pytest.raises(RegistryError, match="no summary"):
        regs.faults.register("half", NoSummary())
    regs.faults.register("half", Whole())
    with pytest.raises(RegistryError, match="twice"):
        regs.faults.register("half", Whole())


VALID = {
    "expired_cert": {"expired_for": "3d"},
    "heavy_migration": {"table": "orders", "hold": "10m"},
    "upstream_schema_change": {"version": "v2"},
    "bad_deploy": {"service": "api", "version": "v2"},
    "stop_service": {"service": "api", "grace": "5s"},
    "kill_service": {"service": "payments", "signal": "SIGTERM"},
    "pause_service": {"service": "db"},
    "network_latency": {"service": "db", "delay": "300ms", "jitter": "50ms"},
    "network_loss": {"service": "payments", "percent": 30},
    "exec": {"service": "api", "argv": ["touch", "/tmp/x"], "undo_argv": ["rm", "/tmp/x"]},
    "cpu_contention": {"service": "api", "name": "log-shipper", "processes": 64, "cpus": 0.5},
}


@pytest.mark.parametrize("fault_type", sorted(VALID))
def test_valid_params_parse_into_frozen_dataclasses(fault_type: str) -> None:
    params = parse_fault_params(fault_type, VALID[fault_type])
    with pytest.raises(AttributeError):
        params.service = "x"  # frozen


def test_parsed_values_are_typed() -> None:
    p = parse_fault_params("network_latency", VALID["network_latency"])
    assert (p.delay, p.jitter, p.device) == (0.3, 0.05, "eth0")
    e = parse_fault_params("exec", VALID["exec"])
    assert e.argv == ("touch", "/tmp/x") and e.verify_argv is None
    assert parse_fault_params("expired_cert", None).expired_for == 2 * 86400


BAD = [
    ("network_latency", {"service": "db"}, "delay", "required"),
    ("network_latency", {"service": "db", "delay": "5 minutes"}, "delay", "not a duration"),
    ("network_latency", {"service": "db", "delay": "0s"}, "delay", "more than 0"),
    ("network_loss", {"service": "db", "percent": 150}, "percent", "out of range (0..100)"),
    ("network_loss", {"service": "db", "percent": "lots"}, "percent", "number"),
    ("stop_service", {"service": "db", "colour": "red"}, "colour", "unknown parameter"),
    ("stop_service", {"service": 3}, "service", "expected text"),
    ("kill_service", {"service": "db", "signal": "9; rm -rf /"}, "signal", "signal name"),
    ("exec", {"service": "api", "argv": "rm -rf /tmp/x"}, "argv", "expected a list"),
    ("exec", {"service": "api", "argv": []}, "argv", "non-empty"),
    ("heavy_migration", {"table": "orders; DROP TABLE x"}, "table", "identifier"),
    ("upstream_schema_change", {"version": "latest"}, "version", "version like"),
    ("expired_cert", {"expired_for": "-1d"}, "expired_for", "negative"),
    ("nonsense", {}, "type", "unknown fault type"),
]


@pytest.mark.parametrize(("fault_type", "raw", "key", "msg"), BAD)
def test_bad_params_name_the_key(fault_type: str, raw: dict, key: str, msg: str) -> None:
    with pytest.raises(ParamError) as info:
        parse_fault_params(fault_type, raw)
    assert info.value.key == key
    assert msg in info.value.message


def test_services_a_fault_touches() -> None:
    regs = registries()
    assert regs.faults.get("expired_cert").services(parse_fault_params("expired_cert", {})) == (
        "proxy",
    )
    p = parse_fault_params("pause_service", {"service": "payments"})
    assert regs.faults.get("pause_service").services(p) == ("payments",)
    rb = regs.remediations.get("rollback")
    assert rb.services(rb.parse_params({"service": "api"})) == ("api",)
