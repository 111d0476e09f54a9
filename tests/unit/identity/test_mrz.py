"""TD1 MRZ and EF.DG1, checked against ICAO 9303 specimens and the PyPI `mrz` package."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mrz.base.functions import hash_string
from mrz.checker.td1 import TD1CodeChecker
from mrz.generator.td1 import TD1CodeGenerator

from devices.simulated.citizens import CITIZENS, SimulatedCitizen
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.mrz import (
    Mrz,
    check_digit,
    dg1_from_lines,
    format_td1,
    parse_dg1,
    parse_td1,
    td1_lines,
)
from kiosk.services.identity.tlv import encode_tlv
from tests.unit.identity.strategies import vn_td1

SPECIMEN = (  # ICAO 9303 Part 5, TD1 specimen (Utopia)
    "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"
)
VN_SAMPLE = (  # research/vn-formats.md §2.4, synthetic, check digits computed there
    "IDVNM2010123458079201012345<<8\n0101011M2601010VNM<<<<<<<<<<<8\nNGUYEN<<VAN<A<<<<<<<<<<<<<<<<<"
)
MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"


def ok(text: str) -> Mrz:
    result = parse_td1(text)
    assert isinstance(result, Mrz), result
    return result


def error(text: str) -> IdentityError:
    result = parse_td1(text)
    assert isinstance(result, IdentityError), result
    return result


@pytest.mark.parametrize(
    ("field", "digit"),
    [
        ("L898902C3", "6"),
        ("740812", "2"),
        ("120415", "9"),
        ("ZE184226B<<<<<", "1"),
        ("L898902C3674081221204159ZE184226B<<<<<1", "0"),
        ("L898902C<", "3"),
        ("690806", "1"),
        ("940623", "6"),
        ("", "0"),
    ],
)
def test_check_digit_icao_worked_examples(field: str, digit: str) -> None:
    assert check_digit(field) == digit


@given(st.text(MRZ_ALPHABET, max_size=40))
def test_check_digit_agrees_with_the_pypi_mrz_package(field: str) -> None:
    assert check_digit(field) == str(hash_string(field))


def test_check_digit_refuses_non_mrz_characters() -> None:
    with pytest.raises(ValueError, match="not an MRZ character"):
        check_digit("abc")


def test_icao_specimen() -> None:
    mrz = ok(SPECIMEN)
    assert mrz.document_code == "I" and mrz.issuing_state == "UTO"
    assert mrz.document_number == "D23145890"
    assert mrz.birth_date == date(1974, 8, 12) and mrz.expiry_date == date(2012, 4, 15)
    assert mrz.sex == "F" and mrz.nationality == "UTO"
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.id_number is None
    assert format_td1(mrz) == SPECIMEN


def test_vietnamese_sample() -> None:
    mrz = ok(VN_SAMPLE)
    assert mrz.document_number == "201012345"
    assert mrz.id_number == "079201012345"
    assert mrz.birth_date == date(2001, 1, 1)  # century from the ID's digit 2, not a pivot
    assert mrz.expiry_yymmdd == "260101" and mrz.expiry_date == date(2026, 1, 1)
    assert mrz.name == "NGUYEN VAN A"
    assert format_td1(mrz) == VN_SAMPLE


def test_birth_century_comes_from_the_id_digit() -> None:
    lines = td1_lines(
        document_number="150004321",
        optional_data_1="001150004321<<" + check_digit("001150004321"),
        birth_date="500315",
        sex="F",
        expiry_date="991231",
        name="NGUYEN<<THI<LAN",
    )
    mrz = ok("\n".join(lines))
    assert mrz.birth_date == date(1950, 3, 15)
    assert mrz.expiry_date == date(2099, 12, 31)


def test_filler_expiry_means_none() -> None:
    lines = td1_lines(
        document_number="150004321",
        optional_data_1="001150004321<<" + check_digit("001150004321"),
        birth_date="500315",
        sex="F",
        expiry_date="<<<<<<",
        name="NGUYEN<<THI<LAN",
    )
    mrz = ok("\n".join(lines))
    assert mrz.expiry_yymmdd is None and mrz.expiry_date is None
    assert format_td1(mrz) == "\n".join(lines)


@pytest.mark.parametrize(
    "text",
    [
        VN_SAMPLE.replace("\n", "\r\n") + "\r\n",
        "  " + VN_SAMPLE.replace("<<8\n", "<< 8\n  ") + "  ",  # OCR spaces inside a line
        VN_SAMPLE.replace("\n", ""),  # one long line
        VN_SAMPLE.replace("\n", "").replace("<<8", "<<8\n", 1)[:29]
        + "\n"
        + VN_SAMPLE.replace("\n", "")[29:],
        "\ufeff" + VN_SAMPLE,
    ],
)
def test_whitespace_from_ocr_is_tolerated(text: str) -> None:
    assert format_td1(ok(text)) == VN_SAMPLE


L1, L2, L3 = VN_SAMPLE.split("\n")


def swap(line: str, i: int, char: str) -> str:
    return line[:i] + char + line[i + 1 :]


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ((swap(L1, 14, "9"), L2, L3), IdentityErrorCode.MRZ_CHECK_DIGIT),  # document number
        ((L1, swap(L2, 6, "2"), L3), IdentityErrorCode.MRZ_CHECK_DIGIT),  # birth date
        ((L1, swap(L2, 14, "1"), L3), IdentityErrorCode.MRZ_CHECK_DIGIT),  # expiry
        ((L1, swap(L2, 29, "9"), L3), IdentityErrorCode.MRZ_CHECK_DIGIT),  # composite
        ((swap(L1, 29, "9"), L2, L3), IdentityErrorCode.MRZ_CHECK_DIGIT),  # the 12-digit ID
        ((swap(L1, 6, "O"), L2, L3), IdentityErrorCode.MRZ_CHECK_DIGIT),  # O for 0: not corrected
        ((L1.lower(), L2, L3), IdentityErrorCode.MRZ_FORMAT),
        ((L1[:-1], L2, L3), IdentityErrorCode.MRZ_FORMAT),
        ((L1, L2), IdentityErrorCode.MRZ_FORMAT),
        ((swap(L1, 0, "P"), L2, L3), IdentityErrorCode.MRZ_FORMAT),  # a passport line
        ((L1, L2, swap(L3, 25, "K")), IdentityErrorCode.MRZ_FORMAT),  # noise in the padding
        ((L1, L2, swap(L3, 2, "4")), IdentityErrorCode.MRZ_FORMAT),
        ((L1, swap(L2, 7, "Q"), L3), IdentityErrorCode.MRZ_FORMAT),  # sex is in no check digit
        ((L1, L2, "Ñ" + L3[1:]), IdentityErrorCode.MRZ_FORMAT),
        ((), IdentityErrorCode.MRZ_FORMAT),
    ],
)
def test_error_codes(lines: tuple[str, ...], code: IdentityErrorCode) -> None:
    assert error("\n".join(lines)).code is code


def _rebuild(**fields: str) -> str:
    base = {
        "document_number": "201012345",
        "optional_data_1": "079201012345<<8",
        "birth_date": "010101",
        "sex": "M",
        "expiry_date": "260101",
        "name": "NGUYEN<<VAN<A",
    }
    return "\n".join(td1_lines(**{**base, **fields}))


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"birth_date": "011301"}, IdentityErrorCode.BAD_DATE),
        ({"expiry_date": "260230"}, IdentityErrorCode.BAD_DATE),
        ({"document_number": "201012346"}, IdentityErrorCode.MRZ_FORMAT),  # not the ID's last 9
        ({"birth_date": "020101"}, IdentityErrorCode.MRZ_FORMAT),  # ID says born '01
        ({"sex": "<"}, None),
    ],
)
def test_consistent_check_digits_but_bad_content(fields: dict[str, str], code: object) -> None:
    result = parse_td1(_rebuild(**fields))
    if code is None:
        assert isinstance(result, Mrz)
    else:
        assert isinstance(result, IdentityError) and result.code is code


def test_long_document_number_continues_in_optional_data() -> None:
    # ICAO 9303 Part 5 §4.2.2.1 note: a '<' check digit position means "continued".
    doc, extra = "D23145890", "1234"
    cd = check_digit(doc + extra)
    line1 = f"I<UTO{doc}<{extra}{cd}".ljust(30, "<")
    line2 = "7408122F1204159UTO<<<<<<<<<<<"
    line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    mrz = ok("\n".join((line1, line2, "ERIKSSON<<ANNA<MARIA".ljust(30, "<"))))
    assert mrz.document_number == doc + extra


# --- the PyPI mrz package as an outside reference ------------------------------------------------

_names = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)
_dates = st.dates(date(1930, 1, 1), date(2029, 12, 31)).map(lambda d: d.strftime("%y%m%d"))


@given(
    doc=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=9, max_size=9),
    birth=_dates,
    expiry=_dates,
    sex=st.sampled_from("MF"),
    surname=_names,
    given_names=_names,
    optional=st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", max_size=10),
)
def test_random_mrz_from_the_pypi_generator_parses(
    doc: str, birth: str, expiry: str, sex: str, surname: str, given_names: str, optional: str
) -> None:
    code = str(
        TD1CodeGenerator(
            "ID", "VNM", doc, birth, sex, expiry, "VNM", surname, given_names, optional
        )
    )
    mrz = ok(code)
    assert (mrz.document_number, mrz.birth_yymmdd, mrz.expiry_yymmdd) == (doc, birth, expiry)
    assert (mrz.sex, mrz.surname, mrz.given_names) == (sex, surname, given_names)
    assert format_td1(mrz) == code


@given(vn_td1())
def test_our_mrz_passes_the_pypi_checkers_check_digits(text: str) -> None:
    # Its date checks use its own two-digit-year pivot (it reads 991231 as 1999), so only its
    # verdict on the check digits is compared.
    checker = TD1CodeChecker(text, compute_warnings=True)
    assert not [e for e in checker.report.errors if "hash" in e], checker.report.errors
    assert isinstance(parse_td1(text), Mrz)


# --- EF.DG1 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_dg1_of_the_simulated_citizens(citizen: SimulatedCitizen) -> None:
    mrz = parse_dg1(citizen.card.data_groups["DG1"])
    assert isinstance(mrz, Mrz)
    assert mrz.id_number == citizen.id_number
    assert mrz.birth_date == citizen.birth_date
    assert dg1_from_lines(citizen.mrz) == citizen.card.data_groups["DG1"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", IdentityErrorCode.CHIP_UNREADABLE),
        (b"\x61\x06\x5f\x1f\x02AB", IdentityErrorCode.CHIP_UNREADABLE),  # length overruns
        (encode_tlv(0x6D, b""), IdentityErrorCode.CHIP_UNREADABLE),  # DG13, not DG1
        (encode_tlv(0x61, encode_tlv(0x5F1F, b"P<UTO" + b"<" * 83)), IdentityErrorCode.MRZ_FORMAT),
        (encode_tlv(0x61, encode_tlv(0x5F1F, "Ñ".encode() * 45)), IdentityErrorCode.MRZ_FORMAT),
        (
            encode_tlv(
                0x61, encode_tlv(0x5F1F, VN_SAMPLE.replace("\n", "").replace("8", "9").encode())
            ),
            IdentityErrorCode.MRZ_CHECK_DIGIT,
        ),
    ],
)
def test_dg1_errors(data: bytes, code: IdentityErrorCode) -> None:
    result = parse_dg1(data)
    assert isinstance(result, IdentityError) and result.code is code, result
