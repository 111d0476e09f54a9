"""Passive authentication, checked against `openssl cms -verify` as the outside reference."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.pcsc_card.icao.passive_auth import passive_auth
from kiosk.ports.card_reader import PassiveAuth
from tests.emrtd.pki import EmrtdPki, make_pki
from tests.emrtd.sod import build_sod, content_info, tamper_dg, tamper_hash, tamper_signature


def _dgs(files: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in files.items() if k.startswith("DG")}


def _openssl_verifies(sod: bytes, csca: Path, tmp_path: Path) -> bool:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is required (Debian package openssl)")
    der = tmp_path / "sod.der"
    der.write_bytes(content_info(sod))
    args = [openssl, "cms", "-verify", "-inform", "DER", "-in", str(der)]
    args += ["-CAfile", str(csca), "-purpose", "any", "-out", str(tmp_path / "content.bin")]
    return subprocess.run(args, capture_output=True, check=False).returncode == 0


@pytest.fixture
def csca(pki: EmrtdPki, tmp_path: Path) -> Path:
    return pki.write_csca(tmp_path / "csca")


def test_valid_sod_agrees_with_openssl(files: dict[str, bytes], csca: Path, tmp_path: Path) -> None:
    assert _openssl_verifies(files["SOD"], csca, tmp_path)
    verdict, detail = passive_auth(_dgs(files), files["SOD"], csca.parent)
    assert verdict is PassiveAuth.VALID, detail


@pytest.mark.parametrize("how", ["hash", "signature"])
def test_tampered_sod_agrees_with_openssl(
    files: dict[str, bytes], pki: EmrtdPki, csca: Path, tmp_path: Path, how: str
) -> None:
    sod = tamper_hash(files["SOD"], pki) if how == "hash" else tamper_signature(files["SOD"])
    assert not _openssl_verifies(sod, csca, tmp_path)
    verdict, detail = passive_auth(_dgs(files), sod, csca.parent)
    assert verdict is PassiveAuth.TAMPERED
    assert ("message digest" if how == "hash" else "signature") in detail


@pytest.mark.parametrize("group", ["DG1", "DG2", "DG13"])
def test_a_modified_dg_with_an_intact_sod_is_tampered(
    files: dict[str, bytes], csca: Path, tmp_path: Path, group: str
) -> None:
    assert _openssl_verifies(files["SOD"], csca, tmp_path)
    dgs = _dgs(files) | {group: tamper_dg(files[group])}
    verdict, detail = passive_auth(dgs, files["SOD"], csca.parent)
    assert verdict is PassiveAuth.TAMPERED
    assert group in detail


@pytest.mark.parametrize("pss", [False, True], ids=["rsa-pkcs1", "rsa-pss"])
def test_rsa_document_signers_agree_with_openssl(
    files: dict[str, bytes], tmp_path: Path, pss: bool
) -> None:
    rsa_pki = make_pki("RSA", rsa_keys=True)
    csca = rsa_pki.write_csca(tmp_path / "csca")
    sod = build_sod(_dgs(files), rsa_pki, pss=pss)
    assert _openssl_verifies(sod, csca, tmp_path)
    assert passive_auth(_dgs(files), sod, csca.parent)[0] is PassiveAuth.VALID
    broken = tamper_signature(sod)
    assert not _openssl_verifies(broken, csca, tmp_path)
    assert passive_auth(_dgs(files), broken, csca.parent)[0] is PassiveAuth.TAMPERED


def test_a_dg_missing_from_the_sod_is_tampered(files: dict[str, bytes]) -> None:
    verdict, detail = passive_auth(_dgs(files) | {"DG11": b"\x6b\x00"}, files["SOD"], None)
    assert verdict is PassiveAuth.TAMPERED
    assert "DG11" in detail


def test_a_foreign_csca_gives_csca_unknown(files: dict[str, bytes], tmp_path: Path) -> None:
    other = make_pki("Other").write_csca(tmp_path / "other")
    (tmp_path / "other" / "notes.txt").write_text("not a certificate")
    (tmp_path / "other" / "broken.der").write_bytes(b"\x30\x03\x02\x01\x01")
    assert not _openssl_verifies(files["SOD"], other, tmp_path)
    verdict, _ = passive_auth(_dgs(files), files["SOD"], other.parent)
    assert verdict is PassiveAuth.CSCA_UNKNOWN


def test_a_signer_key_on_an_unknown_curve_is_tampered(files: dict[str, bytes]) -> None:
    p256 = bytes.fromhex("06082A8648CE3D030107")
    sod = files["SOD"].replace(p256, p256[:-1] + b"\x00", 1)  # found by hypothesis
    verdict, detail = passive_auth(_dgs(files), sod, None)
    assert verdict is PassiveAuth.TAMPERED
    assert "UnsupportedAlgorithm" in detail


def test_no_csca_folder_gives_csca_unknown(files: dict[str, bytes]) -> None:
    assert passive_auth(_dgs(files), files["SOD"], None)[0] is PassiveAuth.CSCA_UNKNOWN
    missing = Path("/nonexistent/csca")
    assert passive_auth(_dgs(files), files["SOD"], missing)[0] is PassiveAuth.CSCA_UNKNOWN


def test_a_der_csca_file_is_accepted(
    files: dict[str, bytes], pki: EmrtdPki, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    (tmp_path / "csca.cer").write_bytes(pki.csca_cert.public_bytes(Encoding.DER))
    assert passive_auth(_dgs(files), files["SOD"], tmp_path)[0] is PassiveAuth.VALID


def test_empty_bit_string_in_the_sod_is_tampered_not_a_crash(files: dict[str, bytes]) -> None:
    """Found by hypothesis: a zeroed BIT STRING length made asn1crypto raise IndexError."""
    sod = bytearray(files["SOD"])
    at = sod.find(b"\x03\x42\x00\x04")  # the signer's EC public key, a 66-byte BIT STRING
    assert at > 0
    sod[at + 1] = 0
    verdict, detail = passive_auth(_dgs(files), bytes(sod), None)
    assert verdict is PassiveAuth.TAMPERED and detail


@settings(max_examples=300, deadline=None)
@given(
    edits=st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), min_size=1, max_size=4),
    cut=st.integers(0, 1 << 16),
)
def test_mutated_sods_never_raise(
    files: dict[str, bytes], edits: list[tuple[int, int]], cut: int
) -> None:
    sod = bytearray(files["SOD"])
    for position, value in edits:
        sod[position % len(sod)] = value
    mutated = bytes(sod[: cut % (len(sod) + 1)] or sod)
    verdict, detail = passive_auth(_dgs(files), mutated, None)
    assert verdict in (PassiveAuth.TAMPERED, PassiveAuth.CSCA_UNKNOWN)
    assert detail


@settings(max_examples=300, deadline=None)
@given(sod=st.binary(max_size=300))
def test_random_sods_are_tampered(files: dict[str, bytes], sod: bytes) -> None:
    assert passive_auth(_dgs(files), sod, None)[0] is PassiveAuth.TAMPERED
