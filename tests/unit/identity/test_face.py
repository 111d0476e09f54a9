"""EF.DG2 → face image: the emulator's DG2, JPEG 2000 faces, header quirks, damage, fuzz."""

from __future__ import annotations

import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, features

from devices.simulated.citizens import ber_tlv
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.face import FaceImage, extract_face, sniff
from tests.emrtd.files import dg2 as emulator_dg2
from tests.emrtd.files import face_jpeg

JPEG = face_jpeg("ba_lan")


def jpeg2000(*, codestream: bool = False, size: tuple[int, int] = (60, 80)) -> bytes:
    assert features.check("jpg_2000"), "Pillow was built without openjpeg"
    image = Image.new("RGB", size, (214, 222, 232))
    image.paste((224, 186, 150), (15, 15, 45, 55))
    out = io.BytesIO()
    image.save(out, "JPEG2000", no_jp2=codestream)
    return out.getvalue()


def record(
    data: bytes,
    *,
    image_type: int = 0,
    points: int = 0,
    width: int = 240,
    height: int = 320,
    version: bytes = b"010\x00",
) -> bytes:
    """An ISO/IEC 19794-5:2005 facial record with one image, as a real issuer writes it."""
    facial = points.to_bytes(2, "big") + bytes(14)  # gender … pose uncertainty
    feature_points = bytes(range(8)) * points
    image_info = bytes((1, image_type)) + width.to_bytes(2, "big") + height.to_bytes(2, "big")
    image_info += bytes(6)
    block = facial + feature_points + image_info + data
    block = (len(block) + 4).to_bytes(4, "big") + block
    return b"FAC\x00" + version + (14 + len(block)).to_bytes(4, "big") + b"\x00\x01" + block


def claiming_points(rec: bytes, points: int) -> bytes:
    return rec[:18] + points.to_bytes(2, "big") + rec[20:]  # the facial information's count


def dg2(*records: bytes, record_tag: bytes = b"\x5f\x2e", count: bytes = b"\x01") -> bytes:
    header = ber_tlv(b"\xa1", ber_tlv(b"\x81", b"\x02") + ber_tlv(b"\x88", b"\x00\x08"))
    instances = b"".join(ber_tlv(b"\x7f\x60", header + ber_tlv(record_tag, r)) for r in records)
    return ber_tlv(b"\x75", ber_tlv(b"\x7f\x61", ber_tlv(b"\x02", count) + instances))


def face(data: bytes) -> FaceImage:
    result = extract_face(data)
    assert isinstance(result, FaceImage), result
    return result


def error(data: bytes) -> IdentityError:
    result = extract_face(data)
    assert isinstance(result, IdentityError), result
    assert result.code is IdentityErrorCode.CHIP_UNREADABLE
    assert result.prompt_id == "identity.chip_unreadable"
    assert "failure" not in result.detail  # an expected error, not a caught bug
    return result


def test_the_emulators_dg2_gives_its_jpeg_back_byte_for_byte() -> None:
    got = face(emulator_dg2(JPEG))
    assert (got.format, got.data, got.width, got.height) == ("jpeg", JPEG, 240, 320)
    with Image.open(io.BytesIO(got.data)) as image:
        assert image.format == "JPEG" and image.size == (240, 320)


@pytest.mark.parametrize("codestream", [False, True], ids=["jp2", "j2k"])
def test_a_jpeg_2000_face_is_found_in_either_container(codestream: bool) -> None:
    data = jpeg2000(codestream=codestream)
    got = face(dg2(record(data, image_type=1, width=60, height=80)))
    assert (got.format, got.data, got.width, got.height) == ("jpeg2000", data, 60, 80)
    with Image.open(io.BytesIO(got.data)) as image:
        assert image.size == (60, 80)


def test_the_magic_bytes_win_over_the_header_when_they_disagree() -> None:
    assert face(dg2(record(JPEG, image_type=1))).format == "jpeg"
    assert face(dg2(record(jpeg2000(), image_type=0))).format == "jpeg2000"
    assert face(dg2(record(JPEG, image_type=7))).format == "jpeg"  # an unknown type byte


def test_feature_points_are_skipped_by_their_count() -> None:
    assert face(dg2(record(JPEG, points=5))).data == JPEG


def test_the_enciphered_form_tag_7f2e_holds_a_face_too() -> None:
    assert face(dg2(record(JPEG), record_tag=b"\x7f\x2e")).data == JPEG


def test_a_damaged_first_instance_gives_way_to_the_second() -> None:
    assert face(dg2(b"FAC\x00junk", record(JPEG), count=b"\x02")).data == JPEG


def test_sniff() -> None:
    assert sniff(JPEG) == "jpeg"
    assert sniff(jpeg2000()) == "jpeg2000" and sniff(jpeg2000(codestream=True)) == "jpeg2000"
    assert sniff(b"GIF89a") is None and sniff(b"") is None


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x75",
        b"\x61\x03\x02\x01\x01",  # DG1's tag
        ber_tlv(b"\x75", b""),
        ber_tlv(b"\x75", ber_tlv(b"\x7f\x61", b"")),  # no count
        ber_tlv(b"\x75", ber_tlv(b"\x7f\x61", ber_tlv(b"\x02", b"\x00"))),  # zero instances
        ber_tlv(b"\x75", ber_tlv(b"\x7f\x61", ber_tlv(b"\x02", b"\x01"))),  # count, no 7F60
        dg2(b"FAC\x00"),  # header truncated
        dg2(record(JPEG)[:40]),  # record shorter than it says
        dg2(b"FAX\x00" + record(JPEG)[4:]),  # not a facial record
        dg2(record(b"GIF89a" + bytes(40))),  # no picture we know
        dg2(claiming_points(record(JPEG), 60_000)),  # feature points beyond the record
        emulator_dg2(JPEG)[:-1],  # the outer TLV overruns
    ],
)
def test_damage_is_a_typed_error(data: bytes) -> None:
    error(data)


def test_the_face_never_reaches_a_log_line_through_its_repr() -> None:
    got = face(emulator_dg2(JPEG))
    assert repr(got) == f"FaceImage(jpeg, 240x320, {len(JPEG)} bytes)"
    assert JPEG[:8].hex() not in repr(got) and str(JPEG[:8]) not in repr(got)


# ---- fuzz: 2 000 random inputs and 2 000 mutations of valid DG2s -----------------------------

FUZZ = settings(max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = (
    emulator_dg2(JPEG[:600]),  # short, so mutations land in the headers as often as the picture
    dg2(record(JPEG[:600], points=2), record_tag=b"\x7f\x2e"),
    dg2(record(b"\x00\x00\x00\x0cjP  " + bytes(200), image_type=1)),
)


def check(data: bytes) -> None:
    result = extract_face(data)
    assert isinstance(result, FaceImage | IdentityError)
    if isinstance(result, IdentityError):
        assert "failure" not in result.detail, result.detail
    else:
        assert result.data in data and sniff(result.data) == result.format


def mutate(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(4)
        at = rng.randrange(len(out) + 1) if kind == 2 else rng.randrange(max(1, len(out)))
        if kind == 0 and out:
            out[at] = rng.randrange(256)  # a byte flipped
        elif kind == 1:
            del out[at:]  # truncated
        elif kind == 2:
            out[at:at] = rng.randbytes(rng.randint(1, 8))  # bytes inserted
        elif out:
            out[at] ^= 1 << rng.randrange(8)  # a bit flipped
    return bytes(out)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data: bytes) -> None:
    check(data)
    check(b"\x75" + data)  # past the first tag, into the lengths


@FUZZ
@given(st.integers(0, 2**64 - 1))
def test_mutated_dg2s_never_raise(seed: int) -> None:
    rng = random.Random(seed)
    check(mutate(rng, rng.choice(VALID)))
