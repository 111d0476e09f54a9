"""EF.SOD: CMS SignedData over an LDSSecurityObject, signed by the test document signer."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from asn1crypto import algos, cms, core, x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from devices.pcsc_card.icao.apdu import tlv
from devices.pcsc_card.icao.passive_auth import (
    LDS_SECURITY_OBJECT_OID,
    DataGroupHash,
    LdsSecurityObject,
    unwrap_sod,
)
from tests.emrtd.pki import EmrtdPki


def lds_security_object(data_groups: Mapping[str, bytes]) -> bytes:
    hashes_ = [
        DataGroupHash(
            {
                "data_group_number": int(name.removeprefix("DG")),
                "data_group_hash_value": hashlib.sha256(content).digest(),
            }
        )
        for name, content in sorted(data_groups.items(), key=lambda i: int(i[0][2:]))
        if name.startswith("DG")
    ]
    lds: bytes = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": "sha256"},
            "data_group_hash_values": hashes_,
        }
    ).dump()
    return lds


def build_sod(data_groups: Mapping[str, bytes], pki: EmrtdPki, *, pss: bool = False) -> bytes:
    """EF.SOD bytes (tag 77 around ContentInfo) for the DGs in `data_groups` ("DG1" …)."""
    return _signed(lds_security_object(data_groups), pki, pss=pss)


def _sign(pki: EmrtdPki, message: bytes, *, pss: bool) -> tuple[bytes, dict[str, object]]:
    key = pki.ds_key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(message, ec.ECDSA(hashes.SHA256())), {"algorithm": "sha256_ecdsa"}
    assert isinstance(key, rsa.RSAPrivateKey)
    if not pss:
        signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        return signature, {"algorithm": "sha256_rsa"}
    scheme = padding.PSS(padding.MGF1(hashes.SHA256()), 32)
    params = {
        "hash_algorithm": {"algorithm": "sha256"},
        "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": "sha256"}},
        "salt_length": 32,
    }
    signature = key.sign(message, scheme, hashes.SHA256())
    return signature, {"algorithm": "rsassa_pss", "parameters": params}


def _signed(
    lds: bytes, pki: EmrtdPki, *, digest_of: bytes | None = None, pss: bool = False
) -> bytes:
    ds = x509.Certificate.load(pki.ds_cert.public_bytes(Encoding.DER))
    signed_attrs = cms.CMSAttributes(
        [
            {"type": "content_type", "values": [LDS_SECURITY_OBJECT_OID]},
            {
                "type": "message_digest",
                "values": [hashlib.sha256(lds if digest_of is None else digest_of).digest()],
            },
        ]
    )
    signature, algorithm = _sign(pki, signed_attrs.dump(), pss=pss)
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                name="issuer_and_serial_number",
                value={"issuer": ds.issuer, "serial_number": ds.serial_number},
            ),
            "digest_algorithm": {"algorithm": "sha256"},
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm(algorithm),
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {
                "content_type": LDS_SECURITY_OBJECT_OID,
                "content": core.ParsableOctetString(lds),
            },
            "certificates": [ds],
            "signer_infos": [signer],
        }
    )
    info = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
    return tlv(0x77, info.dump())


def content_info(sod: bytes) -> bytes:
    """The DER ContentInfo inside EF.SOD, as `openssl cms -inform DER` wants it."""
    der: bytes = unwrap_sod(sod).dump()
    return der


def tamper_dg(content: bytes) -> bytes:
    """The same DG with its last byte changed: the SOD still verifies, the hash does not."""
    return content[:-1] + bytes((content[-1] ^ 0x01,))


def tamper_hash(sod: bytes, pki: EmrtdPki) -> bytes:
    """A SOD whose DG1 hash was altered after signing: the message digest no longer matches."""
    signed_data = unwrap_sod(sod)["content"]
    lds = LdsSecurityObject.load(signed_data["encap_content_info"]["content"].contents)
    original = lds.dump()
    for item in lds["data_group_hash_values"]:
        if item["data_group_number"].native == 1:
            item["data_group_hash_value"] = tamper_dg(item["data_group_hash_value"].native)
    return _signed(lds.dump(force=True), pki, digest_of=original)


def tamper_signature(sod: bytes) -> bytes:
    """A SOD with one bit of the signature value flipped."""
    info = unwrap_sod(sod)
    signer = info["content"]["signer_infos"][0]
    signature = signer["signature"].native
    signer["signature"] = signature[:-1] + bytes((signature[-1] ^ 0x01,))
    return tlv(0x77, info.dump(force=True))
