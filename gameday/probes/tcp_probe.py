"""``tcp``: can a connection be opened? The cheapest liveness signal for any port."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from gameday.params import ParamError, ProbeTimeout
from gameday.probes import templates
from gameday.probes.base import ProbeResult, ProbeType
from gameday.records import record

_DEFAULT_PORTS = {"http": 80, "https": 443, "postgres": 5432, "postgresql": 5432}


def split_address(address: str) -> tuple[str, int]:
    """``host:port``, ``[v6]:port`` or a URL (``https://127.0.0.1:8443``) -> (host, port)."""
    if "://" in address:
        parts = urlsplit(address)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
        if not parts.hostname or port is None:
            raise ValueError(f"{address!r} has no host and port")
        return parts.hostname, port
    host, sep, port_text = address.rpartition(":")
    if not sep or not host or not port_text.isdigit():
        raise ValueError(f"{address!r} is not host:port")
    port = int(port_text)
    if not 0 < port < 65536:
        raise ValueError(f"port {port} is out of range")
    return host.strip("[]"), port


@record
class TcpParams:
    address: str  # host:port or a URL; placeholders such as {proxy} allowed
    timeout: ProbeTimeout = 3.0

    def __post_init__(self) -> None:
        if not templates.has_placeholder(self.address):
            try:
                split_address(self.address)
            except ValueError as exc:
                raise ParamError("address", str(exc)) from None
        if self.timeout <= 0:
            raise ParamError("timeout", "must be more than 0s")


def check_tcp(target: Any, p: TcpParams) -> ProbeResult:
    import socket  # here: validating a scenario imports every probe type, runs none

    try:
        host, port = split_address(p.address)
    except ValueError as exc:
        return ProbeResult(False, str(exc))
    try:
        with socket.create_connection((host, port), timeout=p.timeout):
            pass
    except TimeoutError:
        return ProbeResult(False, f"connect to {host}:{port} timed out after {p.timeout:g}s")
    except ConnectionRefusedError:
        return ProbeResult(False, f"connection refused by {host}:{port}")
    except OSError as exc:
        return ProbeResult(False, f"cannot connect to {host}:{port}: {exc.strerror or exc}")
    return ProbeResult(True, f"{host}:{port} accepts connections")


PROBE = ProbeType(
    name="tcp",
    params=TcpParams,
    check=check_tcp,
    summary="a TCP connection can be opened",
)
