"""Passive authentication (ICAO 9303-11 §5.1): DG hashes ↔ SOD ↔ document signer ↔ CSCA."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from asn1crypto import algos, cms, core, pem
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from kiosk.ports.card_reader import PassiveAuth

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"
_CSCA_SUFFIXES = (".pem", ".crt", ".cer", ".der")


class DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("data_group_number", core.Integer),
        ("data_group_hash_value", core.OctetString),
    ]


class DataGroupHashes(core.SequenceOf):  # type: ignore[misc]
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [
        ("lds_version", core.PrintableString),
        ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    """ICAO 9303-10 §4.6.2.2 LDSSecurityObject (v0 without, v1 with version info)."""

    _fields: ClassVar = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashes),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


class SodError(ValueError):
    pass


def unwrap_sod(sod: bytes) -> cms.ContentInfo:
    """EF.SOD is tag 77 around a CMS ContentInfo holding SignedData."""
    try:
        outer = core.load(sod, strict=True)
        if outer.class_ != 1 or outer.tag != 23:
            raise SodError("EF.SOD does not start with application tag 77")
        info = cms.ContentInfo.load(outer.contents, strict=True)
        if info["content_type"].native != "signed_data":
            raise SodError("the SOD is not CMS SignedData")
        info["content"].native  # noqa: B018 - forces the lazy parse so errors surface here
    except (ValueError, TypeError, LookupError, OverflowError) as exc:
        # asn1crypto indexes into contents it has not bounds-checked (an empty BIT STRING
        # raises IndexError), so every lookup error is a malformed SOD too.
        raise SodError(f"the SOD does not parse: {exc!r}") from exc
    return info


def _hash(algorithm: str, data: bytes) -> bytes:
    try:
        return hashlib.new(algorithm, data).digest()
    except ValueError as exc:
        raise SodError(f"unsupported hash algorithm {algorithm}") from exc


_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}


def _verify_signature(cert: x509.Certificate, signer: cms.SignerInfo, signed: bytes) -> None:
    digest_name = signer["digest_algorithm"]["algorithm"].native
    if digest_name not in _HASHES:
        raise SodError(f"unsupported digest {digest_name}")
    algorithm = _HASHES[digest_name]()
    signature = signer["signature"].native
    key = cert.public_key()
    sig_algo = signer["signature_algorithm"]
    if isinstance(key, ec.EllipticCurvePublicKey):
        key.verify(signature, signed, ec.ECDSA(algorithm))
    elif isinstance(key, rsa.RSAPublicKey):
        if sig_algo.signature_algo == "rsassa_pss":
            params = sig_algo["parameters"]
            pss = padding.PSS(padding.MGF1(algorithm), params["salt_length"].native)
            key.verify(signature, signed, pss, algorithm)
        else:
            key.verify(signature, signed, padding.PKCS1v15(), algorithm)
    else:
        raise SodError(f"unsupported document-signer key {type(key).__name__}")


def _signer_cert(signed_data: cms.SignedData, signer: cms.SignerInfo) -> x509.Certificate:
    sid = signer["sid"]
    for choice in signed_data["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            match = (
                cert.issuer == sid.chosen["issuer"]
                and cert.serial_number == sid.chosen["serial_number"].native
            )
        else:
            match = cert.key_identifier == sid.chosen.native
        if match:
            return x509.load_der_x509_certificate(cert.dump())
    raise SodError("the SOD carries no document-signer certificate matching its signer")


def load_cscas(csca_dir: Path | None) -> list[x509.Certificate]:
    if csca_dir is None or not csca_dir.is_dir():
        return []
    found: list[x509.Certificate] = []
    for path in sorted(csca_dir.iterdir()):
        if path.suffix.lower() not in _CSCA_SUFFIXES:
            continue
        raw = path.read_bytes()
        blobs = [der for _, _, der in pem.unarmor(raw, multiple=True)] if pem.detect(raw) else [raw]
        for der in blobs:
            try:
                found.append(x509.load_der_x509_certificate(der))
            except ValueError:
                continue  # one unreadable file must not hide the others
    return found


def _chains_to(ds: x509.Certificate, cscas: list[x509.Certificate]) -> x509.Certificate | None:
    for csca in cscas:
        try:
            ds.verify_directly_issued_by(csca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        return csca
    return None


def _check(data_groups: Mapping[str, bytes], sod: bytes) -> tuple[x509.Certificate, str]:
    signed_data = unwrap_sod(sod)["content"]
    encap = signed_data["encap_content_info"]
    if encap["content_type"].dotted != LDS_SECURITY_OBJECT_OID:
        raise SodError("the SOD does not encapsulate an LDSSecurityObject")
    lds_bytes = encap["content"].contents
    try:
        lds = LdsSecurityObject.load(lds_bytes, strict=True)
        hash_name = lds["hash_algorithm"]["algorithm"].native
        listed = {
            int(h["data_group_number"].native): h["data_group_hash_value"].native
            for h in lds["data_group_hash_values"]
        }
    except (ValueError, TypeError, KeyError) as exc:
        raise SodError(f"the LDSSecurityObject does not parse: {exc}") from exc
    signers = signed_data["signer_infos"]
    if len(signers) != 1:
        raise SodError(f"the SOD has {len(signers)} signers, expected 1")
    signer = signers[0]
    attrs = signer["signed_attrs"]
    if not attrs:
        raise SodError("the SOD has no signed attributes")
    by_type = {a["type"].native: a["values"] for a in attrs}
    digest_name = signer["digest_algorithm"]["algorithm"].native
    if [v.native for v in by_type.get("content_type", [])] != [LDS_SECURITY_OBJECT_OID]:
        raise SodError("the signed content-type attribute is not the LDSSecurityObject")
    digests = [v.native for v in by_type.get("message_digest", [])]
    if len(digests) != 1 or not hmac.compare_digest(digests[0], _hash(digest_name, lds_bytes)):
        raise SodError("the signed message digest does not match the LDSSecurityObject")
    ds = _signer_cert(signed_data, signer)
    # The signature covers the DER of the attributes as a SET OF, not as the [0] it travels in.
    signed = b"\x31" + attrs.dump()[1:]
    try:
        _verify_signature(ds, signer, signed)
    except InvalidSignature as exc:
        raise SodError("the SOD signature does not verify with the document-signer key") from exc
    # Hashes only after the signature: a failure then says the chip data, not the SOD, changed.
    for name, content in sorted(data_groups.items()):
        number = int(name.removeprefix("DG"))
        if number not in listed:
            raise SodError(f"{name} is not listed in the SOD")
        if not hmac.compare_digest(_hash(hash_name, content), listed[number]):
            raise SodError(f"the hash of {name} does not match the SOD")
    return ds, f"{len(data_groups)} data group hashes and the SOD signature verify"


def passive_auth(
    data_groups: Mapping[str, bytes], sod: bytes, csca_dir: Path | None
) -> tuple[PassiveAuth, str]:
    """Verdict and English detail. `data_groups` holds the DGs read ("DG1" …), without SOD/COM."""
    try:
        ds, detail = _check({k: v for k, v in data_groups.items() if k.startswith("DG")}, sod)
    except SodError as exc:
        return PassiveAuth.TAMPERED, str(exc)
    except (ValueError, TypeError, LookupError, OverflowError, UnsupportedAlgorithm) as exc:
        # asn1crypto parses lazily and cryptography meets the keys late: both surface here.
        return PassiveAuth.TAMPERED, f"the SOD is malformed: {type(exc).__name__}: {exc}"
    csca = _chains_to(ds, load_cscas(csca_dir))
    if csca is None:
        return PassiveAuth.CSCA_UNKNOWN, f"{detail}; no CSCA in {csca_dir} issued the signer"
    return PassiveAuth.VALID, f"{detail}; signer chains to CSCA {csca.subject.rfc4514_string()}"
