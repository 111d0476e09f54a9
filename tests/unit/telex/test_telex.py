"""Telex composition and tone placement: tables of real names and words, then properties."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.telex import (
    Tone,
    apply_tone,
    backspace,
    compose,
    fold,
    place_tone,
    strip_tone,
    tone_of,
    type_key,
)

TYPED = [
    ("Nguyeenx", "Nguyễn"),
    ("NGUYEENX", "NGUYỄN"),
    ("Traanf", "Trần"),
    ("Leex", "Lễ"),
    ("Phamj", "Phạm"),
    ("Hoangf", "Hoàng"),
    ("Dduwcs", "Đức"),
    ("Ddoox", "Đỗ"),
    ("Vux", "Vũ"),
    ("Vawn", "Văn"),
    ("Vaanw", "Văn"),  # â + w → ă
    ("Thij", "Thị"),
    ("Huyeenf", "Huyền"),
    ("Phuowng", "Phương"),
    ("Tuaans", "Tuấn"),
    ("Ngocj", "Ngọc"),
    ("Thanhf", "Thành"),
    ("Hoaf", "Hòa"),  # old style: tone on the first vowel of an open "oa"
    ("hoanf", "hoàn"),
    ("hoafn", "hoàn"),  # the tone moves when the final consonant arrives
    ("thuyr", "thủy"),
    ("khoer", "khỏe"),
    ("ngoaif", "ngoài"),
    ("nguwowif", "người"),
    ("truwowngf", "trường"),
    ("ruowuj", "rượu"),
    ("rwowuj", "rượu"),
    ("quoocs", "quốc"),
    ("quys", "quý"),  # qu is the initial: the tone goes on y
    ("gif", "gì"),
    ("giuwax", "giữa"),  # gi is the initial
    ("xoays", "xoáy"),
    ("khuyru", "khuỷu"),
    ("muwa", "mưa"),
    ("mwa", "mưa"),
    ("tooi", "tôi"),
    ("w", "ư"),
    ("Tw", "Tư"),
    ("uow", "ươ"),
    # typed twice: the mark comes off and the key is typed as a letter
    ("ass", "as"),
    ("aaa", "aa"),
    ("uww", "uw"),
    ("ddd", "dd"),
    ("asz", "a"),
    # letters without a vowel are left alone
    ("Nguyeenx Thij Lan", "Nguyễn Thị Lan"),
    ("Sown", "Sơn"),
    ("x", "x"),
    ("12 Hangf Bacj", "12 Hàng Bạc"),
]


@pytest.mark.parametrize(("keys", "text"), TYPED)
def test_telex_table(keys: str, text: str) -> None:
    assert compose(keys) == text


NEW_STYLE = [("hoaf", "hoà"), ("thuyr", "thuỷ"), ("khoer", "khoẻ"), ("hoanf", "hoàn")]


@pytest.mark.parametrize(("keys", "text"), NEW_STYLE)
def test_new_style_marks_the_main_vowel(keys: str, text: str) -> None:
    assert compose(keys, style="new") == text


PLACED = [
    ("Nguyên", Tone.NGA, "Nguyễn"),
    ("hoa", Tone.HUYEN, "hòa"),
    ("toan", Tone.SAC, "toán"),
    ("mua", Tone.HUYEN, "mùa"),
    ("tia", Tone.SAC, "tía"),
    ("giuong", Tone.HUYEN, "giuòng"),  # no shape marks: last vowel before the final
    ("giương", Tone.HUYEN, "giường"),
    ("qua", Tone.SAC, "quá"),
    ("gi", Tone.HUYEN, "gì"),
    ("uyên", Tone.HUYEN, "uyền"),
    ("Hòa", Tone.SAC, "Hóa"),  # replaces the tone
    ("Ng", Tone.SAC, "Ng"),  # no vowel: unchanged
]


@pytest.mark.parametrize(("word", "tone", "text"), PLACED)
def test_tone_placement(word: str, tone: Tone, text: str) -> None:
    assert place_tone(word, tone) == text


def test_tone_button_sets_replaces_and_removes() -> None:
    text = "Nguyên"
    text = apply_tone(text, Tone.NGA)
    assert text == "Nguyễn"
    assert apply_tone(text, Tone.SAC) == "Nguyến"
    assert apply_tone(text, Tone.NGA) == "Nguyên"  # the same tone again takes it off
    assert apply_tone("Thị Lan", Tone.SAC) == "Thị Lán"  # only the last word changes
    assert apply_tone("Lan ", Tone.SAC) == "Lan "  # after a space there is no word to mark


def test_backspace_drops_one_letter_with_its_marks() -> None:
    assert backspace("Nguyễn") == "Nguyễ"
    assert backspace("ễ") == ""
    assert backspace("") == ""


def test_fold_for_search_without_diacritics() -> None:
    assert fold("Đặng Thị Hường") == "dang thi huong"
    assert fold("PHƯỜNG BA ĐÌNH") == "phuong ba dinh"


# ---- properties ----------------------------------------------------------------------------

KEYS = st.sampled_from(list("abcdeghiklmnopqrstuvwxyzfjABDEGHNOSTUWXăâêôơưđĐ 0123456789-,."))
KEY_STRINGS = st.lists(KEYS, max_size=40).map("".join)


def words(text: str) -> list[str]:
    """Runs of letters: a space, digit or sign ends a word, as it does when typing."""
    return re.findall(r"[^\W\d_]+", text)


@given(KEY_STRINGS)
def test_typing_never_crashes_and_keeps_nfc_and_one_tone_per_word(keys: str) -> None:
    text = compose(keys)
    assert unicodedata.is_normalized("NFC", text)
    for word in words(text):
        tones = [
            c for c in unicodedata.normalize("NFD", word) if c in "\u0301\u0300\u0309\u0303\u0323"
        ]
        assert len(tones) <= 1, word


@given(KEY_STRINGS, st.sampled_from(list(Tone)))
def test_tone_button_twice_gives_back_the_toneless_word(keys: str, tone: Tone) -> None:
    text = compose(keys)
    last = text.rpartition(" ")[2]
    plain = text[: len(text) - len(last)] + strip_tone(last)
    once = apply_tone(plain, tone)
    assert apply_tone(once, tone) == plain
    assert fold(once) == fold(plain)  # a tone never changes the letters


@given(st.text(alphabet="aăâeêioôơuưybcdghklmnpqrstvx", max_size=8), st.sampled_from(list(Tone)))
def test_place_tone_is_idempotent_and_only_adds_a_tone(word: str, tone: Tone) -> None:
    once = place_tone(word, tone)
    assert place_tone(once, tone) == once
    assert strip_tone(once) == strip_tone(word)
    if any(c in "aăâeêioôơuưy" for c in word):
        assert tone_of(once) == tone


@given(st.lists(st.sampled_from(list("bcghklmnpqtvaeiouy ")), max_size=30).map("".join))
def test_text_without_telex_keys_is_typed_as_is(text: str) -> None:
    # no tone keys (s f r x j z), no w, no d, and no vowel twice in a word: nothing to compose
    for word in text.split():
        for vowel in "aeo":
            if word.count(vowel) > 1:
                return
    assert compose(text) == text


@given(KEY_STRINGS)
def test_backspace_removes_exactly_one_character(keys: str) -> None:
    text = compose(keys)
    if text:
        assert backspace(text) == text[:-1]
    assert type_key(text, " ") == text + " "
