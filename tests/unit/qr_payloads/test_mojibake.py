"""repair_mojibake(): UTF-8 read as cp1252, Latin-1 or Shift-JIS comes back; correct text stays."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kiosk.services.qr_payloads import repair_mojibake
from tests.unit.identity.strategies import LETTERS, words

# Round trips are cheap to state but each example spans several codecs: 1 000 names per codec
# (the 10 000-example bar is the classifier's, in test_fuzz.py).
ROUND_TRIPS = settings(
    max_examples=1_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def as_cp1252(text: str) -> str:
    """What a Windows tool shows: cp1252, its five undefined bytes as C1 controls."""
    raw = text.encode("utf-8")
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw)


CASES = [
    ("NguyÃ¡Â»â€¦n", "Nguyễn"),  # mis-decoded twice
    ("Nguyá»…n", "Nguyễn"),
    ("HoÃ\xa0ng", "Hoàng"),  # device-peers §5: zbar's guess
    ("Vﾃｵ ﾄ雪ｻｩc", "Võ Đức"),  # device-peers §5: read as Shift-JIS
    ("Ná»¯", "Nữ"),
]


@pytest.mark.parametrize(("garbled", "text"), CASES)
def test_known_mojibake_is_repaired(garbled: str, text: str) -> None:
    assert repair_mojibake(garbled) == text


@pytest.mark.parametrize(
    "text",
    ["Nguyễn Văn Án", "Hoàng", "ASCII only", "Ã", "NGÃ Tư", "Café ©", "", "東京", "Ð¾"],
)
def test_correct_or_foreign_text_is_left_alone(text: str) -> None:
    assert repair_mojibake(text) == text


def test_bytes_are_utf8_first() -> None:
    assert repair_mojibake("Trần".encode()) == "Trần"
    assert repair_mojibake(b"Tr\xff") == "Tr\ufffd"


names = words(1, 5)


@ROUND_TRIPS
@given(names)
def test_cp1252_round_trip(name: str) -> None:
    assert repair_mojibake(as_cp1252(name)) == name


@ROUND_TRIPS
@given(names)
def test_latin1_round_trip(name: str) -> None:
    assert repair_mojibake(name.encode("utf-8").decode("latin-1")) == name


@ROUND_TRIPS
@given(names)
def test_double_cp1252_round_trip(name: str) -> None:
    assert repair_mojibake(as_cp1252(as_cp1252(name))) == name


@settings(
    max_examples=1_000,
    deadline=None,
    # most names are not valid Shift-JIS once garbled: filtering them out is the point
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(names)
def test_shift_jis_round_trip(name: str) -> None:
    try:
        garbled = name.encode("utf-8").decode("shift_jis")
    except UnicodeDecodeError:
        assume(False)  # zbar would not have produced it either
        return
    assume(any(c in LETTERS and not c.isascii() for c in name))
    assert repair_mojibake(garbled) == name


@ROUND_TRIPS
@given(names)
def test_correct_names_never_change(name: str) -> None:
    assert repair_mojibake(name) == name


@ROUND_TRIPS
@given(st.text(max_size=80))
def test_any_text_never_raises(text: str) -> None:
    assert isinstance(repair_mojibake(text), str)
