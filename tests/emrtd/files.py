"""The elementary files of a CCCD-shaped card for one scripted citizen."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw

from devices.simulated.citizens import SimulatedCitizen, ber_tlv, dg1_from_mrz
from tests.emrtd.pki import EmrtdPki
from tests.emrtd.sod import build_sod

FACE_TARGET_BYTES = 20_000


def ef_com() -> bytes:
    """EF.COM: LDS 1.7, Unicode 4.0.0, tag list DG1 (61), DG2 (75), DG13 (6D)."""
    return ber_tlv(
        b"\x60",
        ber_tlv(b"\x5f\x01", b"0107")
        + ber_tlv(b"\x5f\x36", b"040000")
        + ber_tlv(b"\x5c", b"\x61\x75\x6d"),
    )


def face_jpeg(seed: str, target: int = FACE_TARGET_BYTES) -> bytes:
    """A portrait-shaped JPEG of about `target` bytes: a head on a plain ground, plus grain."""
    rng = random.Random(seed)
    width, height = 240, 320
    image = Image.new("RGB", (width, height), (214, 222, 232))
    draw = ImageDraw.Draw(image)
    draw.ellipse((60, 50, 180, 200), fill=(224, 186, 150))
    draw.rectangle((40, 230, 200, 320), fill=(40, 60, 110))
    grain = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    image = Image.blend(image, Image.merge("RGB", (grain, grain, grain)), 0.18)
    best = b""
    for quality in range(95, 10, -5):  # highest quality that stays within the target size
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality)
        best = buffer.getvalue()
        if len(best) <= target:
            break
    return best


def _iso19794_5(jpeg: bytes, width: int = 240, height: int = 320) -> bytes:
    """A minimal ISO/IEC 19794-5 facial record: header, one face, no feature points, JPEG."""
    image_info = bytes((1, 0)) + width.to_bytes(2, "big") + height.to_bytes(2, "big")
    image_info += bytes((1, 2)) + bytes(2) + bytes(2)  # sRGB, digital still; device, quality
    facial_info = bytes(2) + bytes((0, 0, 0)) + bytes(3) + bytes(2) + bytes(3) + bytes(3)
    block = facial_info + image_info + jpeg
    block = (len(block) + 4).to_bytes(4, "big") + block
    header = b"FAC\x00" + b"010\x00" + (14 + len(block)).to_bytes(4, "big") + (1).to_bytes(2, "big")
    return header + block


def dg2(jpeg: bytes) -> bytes:
    """EF.DG2: 75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E facial record } } }."""
    biometric_header = ber_tlv(
        b"\xa1",
        ber_tlv(b"\x80", b"\x01\x01")  # ICAO header version 1.1
        + ber_tlv(b"\x81", b"\x02")  # biometric type: facial features
        + ber_tlv(b"\x87", b"\x01\x01")  # format owner
        + ber_tlv(b"\x88", b"\x00\x08"),  # format type: ISO 19794-5
    )
    instance = ber_tlv(b"\x7f\x60", biometric_header + ber_tlv(b"\x5f\x2e", _iso19794_5(jpeg)))
    return ber_tlv(b"\x75", ber_tlv(b"\x7f\x61", ber_tlv(b"\x02", b"\x01") + instance))


def card_files(citizen: SimulatedCitizen, pki: EmrtdPki) -> dict[str, bytes]:
    """COM, DG1, DG2, DG13 and a SOD over DG1/DG2/DG13 signed by `pki`'s document signer."""
    groups = {
        "DG1": dg1_from_mrz(citizen.mrz),
        "DG2": dg2(face_jpeg(citizen.slug)),
        "DG13": citizen.dg13,
    }
    return {"COM": ef_com(), **groups, "SOD": build_sod(groups, pki)}
