"""`kiosk gateway serve` as a real process over PostgreSQL, HTTPS with a private CA."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from devices.portal_http import HttpPortal
from kiosk.domain.devices import HealthState
from kiosk.ports.portal import PortalOffline
from tests.peers.gateway_fixtures import (
    KIOSK_ID,
    TOKEN,
    UNIT,
    register_database,
    submission,
    token_file,
)

pytestmark = pytest.mark.peer
ROOT = Path(__file__).resolve().parents[2]


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca_and_server_cert(folder: Path) -> tuple[Path, Path, Path]:
    """A private CA and a server certificate for 127.0.0.1 signed by it (PEM files)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Ward test CA"))
        .issuer_name(_name("Ward test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem, cert_pem, key_pem = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_pem.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_pem, cert_pem, key_pem


def test_gateway_process_over_https(tmp_path: Path, postgres_url: str) -> None:
    ca, cert, key = make_ca_and_server_cert(tmp_path)
    db = register_database(postgres_url)
    tokens = token_file(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [
        sys.executable, "-m", "gateway", "serve", "--port", "0", "--db", db,
        "--token-file", str(tokens), "--unit-code", UNIT,
        "--tls-cert", str(cert), "--tls-key", str(key),
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("gateway listening on https://127.0.0.1:"), line + (
            proc.stderr.read() if proc.poll() is not None and proc.stderr else ""
        )
        url = line.split(" on ", 1)[1].strip()

        trusted = HttpPortal(url, TOKEN, kiosk_id=KIOSK_ID, ca_bundle=ca, timeout_s=10)
        ack = trusted.submit(submission("7e57c0de-tls-0001"))
        assert ack.dossier_code.startswith(UNIT)
        assert trusted.status(ack.dossier_code).status == "received"

        untrusted = HttpPortal(url, TOKEN, kiosk_id=KIOSK_ID, timeout_s=10)  # system CAs only
        with pytest.raises(PortalOffline, match="TLS"):
            untrusted.submit(submission("7e57c0de-tls-0002"))
        assert untrusted.health().state is HealthState.NOT_READY

        # Staff tools on the same register.
        shown = subprocess.run(
            [sys.executable, "-m", "gateway", "status", ack.dossier_code, "--db", db],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert shown.returncode == 0 and "received" in shown.stdout, shown.stderr
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def test_serve_refuses_a_bad_token_file(tmp_path: Path) -> None:
    bad = tmp_path / "tokens"
    bad.write_text("kiosk-01 short\n")
    done = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--token-file", str(bad)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "shorter" in done.stderr
