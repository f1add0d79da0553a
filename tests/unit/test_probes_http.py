"""The http probe against real local TLS servers: a staging-like CA, valid and expired leaves."""

from __future__ import annotations

import datetime as dt
import http.server
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gameday.probes import PROBES, bind
from gameday.probes.tls import client_context
from gameday.scenario.model import ProbeSpec

NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(
    folder: Path, cn: str = "test CA"
) -> tuple[Path, ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{cn.replace(' ', '_')}.crt"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, key, cert


def make_leaf(
    folder: Path, ca_key: ec.EllipticCurvePrivateKey, ca_cert: x509.Certificate, *, expired: bool
) -> tuple[Path, Path]:
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    if expired:
        start, end = NOW - dt.timedelta(days=30), NOW - dt.timedelta(days=1)
    else:
        start, end = NOW - dt.timedelta(days=1), NOW + dt.timedelta(days=10)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    tag = "expired" if expired else "valid"
    crt, pem = folder / f"{tag}.crt", folder / f"{tag}.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return crt, pem


class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None

    def do_GET(self) -> None:
        status = 500 if self.path.startswith("/broken") else 200
        body = b'{"products": [1, 2, 3]}' if status == 200 else b"boom"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        data = self.rfile.read(length)
        body = b'{"order": ' + data + b"}"
        self.send_response(201)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Server:
    url: str
    server: http.server.ThreadingHTTPServer


def _serve(cert: Path | None = None, key: Path | None = None) -> Server:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    scheme = "http"
    if cert is not None:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert, key)
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        scheme = "https"
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return Server(f"{scheme}://127.0.0.1:{srv.server_address[1]}", srv)


@dataclass
class FakeTarget:
    ca_path: Path
    proxy: str

    def endpoints(self) -> dict[str, object]:
        return {"proxy": self.proxy, "db": {"host": "127.0.0.1", "port": 1}}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pki")
    ca, ca_key, ca_cert = make_ca(d)
    other_ca, _, _ = make_ca(d, "other CA")
    valid = make_leaf(d, ca_key, ca_cert, expired=False)
    expired = make_leaf(d, ca_key, ca_cert, expired=True)
    return {
        "ca": ca,
        "other_ca": other_ca,
        "valid_crt": valid[0],
        "valid_key": valid[1],
        "expired_crt": expired[0],
        "expired_key": expired[1],
    }


@pytest.fixture(scope="module")
def valid_server(pki: dict[str, Path]) -> Iterator[Server]:
    s = _serve(pki["valid_crt"], pki["valid_key"])
    yield s
    s.server.shutdown()


@pytest.fixture(scope="module")
def expired_server(pki: dict[str, Path]) -> Iterator[Server]:
    s = _serve(pki["expired_crt"], pki["expired_key"])
    yield s
    s.server.shutdown()


def check(target: FakeTarget, **params: object):
    return bind(target, ProbeSpec("web", "http", dict(params))).check()


def test_ok_with_placeholder_and_staging_ca(pki, valid_server) -> None:
    target = FakeTarget(pki["ca"], valid_server.url)
    r = check(target, url="{proxy}/products", body='"products"')
    assert r.ok, r.detail
    assert r.detail.startswith("status 200")
    assert r.name == "web" and r.kind == "http" and r.latency_ms > 0


def test_expired_certificate_is_named(pki, expired_server) -> None:
    r = check(FakeTarget(pki["ca"], expired_server.url), url="{proxy}/products")
    assert not r.ok
    assert "certificate has expired" in r.detail


def test_certificate_from_another_ca_fails_verification(pki, valid_server) -> None:
    r = check(FakeTarget(pki["other_ca"], valid_server.url), url="{proxy}/")
    assert not r.ok
    assert "TLS certificate verification failed" in r.detail


def test_verify_false_accepts_expired(pki, expired_server) -> None:
    r = check(FakeTarget(pki["other_ca"], expired_server.url), url="{proxy}/", verify=False)
    assert r.ok, r.detail


def test_unexpected_status_and_body(pki, valid_server) -> None:
    target = FakeTarget(pki["ca"], valid_server.url)
    r = check(target, url="{proxy}/broken")
    assert not r.ok and "status 500, expected 200" in r.detail
    r = check(target, url="{proxy}/broken", expect_status=[500, 503])
    assert r.ok
    r = check(target, url="{proxy}/products", body="orders")
    assert not r.ok and "does not match /orders/" in r.detail


def test_post_with_data(pki, valid_server) -> None:
    r = check(
        FakeTarget(pki["ca"], valid_server.url),
        url="{proxy}/checkout",
        method="POST",
        data='{"product_id": 1}',
        headers={"Content-Type": "application/json"},
        expect_status=201,
        body=r'"order": \{"product_id": 1\}',
    )
    assert r.ok, r.detail


def test_server_name_override(pki, valid_server) -> None:
    url = valid_server.url.replace("127.0.0.1", "localhost")
    r = check(FakeTarget(pki["ca"], url), url="{proxy}/", server_name="localhost")
    assert r.ok, r.detail
    r = check(FakeTarget(pki["ca"], valid_server.url), url="{proxy}/", server_name="shop.example")
    assert not r.ok and "TLS certificate verification failed" in r.detail


def test_plain_http(pki) -> None:
    s = _serve()
    try:
        r = check(FakeTarget(pki["ca"], s.url), url="{proxy}/")
        assert r.ok, r.detail
    finally:
        s.server.shutdown()


def test_connection_refused(pki) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    r = check(FakeTarget(pki["ca"], f"https://127.0.0.1:{port}"), url="{proxy}/")
    assert not r.ok and "connection refused" in r.detail


def test_timeout_when_server_never_answers(pki) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)  # accepts the TCP connection, never speaks TLS
        port = sock.getsockname()[1]
        r = check(
            FakeTarget(pki["ca"], f"https://127.0.0.1:{port}"), url="{proxy}/", timeout="300ms"
        )
    assert not r.ok and "timed out after 0.3s" in r.detail


def test_missing_ca_file(tmp_path: Path, valid_server) -> None:
    r = check(FakeTarget(tmp_path / "nope.crt", valid_server.url), url="{proxy}/")
    assert not r.ok and "staging CA not found" in r.detail


def test_ssl_context_is_shared_and_refreshed(pki, tmp_path: Path) -> None:
    ca = tmp_path / "ca.crt"
    ca.write_bytes(pki["ca"].read_bytes())
    first = client_context(str(ca))
    assert client_context(str(ca)) is first
    ca.write_bytes(pki["other_ca"].read_bytes())  # a re-created CA: different size/mtime
    assert client_context(str(ca)) is not first


def test_many_threads_share_one_bound_probe(pki, valid_server) -> None:
    from concurrent.futures import ThreadPoolExecutor

    probe = bind(
        FakeTarget(pki["ca"], valid_server.url), ProbeSpec("w", "http", {"url": "{proxy}/"})
    )
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: probe.check(), range(40)))
    assert all(r.ok for r in results), [r.detail for r in results if not r.ok]


@pytest.mark.parametrize(
    ("params", "key", "text"),
    [
        ({"url": "ftp://x/"}, "url", "must start with http"),
        ({"url": "{proxy}/", "method": "FETCH"}, "method", "is not one of"),
        ({"url": "{proxy}/", "body": "("}, "body", "not a valid regular expression"),
        ({"url": "{proxy}/", "expect_status": 99}, "expect_status", "not an HTTP status"),
        ({"url": "{proxy}/", "expect_status": "200"}, "expect_status", "expected"),
        ({"url": "{proxy}/", "timeout": "soon"}, "timeout", "not a duration"),
        ({"url": "{proxy}/", "timeout": 0}, "timeout", "more than 0s"),
        ({"url": "{proxy}/", "headers": {"X": [1]}}, "headers", "must map a name to text"),
        ({}, "url", "required"),
    ],
)
def test_params_rejected(params: dict, key: str, text: str) -> None:
    from gameday.params import ParamError

    with pytest.raises(ParamError) as info:
        PROBES.get("http").parse_params(params)
    assert info.value.key == key
    assert text in info.value.message
