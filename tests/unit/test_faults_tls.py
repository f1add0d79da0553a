"""``tls_handshake`` (how expired_cert verifies itself) against a real local TLS server."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gameday.faults.seed import tls_handshake
from gameday.target import ca


@dataclass
class LocalProxy:
    port: int
    ca_path: Path

    def endpoints(self) -> dict[str, str]:
        return {"proxy": f"https://127.0.0.1:{self.port}"}


def _serve(tls_dir: Path) -> tuple[socket.socket, threading.Thread]:
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(tls_dir / "server.crt", tls_dir / "server.key")
    listener = socket.create_server(("127.0.0.1", 0))

    def loop() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            try:
                with ctx.wrap_socket(conn, server_side=True):
                    pass
            except (ssl.SSLError, OSError):
                pass

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return listener, thread


@pytest.fixture
def pki(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    ca_dir, tls_dir = tmp_path / "ca", tmp_path / "tls"
    ca.ensure_ca(ca_dir, "unit test CA")
    yield ca_dir, tls_dir


def _handshake_with(
    pki: tuple[Path, Path], not_before: dt.datetime, not_after: dt.datetime
) -> str | None:
    ca_dir, tls_dir = pki
    ca.issue_leaf(ca_dir, tls_dir, not_before, not_after)
    listener, _ = _serve(tls_dir)
    try:
        return tls_handshake(LocalProxy(listener.getsockname()[1], ca_dir / "ca.crt"))
    finally:
        listener.close()


def test_an_expired_leaf_fails_with_an_expiry_error(pki: tuple[Path, Path]) -> None:
    now = dt.datetime.now(dt.UTC)
    err = _handshake_with(pki, now - dt.timedelta(days=90), now - dt.timedelta(days=2))
    assert err is not None and "expired" in err and "verify code 10" in err


def test_a_valid_leaf_verifies(pki: tuple[Path, Path]) -> None:
    now = dt.datetime.now(dt.UTC)
    assert _handshake_with(pki, now - dt.timedelta(hours=1), now + dt.timedelta(days=30)) is None


def test_a_refused_connection_is_reported_not_raised(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]
    err = tls_handshake(LocalProxy(port, tmp_path / "missing.crt"))
    assert err is not None and err.startswith("handshake failed")
