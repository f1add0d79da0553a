"""The staging CA and leaf certificates, checked with a real TLS handshake (no Docker)."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import threading
from pathlib import Path

import pytest

from gameday.target import ca


def _handshake(tls_dir: Path, cafile: Path) -> None:
    """Serve the leaf on loopback and connect verifying against ``cafile``; raise on failure."""
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(tls_dir / "server.crt", tls_dir / "server.key")
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        try:
            with server_ctx.wrap_socket(conn, server_side=True):
                pass
        except (ssl.SSLError, OSError):
            pass

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        client_ctx = ssl.create_default_context(cafile=str(cafile))
        with (
            socket.create_connection(("127.0.0.1", port), timeout=5) as raw,
            client_ctx.wrap_socket(raw, server_hostname="localhost"),
        ):
            pass
    finally:
        thread.join(5)
        listener.close()


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    ca_dir, tls_dir = tmp_path / "ca", tmp_path / "tls"
    ca.ensure_ca(ca_dir, "unit CA")
    return ca_dir, tls_dir


def test_ca_is_created_once(dirs: tuple[Path, Path]) -> None:
    ca_dir, _ = dirs
    before = (ca_dir / "ca.crt").read_bytes()
    assert ca.ensure_ca(ca_dir, "unit CA") == ca_dir / "ca.crt"
    assert (ca_dir / "ca.crt").read_bytes() == before
    assert (ca_dir / "ca.key").stat().st_mode & 0o077 == 0  # the key is private


def test_a_fresh_leaf_verifies_against_the_staging_ca_only(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    ca_dir, tls_dir = dirs
    info = ca.issue_leaf(ca_dir, tls_dir)
    assert info.valid_at(dt.datetime.now(dt.UTC))
    assert "unit CA" in info.issuer
    _handshake(tls_dir, ca_dir / "ca.crt")
    other = tmp_path / "other"
    ca.ensure_ca(other, "someone else's CA")
    with pytest.raises(ssl.SSLCertVerificationError):
        _handshake(tls_dir, other / "ca.crt")


def test_an_expired_leaf_fails_verification(dirs: tuple[Path, Path]) -> None:
    ca_dir, tls_dir = dirs
    now = dt.datetime.now(dt.UTC)
    info = ca.issue_leaf(ca_dir, tls_dir, now - dt.timedelta(days=30), now - dt.timedelta(days=1))
    assert not info.valid_at(now)
    with pytest.raises(ssl.SSLCertVerificationError, match="expired"):
        _handshake(tls_dir, ca_dir / "ca.crt")


def test_naive_datetimes_are_utc_and_the_window_must_be_ordered(dirs: tuple[Path, Path]) -> None:
    ca_dir, tls_dir = dirs
    info = ca.issue_leaf(ca_dir, tls_dir, dt.datetime(2030, 1, 1), dt.datetime(2030, 2, 1))
    assert info.not_before == dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    with pytest.raises(ValueError):
        ca.issue_leaf(ca_dir, tls_dir, dt.datetime(2030, 2, 1), dt.datetime(2030, 1, 1))
