"""DG13 by field number, not position: any name length, withheld fields as None."""

from __future__ import annotations

import logging
import random
from datetime import date

import pytest

from devices.simulated.citizens import BA_LAN, CITIZENS, SimulatedCitizen
from kiosk.services.identity.dg13 import Dg13, parse_dg13
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.tlv import encode_tlv
from tests.unit.identity import gen


def item(n: int, *values: bytes) -> bytes:
    return encode_tlv(0x30, encode_tlv(0x02, bytes([n])) + b"".join(values))


def utf8(text: str) -> bytes:
    return encode_tlv(0x0C, text.encode("utf-8"))


def printable(text: str) -> bytes:
    return encode_tlv(0x13, text.encode("ascii"))


def dg13(*items: bytes) -> bytes:
    return encode_tlv(0x6D, b"".join(items))


def ok(data: bytes) -> Dg13:
    result = parse_dg13(data)
    assert isinstance(result, Dg13), result
    return result


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_simulated_citizens(citizen: SimulatedCitizen) -> None:
    d = ok(citizen.dg13)
    assert d.id_number == citizen.id_number
    assert d.full_name == citizen.full_name
    assert d.birth_date == citizen.birth_date
    assert d.sex == citizen.sex
    assert d.nationality == "Việt Nam" and d.ethnicity == "Kinh" and d.religion == "Không"
    assert d.place_of_origin == citizen.place_of_origin
    assert d.place_of_residence == citizen.address
    assert d.issue_date == citizen.issue_date
    assert d.expiry_date == citizen.expiry_date
    assert d.no_expiry == (citizen.expiry_date is None)
    assert d.old_id_number == citizen.old_id_number
    assert d.notes == ()


@pytest.mark.parametrize("length", [1, 40, 126, 127, 128, 129, 200, 255, 256, 400, 5000])
def test_any_name_length(length: int) -> None:
    """The public positional parsers compare fixed length bytes; these lengths break them."""
    name = gen.long_name(length)
    d = ok(dg13(item(1, printable("001150004321")), item(2, utf8(name)), item(4, utf8("Nữ"))))
    assert d.full_name == name
    assert d.sex == "Nữ"
    assert d.id_number == "001150004321"


def test_field_order_does_not_matter() -> None:
    a = dg13(item(2, utf8("Trần Văn Tư")), item(1, printable("079062001234")))
    assert ok(a).id_number == "079062001234" and ok(a).full_name == "Trần Văn Tư"


def test_parents_and_spouse() -> None:
    d = ok(
        dg13(
            item(13, encode_tlv(0x30, utf8("Nguyễn Văn Cha")), encode_tlv(0x30, utf8("Lê Thị Mẹ"))),
            item(14, encode_tlv(0x30, utf8("Phạm Văn Chồng"))),
        )
    )
    assert (d.father_name, d.mother_name, d.spouse_name) == (
        "Nguyễn Văn Cha",
        "Lê Thị Mẹ",
        "Phạm Văn Chồng",
    )


def test_no_spouse_is_none() -> None:
    assert ok(dg13(bytes.fromhex("3003020 10e".replace(" ", "")))).spouse_name is None


def test_withheld_fields_are_none_never_garbage(caplog: pytest.LogCaptureFixture) -> None:
    secret = random.Random(1).randbytes(32)  # what a newer card's encrypted field looks like
    data = dg13(
        item(2, utf8("Nguyễn Thị Lan")),
        item(6, encode_tlv(0x0C, secret)),  # ethnicity: not UTF-8
        item(7, encode_tlv(0x04, secret)),  # religion: an OCTET STRING
        item(15, encode_tlv(0x13, b"\x01\x02garbage")),  # old ID: not 9 digits
        item(8, encode_tlv(0x0C, "Xã \x07Liên".encode())),  # control character
        item(9, encode_tlv(0x0C, "Số 1 Phố Х".encode())),  # a Cyrillic Х is not Vietnamese text
    )
    with caplog.at_level(logging.INFO, logger="kiosk.services.identity.dg13"):
        d = ok(data)
    assert d.full_name == "Nguyễn Thị Lan"
    assert d.ethnicity is None and d.religion is None and d.old_id_number is None
    assert d.place_of_origin is None and d.place_of_residence is None
    assert len(d.notes) == 5
    assert "field 6: invalid UTF-8" in caplog.text
    assert "Nguyễn" not in caplog.text  # never the values


def test_bad_dates_are_none() -> None:
    d = ok(dg13(item(3, printable("31/02/1950")), item(11, printable("2021-04-10"))))
    assert d.birth_date is None and d.issue_date is None
    assert ok(dg13(item(3, printable("15031950")))).birth_date == date(1950, 3, 15)


def test_unknown_and_repeated_items() -> None:
    d = ok(dg13(item(2, utf8("A")), item(2, utf8("B")), item(99, utf8("?")), encode_tlv(0x04, b"")))
    assert d.full_name == "A"
    assert any("repeated" in n for n in d.notes) and any("skipped" in n for n in d.notes)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        BA_LAN.dg13[:-1],
        BA_LAN.dg13 + b"\x00",
        encode_tlv(0x61, b""),
        BA_LAN.dg13[:1] + b"\x85" + BA_LAN.dg13[2:],
    ],
)
def test_broken_structure_is_malformed(data: bytes) -> None:
    result = parse_dg13(data)
    assert isinstance(result, IdentityError) and result.code is IdentityErrorCode.DG13_MALFORMED
