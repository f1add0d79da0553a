"""The staging CA and the proxy's certificate.

gameday is its own CA so a bad certificate really fails: clients (probes, Locust, a responder's
``curl --cacert``) trust only this CA, and the expired-cert fault issues a leaf whose validity
window is in the past. ``cryptography`` lets us pick any window without an ``openssl ca`` database.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from pathlib import Path

from gameday import state
from gameday.records import record

LEAF_NAMES = ("localhost", "proxy")
LEAF_IPS = ("127.0.0.1", "::1")
DEFAULT_LEAF_DAYS = 90


@record
class CertInfo:
    subject: str
    issuer: str
    not_before: dt.datetime
    not_after: dt.datetime
    serial: int

    def valid_at(self, when: dt.datetime) -> bool:
        return self.not_before <= when <= self.not_after


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    state.fsync_write(path, data)  # atomic rename: nginx never reads half a file
    path.chmod(mode)


def ensure_ca(ca_dir: Path, common_name: str) -> Path:
    """Create the CA (key + self-signed certificate) once; return the certificate's path."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    cert_path, key_path = ca_dir / "ca.crt", ca_dir / "ca.key"
    if cert_path.exists() and key_path.exists():
        return cert_path
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "gameday staging"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write(key_path, key_pem, 0o600)
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    return cert_path


def issue_leaf(
    ca_dir: Path,
    tls_dir: Path,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
) -> CertInfo:
    """Sign a server certificate for the proxy with the staging CA, valid in the given window."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    ca_key = serialization.load_pem_private_key((ca_dir / "ca.key").read_bytes(), password=None)
    ca_cert = x509.load_pem_x509_certificate((ca_dir / "ca.crt").read_bytes())
    ca_public = ca_cert.public_key()
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey) or not isinstance(
        ca_public, ec.EllipticCurvePublicKey
    ):  # gameday's CA is always EC P-256: anything else was put there by hand
        from gameday.errors import TargetError

        raise TargetError(f"{ca_dir}: the staging CA's key is not an EC key; remove the folder")
    now = _now()
    start = _aware(not_before) if not_before else now - dt.timedelta(hours=1)
    end = _aware(not_after) if not_after else now + dt.timedelta(days=DEFAULT_LEAF_DAYS)
    if end <= start:
        raise ValueError("not_after must be later than not_before")
    key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = [x509.DNSName(n) for n in LEAF_NAMES]
    sans += [x509.IPAddress(ipaddress.ip_address(ip)) for ip in LEAF_IPS]
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_public),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # key first: nginx reloads after both are in place, and a reader never pairs a new
    # certificate with an old key for long.
    _write(tls_dir / "server.key", key_pem, 0o600)
    _write(tls_dir / "server.crt", cert.public_bytes(serialization.Encoding.PEM))
    return read_cert(tls_dir / "server.crt")


def read_cert(path: Path) -> CertInfo:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return CertInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        serial=cert.serial_number,
    )


def _aware(when: dt.datetime) -> dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)
