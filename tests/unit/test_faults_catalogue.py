"""What the catalogue's infrastructure scenarios add: exec's ``settle``, the DNS failure's params
and the DNS wire form it matches, ``bad_config``, ``pin_host`` and ``revert_config``, and the
shop API's configuration parser that the crash-loop scenario breaks (property-tested, like
every parser).
"""

from __future__ import annotations

import importlib.util
import os
import string
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gameday.faults import parse_fault_params, registries
from gameday.faults.dnsfault import qname_pattern
from gameday.params import ParamError
from gameday.state import project_root

LABEL = st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=20)


def _wire(name: str) -> bytes:
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0"


def _from_pattern(pattern: str) -> bytes:
    """iptables' --hex-string syntax back to bytes: |hex| runs and plain text."""
    out, parts = b"", pattern.split("|")
    for i, part in enumerate(parts):
        out += bytes.fromhex(part) if i % 2 else part.encode()
    return out


@given(st.lists(LABEL, min_size=1, max_size=4).map(".".join))
def test_qname_pattern_is_the_names_dns_wire_form(name: str) -> None:
    assert _from_pattern(qname_pattern(name)) == _wire(name)
    assert _from_pattern(qname_pattern(name + ".")) == _wire(name)


def test_dns_failure_params() -> None:
    p = parse_fault_params("dns_failure", {"service": "api", "name": "payments"})
    assert (p.service, p.name, p.mode) == ("api", "payments", "refuse")
    for bad in ("pay ments", "-payments", "a..b", "x" * 64, "pay|ments"):
        with pytest.raises(ParamError) as info:
            parse_fault_params("dns_failure", {"service": "api", "name": bad})
        assert info.value.key == "name"
    with pytest.raises(ParamError):
        parse_fault_params("dns_failure", {"service": "api", "name": "p", "mode": "slow"})


def test_bad_config_params() -> None:
    raw = {"service": "api", "path": "/etc/shop/api.conf", "content": "x = 1\n"}
    p = parse_fault_params("bad_config", raw)
    assert p.keep_previous == ".previous" and p.timeout == 90.0
    assert registries().faults.get("bad_config").engines == ("compose",)
    for key, value in (("path", "etc/shop/api.conf"), ("path", "/etc/"), ("keep_previous", "/x")):
        with pytest.raises(ParamError) as info:
            parse_fault_params("bad_config", {**raw, key: value})
        assert info.value.key == key


def test_exec_settle_is_a_bounded_duration() -> None:
    raw = {"service": "api", "argv": ["true"], "verify_argv": ["true"]}
    assert parse_fault_params("exec", raw).settle == 0.0
    assert parse_fault_params("exec", {**raw, "settle": "1m"}).settle == 60.0
    for bad in ("-1s", "2h", ".inf"):
        with pytest.raises(ParamError):
            parse_fault_params("exec", {**raw, "settle": bad})


def test_pin_host_names_every_service_it_touches() -> None:
    pin = registries().remediations.get("pin_host")
    params = pin.parse_params({"service": "api", "host": "payments", "address_of": "payments"})
    assert pin.services(params) == ("api", "payments")


def test_revert_config_params() -> None:
    revert = registries().remediations.get("revert_config")
    params = revert.parse_params({"service": "api", "path": "/etc/shop/api.conf"})
    assert revert.services(params) == ("api",) and params.previous == ".previous"


# --- the shop API's configuration file (targets/shop/api/shop_api/config.py) -------------------


@pytest.fixture(scope="module")
def shop_config() -> ModuleType:
    path = project_root() / "targets" / "shop" / "api" / "shop_api" / "config.py"
    spec = importlib.util.spec_from_file_location("shop_api_config_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    old = os.environ.get("SHOP_CONFIG")
    os.environ["SHOP_CONFIG"] = "/nonexistent/api.conf"  # defaults at import
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(module)
    finally:
        if old is None:
            os.environ.pop("SHOP_CONFIG", None)
        else:
            os.environ["SHOP_CONFIG"] = old
        sys.modules.pop(spec.name, None)
    return module


def test_the_shipped_configuration_loads(shop_config: ModuleType) -> None:
    shipped = project_root() / "targets" / "shop" / "api" / "etc" / "api.conf"
    assert shop_config.load(str(shipped)) == shop_config.Config()


def test_the_crash_loop_scenarios_file_is_refused_naming_line_and_key(
    shop_config: ModuleType, tmp_path: Path
) -> None:
    from gameday.scenario.loader import load_scenario

    [fault] = load_scenario(project_root() / "scenarios" / "crash-loop-config.yaml").faults
    path = tmp_path / "api.conf"
    path.write_text(fault.params["content"])
    with pytest.raises(shop_config.ConfigError, match=r"api.conf:6: db_pool_size: '32 .*whole"):
        shop_config.load(str(path))


@given(
    pool=st.integers(1, 200),
    timeout=st.integers(100, 600_000),
    payments=st.floats(0.1, 120.0, allow_nan=False),
    spaces=st.sampled_from(["", " ", "   ", "\t"]),
)
def test_valid_files_load_with_their_values(
    shop_config: ModuleType, pool: int, timeout: int, payments: float, spaces: str
) -> None:
    import tempfile

    text = (f"# c\n\ndb_pool_size{spaces}={spaces}{pool}\ndb_statement_timeout_ms = {timeout}\n"
            f"payments_timeout_s = {payments!r}\nreceipts_dir =\n")  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as fh:
        fh.write(text)
    try:
        cfg = shop_config.load(fh.name)
    finally:
        os.unlink(fh.name)
    assert (cfg.db_pool_size, cfg.db_statement_timeout_ms) == (pool, timeout)
    assert cfg.payments_timeout_s == payments and cfg.receipts_dir == ""


@given(st.text(max_size=200))
def test_any_text_loads_or_is_refused_with_file_and_line(
    shop_config: ModuleType, text: str
) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    try:
        shop_config.load(fh.name)
    except shop_config.ConfigError as exc:
        assert str(exc).startswith(f"{fh.name}:")
    finally:
        os.unlink(fh.name)
