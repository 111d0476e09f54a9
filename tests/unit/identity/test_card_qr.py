"""The card QR: every layout and scanner quirk of vn-formats.md §1.2–1.3, and every error code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given

from kiosk.services.identity.card_qr import (
    CardQr,
    QrVariant,
    format_card_qr,
    parse_card_qr,
    parse_ddmmyyyy,
    validate_id_number,
)
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.id_number import century_sex_digit
from tests.unit.identity.strategies import card_qrs, mutated_text

# Synthetic payloads from the research notes (no real person).
CCCD_7 = (
    "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|"
    "Số 12 Ngõ 34, Phường Trúc Bạch, Quận Ba Đình, Hà Nội|15062021"
)
NO_OLD_ID = "079201012345||NGUYỄN VĂN A|01012001|Nam|Số 1 Đường X, Phường Y, Thành phố Z|15032022"
CAN_CUOC_2024 = "001189012346|123456789|Trần Thị Bình|02021989|Nữ|Thôn 3, Xã Q, Tỉnh R|23092024||||"


def ok(text: str) -> CardQr:
    result = parse_card_qr(text)
    assert isinstance(result, CardQr), result
    return result


def error(text: str) -> IdentityError:
    result = parse_card_qr(text)
    assert isinstance(result, IdentityError), result
    return result


def test_seven_field_cccd() -> None:
    qr = ok(CCCD_7)
    assert qr.id_number == "001089012345"
    assert qr.old_id == "123456789"
    assert qr.full_name == "Nguyễn Văn Án"
    assert qr.birth_date == date(1989, 1, 1)
    assert qr.sex == "Nam"
    assert qr.address.startswith("Số 12 Ngõ 34")
    assert qr.issue_date == date(2021, 6, 15)
    assert qr.variant is QrVariant.CCCD_2021
    assert qr.quirks == ()


def test_missing_old_id_is_none_and_fields_do_not_shift() -> None:
    qr = ok(NO_OLD_ID)
    assert qr.old_id is None
    assert qr.full_name == "NGUYỄN VĂN A"
    assert qr.birth_date == date(2001, 1, 1)


def test_2024_card_with_trailing_empty_fields() -> None:
    qr = ok(CAN_CUOC_2024)
    assert qr.variant is QrVariant.CAN_CUOC_2024
    assert qr.extra_fields == ("", "", "", "")
    assert qr.sex == "Nữ"
    assert qr.issue_date == date(2024, 9, 23)


def test_unknown_extra_fields_are_kept_not_interpreted() -> None:
    qr = ok(CCCD_7 + "|x|y")
    assert qr.extra_fields == ("x", "y")
    assert qr.full_name == "Nguyễn Văn Án"


@pytest.mark.parametrize(
    ("text", "quirk"),
    [
        ("\ufeff" + CCCD_7, "BOM"),
        (CCCD_7 + "\r\n", None),
        ("  " + CCCD_7 + "\t", None),
        (CCCD_7 + CCCD_7, "repeated"),
        (CCCD_7 + "\n" + CCCD_7 + "\n", "several lines"),
        ("]Q1" + CCCD_7, "AIM"),
        ("]Q1" + CCCD_7 + "\r\n]Q1" + CCCD_7, "several lines"),
        ("Mã: " + CCCD_7, "leading"),
    ],
)
def test_scanner_quirks_are_undone(text: str, quirk: str | None) -> None:
    qr = ok(text)
    assert qr.full_name == "Nguyễn Văn Án"
    assert qr.id_number == "001089012345"
    if quirk:
        assert any(quirk in q for q in qr.quirks), qr.quirks


def test_cp1252_mojibake_from_a_wedge_scanner_is_repaired() -> None:
    raw = CCCD_7.encode("utf-8")
    mangled = "".join(
        bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b)
        for b in raw
    )
    assert "Nguyá" in mangled
    qr = ok(mangled)
    assert qr.full_name == "Nguyễn Văn Án"
    assert "cp1252 mojibake repaired" in qr.quirks


def test_decomposed_unicode_from_an_input_method_is_composed() -> None:
    import unicodedata

    qr = ok(unicodedata.normalize("NFD", CCCD_7))
    assert qr.full_name == "Nguyễn Văn Án"


def test_spaces_around_fields_and_inside_names_are_tidied() -> None:
    qr = ok(CCCD_7.replace("|Nguyễn Văn Án|", "|  Nguyễn   Văn Án |"))
    assert qr.full_name == "Nguyễn Văn Án"


@pytest.mark.parametrize("sex", ["NAM", "nam", "Nam "])
def test_sex_case_from_caps_lock(sex: str) -> None:
    assert ok(CCCD_7.replace("|Nam|", f"|{sex}|")).sex == "Nam"


def test_serial_firmware_that_drops_the_horn_still_gives_female() -> None:
    assert ok(CAN_CUOC_2024.replace("|Nữ|", "|Nu|")).sex == "Nữ"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", IdentityErrorCode.QR_NOT_A_CARD),
        ("https://dichvucong.gov.vn/p/home", IdentityErrorCode.QR_NOT_A_CARD),
        (
            "001089012345|Nguyễn Văn Án|01011989|Nam|Hà Nội|15062021",
            IdentityErrorCode.QR_NOT_A_CARD,
        ),
        (CCCD_7 + "\n" + NO_OLD_ID, IdentityErrorCode.QR_UNREADABLE),
        (CCCD_7.replace("Án", "A\ufffdn"), IdentityErrorCode.QR_UNREADABLE),
        (CCCD_7.replace("Án", "A\x07n"), IdentityErrorCode.QR_UNREADABLE),
        (CCCD_7.replace("|123456789|", "|12345678|"), IdentityErrorCode.BAD_ID_NUMBER),
        (CCCD_7.replace("001089", "999089"), IdentityErrorCode.BAD_ID_NUMBER),
        (CCCD_7.replace("001089", "001189"), IdentityErrorCode.BAD_ID_NUMBER),  # female digit
        (CCCD_7.replace("001089", "001289"), IdentityErrorCode.BAD_ID_NUMBER),  # 21st century
        (CCCD_7.replace("001089", "001088"), IdentityErrorCode.BAD_ID_NUMBER),  # year digits
        (CCCD_7.replace("01011989", "31021989"), IdentityErrorCode.BAD_DATE),
        (CCCD_7.replace("01011989", "1011989"), IdentityErrorCode.BAD_DATE),
        (CCCD_7.replace("01011989", "01/01/1989"), IdentityErrorCode.BAD_DATE),
        (CCCD_7.replace("15062021", "15062O21"), IdentityErrorCode.BAD_DATE),
        (CCCD_7.replace("15062021", "15061988"), IdentityErrorCode.BAD_DATE),  # before birth
        (CCCD_7.replace("01011989", "01011889"), IdentityErrorCode.BAD_DATE),
        (CCCD_7.replace("|Nam|", "|M|"), IdentityErrorCode.BAD_SEX),
    ],
)
def test_error_codes(text: str, code: IdentityErrorCode) -> None:
    err = error(text)
    assert err.code is code
    assert err.prompt_id.startswith("identity.")
    assert "Nguyễn" not in err.detail and "001089012345" not in err.detail


def test_non_text_input_is_an_error_not_an_exception() -> None:
    assert error(42).code is IdentityErrorCode.QR_UNREADABLE  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01011989", date(1989, 1, 1)),
        ("29022000", date(2000, 2, 29)),
        ("29021900", None),
        ("00012000", None),
        ("01132000", None),
        ("０１０１１９８９", None),  # full-width digits are digits to str.isdigit, not to us
        ("0101198", None),
        ("01011899", None),
    ],
)
def test_strict_ddmmyyyy(text: str, expected: date | None) -> None:
    assert parse_ddmmyyyy(text) == expected


@pytest.mark.parametrize(
    ("number", "born", "sex", "valid"),
    [
        ("001089012345", date(1989, 1, 1), "Nam", True),
        ("001189012345", date(1989, 1, 1), "Nữ", True),
        ("079201012345", date(2001, 1, 1), "Nam", True),
        ("079301012345", date(2001, 1, 1), "Nữ", True),
        ("079201012345", date(1901, 1, 1), "Nam", False),
        ("001089012345", date(1989, 1, 1), "Nữ", False),
        ("003089012345", None, None, False),  # no province 003
        ("00108901234", None, None, False),
        ("00108901234x", None, None, False),
        ("096089012345", None, None, True),
    ],
)
def test_validate_id_number(number: str, born: date | None, sex: str | None, valid: bool) -> None:
    result = validate_id_number(number, birth_date=born, sex=sex)
    assert (result is None) == valid, result
    if result is not None:
        assert result.code is IdentityErrorCode.BAD_ID_NUMBER


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [(1950, "Nam", "0"), (1950, "Nữ", "1"), (2010, "Nam", "2"), (2101, "Nữ", "5")],
)
def test_century_sex_digit(year: int, sex: str, digit: str) -> None:
    assert century_sex_digit(year, sex) == digit


# --- properties (the 10 000-input fuzz of this parser is in test_fuzz.py) ---------------------


@given(card_qrs())
def test_round_trip(qr: CardQr) -> None:
    assert parse_card_qr(format_card_qr(qr)) == qr


@given(mutated_text(card_qrs().map(format_card_qr)))
def test_mutations_give_a_card_or_a_typed_error(text: str) -> None:
    result = parse_card_qr(text)
    assert isinstance(result, CardQr | IdentityError)
    if isinstance(result, IdentityError):
        assert "parser failure" not in result.detail, result.detail


@given(card_qrs())
def test_a_changed_birth_year_is_caught_by_the_id_digits(qr: CardQr) -> None:
    other = replace(qr, birth_date=qr.birth_date.replace(year=qr.birth_date.year + 1, day=1))
    assert isinstance(parse_card_qr(format_card_qr(other)), IdentityError)
