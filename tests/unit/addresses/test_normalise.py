"""Properties of the text folding that lets citizens type without diacritics."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.addresses.normalise import fold, unit_key

VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
words = st.text(alphabet=VIETNAMESE, min_size=1, max_size=8)
phrases = st.lists(words, min_size=1, max_size=4).map(" ".join)


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@given(st.text(max_size=60))
def test_fold_is_idempotent_and_plain_ascii(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert re.fullmatch(r"(?:[0-9a-z]+(?: [0-9a-z]+)*)?", folded), folded


@given(phrases)
def test_case_accents_and_composition_do_not_matter(phrase: str) -> None:
    expected = fold(phrase)
    assert fold(phrase.upper()) == expected
    assert fold(strip_marks(phrase)) == expected
    assert fold(unicodedata.normalize("NFD", phrase)) == expected
    assert fold(f"  {phrase.title()} ,. ") == expected


@given(
    phrases,
    st.sampled_from(
        [
            "Phường ",
            "Xã ",
            "Quận ",
            "Huyện ",
            "Tỉnh ",
            "Thành phố ",
            "Thị trấn ",
            "Thị xã ",
            "Đặc khu ",
            "TP. ",
            "P. ",
            "Q. ",
            "H. ",
        ]
    ),
)
def test_kind_words_and_abbreviations_do_not_matter(name: str, kind: str) -> None:
    assert unit_key(kind + name) == unit_key(name) or fold(name).split()[0] in {
        "phuong", "xa", "quan", "huyen", "tinh", "thanh", "thi", "dac", "tp", "tx", "tt"
    }  # fmt: skip


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=2))
def test_numbered_wards_ignore_leading_zeros(n: int, zeros: int) -> None:
    assert unit_key(f"Phường {'0' * zeros}{n}") == unit_key(f"P.{n}") == str(n)
    assert unit_key(f"Quận {n}") == unit_key(f"Q{n}") == str(n)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("TP. Hồ Chí Minh", "ho chi minh"),
        ("TP HCM", "ho chi minh"),
        ("Tỉnh Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("Xã H'Bông", "h bong"),  # a name with an apostrophe, not "Huyện Bông"
        ("H'Bông", "h bong"),
        ("Xã", "xa"),  # never empty
        ("Phường Đồng Xuân", "dong xuan"),
    ],
)
def test_unit_keys(text: str, key: str) -> None:
    assert unit_key(text) == key


@given(st.text(max_size=40) | phrases)
def test_fast_fold_equals_the_plain_definition(text: str) -> None:
    reference = re.sub(r"[^0-9a-z]+", " ", strip_marks(text).casefold())
    reference = re.sub(r"[^0-9a-z]+", " ", strip_marks(unicodedata.normalize("NFC", reference)))
    assert fold(text) == reference.strip()
