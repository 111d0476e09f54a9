"""Placing OCR text on the grid, field-type fixes, and the check-digit gate."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.mrz_ocr.repair import KINDS, Kind, fix_by_field, place, validate
from devices.mrz_ocr.synthetic import random_mrz
from devices.simulated.citizens import ANH_MINH, BA_LAN, CITIZENS

valid_mrzs = st.randoms(use_true_random=False).map(random_mrz)


def _fillers(lines: tuple[str, str, str]) -> tuple[tuple[bool, ...], ...]:
    return tuple(tuple(c == "<" for c in line) for line in lines)


def _ocr_text(lines: tuple[str, str, str]) -> tuple[str, str, str]:
    a, b, c = (line.replace("<", "") for line in lines)
    return a, b, c


def test_scripted_citizens_validate() -> None:
    for citizen in CITIZENS:
        assert not isinstance(validate(citizen.mrz), str), citizen.slug


@given(valid_mrzs)
def test_a_correct_read_is_placed_and_left_alone(lines: tuple[str, str, str]) -> None:
    placed = place(_ocr_text(lines), _fillers(lines))
    assert placed == lines
    assert fix_by_field(lines) == lines
    assert not isinstance(validate(lines), str)


def test_digit_fields_take_only_the_unambiguous_confusions() -> None:
    l1, l2, l3 = ANH_MINH.mrz
    misread = (l1[:5] + "O9Z" + l1[8:], l2.replace("91VNM", "9IVNM"), l3)
    assert fix_by_field(misread) == ANH_MINH.mrz


def test_name_line_digits_become_letters() -> None:
    l1, l2, l3 = BA_LAN.mrz
    assert fix_by_field((l1, l2, l3.replace("GUYEN", "GUY3N").replace("LAN", "1AN")))[2] == (
        l3.replace("LAN", "IAN").replace("GUYEN", "GUY3N")
    )


def test_a_letter_outside_the_confusion_table_is_not_guessed() -> None:
    l1, l2, l3 = ANH_MINH.mrz
    misread = (l1[:6] + "G" + l1[7:], l2, l3)  # G is not an unambiguous 6
    assert fix_by_field(misread)[0][6] == "G"
    assert isinstance(validate(fix_by_field(misread)), str)


@settings(max_examples=300)
@given(valid_mrzs, st.data())
def test_any_single_wrong_digit_fails_the_check_digits(
    lines: tuple[str, str, str], data: st.DataObject
) -> None:
    # every digit of lines 1–2 is under a 7-3-1 check digit, whose weights are coprime to 10
    spots = [
        (n, k)
        for n in (0, 1)
        for k in range(30)
        if KINDS[n][k] is Kind.DIGIT and lines[n][k].isdigit()
    ]
    n, k = data.draw(st.sampled_from(spots))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != lines[n][k]]))
    broken = list(lines)
    broken[n] = lines[n][:k] + wrong + lines[n][k + 1 :]
    assert isinstance(validate((broken[0], broken[1], broken[2])), str)


def test_place_reports_a_count_mismatch() -> None:
    lines = ANH_MINH.mrz
    a, b, c = _ocr_text(lines)
    assert isinstance(place((a + "1", b, c), _fillers(lines)), str)
    assert isinstance(place((a, b, c[:-1]), _fillers(lines)), str)


def test_name_line_shape_is_checked() -> None:
    l1, l2, _ = ANH_MINH.mrz
    for bad in ("<LE<<HOANG<MINH", "LE<<HOANG<<<MINH", "LE<<HOANG<MINH<<<X"):
        assert isinstance(validate((l1, l2, bad.ljust(30, "<"))), str), bad


def test_random_mrz_is_deterministic_for_a_seed() -> None:
    assert random_mrz(random.Random(3)) == random_mrz(random.Random(3))
