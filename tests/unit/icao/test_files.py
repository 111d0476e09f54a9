"""The emulator's card contents against outside references: the PyPI `mrz` package, LDS shape."""

from __future__ import annotations

import io

import pytest
from mrz.checker.td1 import TD1CodeChecker
from PIL import Image

from devices.pcsc_card.icao.apdu import iter_tlv
from devices.simulated.citizens import CITIZENS, SimulatedCitizen
from tests.emrtd.files import card_files
from tests.emrtd.pki import EmrtdPki


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_dg1_mrz_check_digits_agree_with_the_mrz_package(
    citizen: SimulatedCitizen, pki: EmrtdPki
) -> None:
    dg1 = card_files(citizen, pki)["DG1"]
    (outer,) = iter_tlv(dg1)
    (mrz,) = iter_tlv(outer.value)
    assert (outer.tag, mrz.tag, len(mrz.value)) == (0x61, 0x5F1F, 90)
    text = mrz.value.decode("ascii")
    checker = TD1CodeChecker("\n".join((text[:30], text[30:60], text[60:])))
    assert bool(checker), checker.report.falses


def test_com_lists_dg1_dg2_dg13(files: dict[str, bytes]) -> None:
    (com,) = iter_tlv(files["COM"])
    tags = {o.tag: o.value for o in iter_tlv(com.value)}
    assert com.tag == 0x60 and tags[0x5C] == bytes((0x61, 0x75, 0x6D))


def test_dg2_wraps_a_20_kb_jpeg_like_real_cards(files: dict[str, bytes]) -> None:
    (dg2,) = iter_tlv(files["DG2"])
    (group,) = iter_tlv(dg2.value)
    count, instance = iter_tlv(group.value)
    header, record = iter_tlv(instance.value)
    assert (dg2.tag, group.tag, count.value, instance.tag) == (0x75, 0x7F61, b"\x01", 0x7F60)
    assert (header.tag, record.tag) == (0xA1, 0x5F2E)
    assert record.value.startswith(b"FAC\x00010\x00")
    jpeg = record.value[record.value.index(b"\xff\xd8\xff") :]
    assert 15_000 < len(jpeg) <= 20_000
    assert Image.open(io.BytesIO(jpeg)).size == (240, 320)


def test_dg13_holds_vietnamese_utf8(files: dict[str, bytes]) -> None:
    assert files["DG13"][0] == 0x6D
    assert "Nguyễn Thị Lan".encode() in files["DG13"]
