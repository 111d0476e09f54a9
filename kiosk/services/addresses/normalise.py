"""Fold Vietnamese text for matching: no diacritics, no case, no punctuation, single spaces.

Citizens (and staff) type "dang ky thuong tru" or "ba dinh"; printed papers say "Đăng ký thường
trú" and "Phường Ba Đình". Both sides are folded the same way before comparing. "đ" is not a
combining mark in Unicode, so it is mapped to "d" by hand.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[^0-9a-z]+")
_LEADING_ZEROS = re.compile(r"\b0+(\d)")

# Unit words that come before a name ("Phường Bến Nghé", "TP. Hồ Chí Minh"); dropped for matching.
_UNIT_WORDS = (
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "tinh",
    "phuong",
    "xa",
    "quan",
    "huyen",
)
_UNIT_PREFIX = re.compile(r"^(?:" + "|".join(_UNIT_WORDS) + r"|tp|tx|tt)\s+")
# One-letter abbreviations count only with a dot ("P. Bến Nghé", "Q.1") or before a number
# ("P3", "Q 1"): "H'Bông" is a name, not "Huyện Bông".
_ABBREVIATION = re.compile(r"^\s*(?:[PpQqHh]\s*\.\s*|[PpQq]\s*(?=\d))")
_PROVINCE_ALIASES = {"hcm": "ho chi minh", "sai gon": "ho chi minh", "hn": "ha noi"}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


# Every precomposed Latin letter (Vietnamese lives in U+00C0–U+01B0 and U+1EA0–U+1EF9) mapped
# to its plain lower-case letter in one str.translate: the address book folds ~25,000 names at
# start, and the per-character NFD walk was most of its load time.
_TABLE = {
    cp: _strip_marks(chr(cp)).casefold()
    for cp in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
    if _strip_marks(chr(cp)).isascii() and _strip_marks(chr(cp))
}


def fold(text: str) -> str:
    """ "Phường Đồng Xuân, Q. Hoàn Kiếm" → "phuong dong xuan q hoan kiem"."""
    quick = text.translate(_TABLE).casefold()
    if not quick.isascii():  # combining marks typed separately, or other scripts
        quick = _strip_marks(unicodedata.normalize("NFC", quick)).casefold()
    return _NON_WORD.sub(" ", quick).strip()


@lru_cache(maxsize=4096)  # province and district names repeat on every old-ward row
def unit_key(name: str) -> str:
    """A unit's name without its kind word, for matching: "Phường 03" → "3", "Q.1" → "1".

    Only one leading kind word is removed, and never the whole name. Leading zeros of numbered
    wards are dropped ("Phường 01" on old cards is "Phường 1"); "TP HCM" is "ho chi minh".
    """
    folded = fold(_ABBREVIATION.sub("", name, count=1))
    rest = _UNIT_PREFIX.sub("", folded, count=1)
    key = _LEADING_ZEROS.sub(r"\1", rest if rest else folded)
    return _PROVINCE_ALIASES.get(key, key)
