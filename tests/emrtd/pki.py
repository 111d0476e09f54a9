"""A throw-away country signing CA and document signer, generated at test time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
_NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
_NOT_AFTER = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class EmrtdPki:
    csca_cert: x509.Certificate
    csca_key: SigningKey
    ds_cert: x509.Certificate
    ds_key: SigningKey

    def write_csca(self, folder: Path) -> Path:
        """The CSCA as PEM in `folder`, as a kiosk's configured CSCA folder holds it."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "csca.pem"
        path.write_bytes(self.csca_cert.public_bytes(serialization.Encoding.PEM))
        return path


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test eMRTD PKI (not real)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_key(rsa_keys: bool) -> SigningKey:
    if rsa_keys:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def make_pki(label: str = "Test", *, rsa_keys: bool = False) -> EmrtdPki:
    """ECDSA P-256 by default; RSA 2048 keys with `rsa_keys` (both occur in national PKIs)."""
    csca_key = _new_key(rsa_keys)
    ds_key = _new_key(rsa_keys)
    csca_name = _name(f"{label} CSCA")
    csca_cert = (
        x509.CertificateBuilder()
        .subject_name(csca_name)
        .issuer_name(csca_name)
        .public_key(csca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_NOT_BEFORE)
        .not_valid_after(_NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(cert_sign=True), critical=True)
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(csca_key.public_key()), critical=False
        )
        .sign(csca_key, hashes.SHA256())
    )
    ds_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(f"{label} Document Signer"))
        .issuer_name(csca_name)
        .public_key(ds_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(_NOT_BEFORE)
        .not_valid_after(_NOT_AFTER)
        .add_extension(_key_usage(cert_sign=False), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(csca_key.public_key()),
            critical=False,
        )
        .sign(csca_key, hashes.SHA256())
    )
    return EmrtdPki(csca_cert, csca_key, ds_cert, ds_key)


def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
