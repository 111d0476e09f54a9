"""check_answer: each rule and the prompt id of its polite spoken fix; properties where they fit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.address import Address, Commune, Province
from kiosk.domain.procedure import FormField
from kiosk.services.procedures import validation as v
from kiosk.services.procedures.validation import anniversary, check_answer, normalise_phone

TODAY = date(2026, 11, 23)


def field(kind: str, **extra: Any) -> FormField:
    return msgspec.convert({"id": "f", "kind": kind, "question": "Câu hỏi?", **extra}, FormField)


def rule(kind: str, **validation: Any) -> FormField:
    return field(kind, validation=validation)


# --- required ---------------------------------------------------------------------------------


@pytest.mark.parametrize("empty", [None, "", "   ", "\t"])
def test_required_answer_missing(empty: object) -> None:
    assert check_answer(rule("text"), empty, TODAY) == v.REQUIRED
    assert check_answer(rule("text", required=False), empty, TODAY) is None


# --- text: length and pattern ------------------------------------------------------------------


def test_length_rules() -> None:
    f = rule("text", min_length=2, max_length=5)
    assert check_answer(f, "A", TODAY) == v.TOO_SHORT
    assert check_answer(f, "Ánh", TODAY) is None
    assert check_answer(f, "Nguyễn", TODAY) == v.TOO_LONG
    assert check_answer(f, "  Lan  ", TODAY) is None  # surrounding spaces do not count


@given(st.text(min_size=0, max_size=30).filter(lambda s: s.strip()))
def test_length_rule_matches_the_stripped_length(text: str) -> None:
    f = rule("text", min_length=3, max_length=10)
    n = len(text.strip())
    expected = v.TOO_SHORT if n < 3 else v.TOO_LONG if n > 10 else None
    assert check_answer(f, text, TODAY) == expected


def test_pattern_must_match_the_whole_answer() -> None:
    f = rule("text", pattern=r"[^\d]+")  # a name: no digits
    assert check_answer(f, "Nguyễn Văn An", TODAY) is None
    assert check_answer(f, "Nguyễn Văn 4n", TODAY) == v.PATTERN
    assert check_answer(f, 42, TODAY) == v.PATTERN  # not text at all


# --- dates ---------------------------------------------------------------------------------------


def test_dates_in_the_past_only() -> None:
    f = rule("date", past_only=True)
    assert check_answer(f, TODAY, TODAY) is None
    assert check_answer(f, TODAY + timedelta(days=1), TODAY) == v.DATE_IN_FUTURE
    assert check_answer(f, "2026-11-23", TODAY) == v.NOT_A_DATE
    assert check_answer(f, datetime(2026, 1, 1, 9, 0), TODAY) == v.NOT_A_DATE


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_past_only_property(d: date) -> None:
    result = check_answer(rule("date", past_only=True), d, TODAY)
    assert (result == v.DATE_IN_FUTURE) == (d > TODAY)
    assert result in (None, v.DATE_IN_FUTURE)


def test_minimum_age_on_the_birthday() -> None:
    f = rule("date", min_age_years=18)
    assert check_answer(f, date(2008, 11, 23), TODAY) is None  # 18 today
    assert check_answer(f, date(2008, 11, 24), TODAY) == v.TOO_YOUNG  # 18 tomorrow


def test_minimum_age_for_a_leap_day_birthday() -> None:
    f = rule("date", min_age_years=18)
    assert check_answer(f, date(2008, 2, 29), date(2026, 2, 28)) is None
    assert check_answer(f, date(2008, 2, 29), date(2026, 2, 27)) == v.TOO_YOUNG


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 23)),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(min_value=0, max_value=100),
)
def test_minimum_age_property(born: date, today: date, years: int) -> None:
    result = check_answer(rule("date", min_age_years=years), born, today)
    birthday = (born.month, born.day)
    if birthday == (2, 29) and not _leap(today.year):
        birthday = (2, 28)  # a leap-day birthday is kept on 28 February in common years
    age = today.year - born.year - (0 if (today.month, today.day) >= birthday else 1)
    assert (result == v.TOO_YOUNG) == (age < years)
    assert (anniversary(born, years) <= today) == (result is None)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def test_maximum_age_in_days() -> None:
    f = rule("date", past_only=True, max_age_days=60)
    assert check_answer(f, TODAY - timedelta(days=60), TODAY) is None
    assert check_answer(f, TODAY - timedelta(days=61), TODAY) == v.TOO_LONG_AGO


# --- numbers -------------------------------------------------------------------------------------


def test_number_range_and_form() -> None:
    f = rule("number", min_value=1, max_value=20)
    assert check_answer(f, 1, TODAY) is None
    assert check_answer(f, "20", TODAY) is None
    assert check_answer(f, 0, TODAY) == v.NUMBER_TOO_SMALL
    assert check_answer(f, "21", TODAY) == v.NUMBER_TOO_LARGE
    assert check_answer(f, "2a", TODAY) == v.NOT_A_NUMBER
    assert check_answer(f, "٣", TODAY) == v.NOT_A_NUMBER  # a non-ASCII digit
    assert check_answer(f, True, TODAY) == v.NOT_A_NUMBER
    assert check_answer(f, 2.5, TODAY) == v.NOT_A_NUMBER


@given(st.integers(min_value=-1000, max_value=1000))
def test_number_range_property(n: int) -> None:
    result = check_answer(rule("number", min_value=1, max_value=20), n, TODAY)
    expected = v.NUMBER_TOO_SMALL if n < 1 else v.NUMBER_TOO_LARGE if n > 20 else None
    assert result == expected


# --- ID number and phone -----------------------------------------------------------------------


def test_id_number_format() -> None:
    f = field("id_number")
    assert check_answer(f, "001056012345", TODAY) is None
    assert check_answer(f, " 001056012345 ", TODAY) is None
    assert check_answer(f, "00105601234", TODAY) == v.ID_NUMBER  # 11 digits
    assert check_answer(f, "0010560123456", TODAY) == v.ID_NUMBER  # 13 digits
    assert check_answer(f, "00105601234a", TODAY) == v.ID_NUMBER
    assert check_answer(f, "003056012345", TODAY) == v.ID_NUMBER  # no province 003


@given(st.text(alphabet="0123456789", min_size=0, max_size=14))
def test_id_number_must_be_12_digits(digits: str) -> None:
    result = check_answer(field("id_number"), digits, TODAY)
    if len(digits) != 12:
        assert result == (v.REQUIRED if not digits else v.ID_NUMBER)


def test_phone_numbers() -> None:
    f = field("phone")
    for ok in ("0912345678", "091 234 5678", "+84 912 345 678", "84912345678", "02438253535"):
        assert check_answer(f, ok, TODAY) is None, ok
    for bad in ("091234567", "1912345678", "0112345678", "09123456789", "số máy"):
        assert check_answer(f, bad, TODAY) == v.PHONE, bad
    assert normalise_phone("+84 912.345.678") == "0912345678"


@given(st.from_regex(r"0[35789]\d{8}", fullmatch=True))
def test_every_mobile_number_is_accepted(number: str) -> None:
    assert check_answer(field("phone"), number, TODAY) is None
    assert normalise_phone("+84" + number[1:]) == number


# --- choices, yes/no, addresses -----------------------------------------------------------------


def test_choice_must_be_one_of_the_choices() -> None:
    f = field("choice", choices=[{"value": "a", "label": "A"}, {"value": "2", "label": "2 bản"}])
    assert check_answer(f, "a", TODAY) is None
    assert check_answer(f, "2", TODAY) is None
    assert check_answer(f, "b", TODAY) == v.CHOICE
    assert check_answer(f, 2, TODAY) == v.CHOICE


def test_yes_no() -> None:
    f = field("yes_no")
    for ok in (True, False, "yes", "no"):
        assert check_answer(f, ok, TODAY) is None
    assert check_answer(f, "maybe", TODAY) == v.YES_NO


def test_address_must_be_an_address() -> None:
    hn = Province("01", "Thành phố Hà Nội")
    address = Address(hn, Commune("00004", "Phường Ba Đình", "01", "phuong"))
    assert check_answer(field("address"), address, TODAY) is None
    assert check_answer(field("address"), "Ba Đình, Hà Nội", TODAY) == v.ADDRESS


@given(st.one_of(st.none(), st.text(max_size=20), st.integers(), st.dates(), st.booleans()))
def test_every_answer_gets_none_or_a_known_prompt(value: object) -> None:
    kinds = ["text", "date", "number", "id_number", "phone", "yes_no", "address"]
    for kind in kinds:
        result = check_answer(field(kind), value, TODAY)
        assert result is None or result in v.PROMPT_IDS
