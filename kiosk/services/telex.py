"""Vietnamese Telex composition and tone placement for the on-screen keyboard (no Qt).

The keyboard's state is just its text: every key press maps (text, key) → new text, and only the
last word is ever changed. That keeps the logic pure, testable by tables and properties, and lets
backspace be a plain "drop the last character".

Telex keys (as in Unikey, the keyboard most Vietnamese learned on):
    aa â  ee ê  oo ô  aw ă  ow ơ  uw ư  uow ươ  w ư  dd đ
    s sắc  f huyền  r hỏi  x ngã  j nặng  z removes the tone
    a tone key typed twice undoes the tone and types the letter ("ss" → "s").
The tone buttons of the keyboard call `apply_tone` (pressing the same tone again removes it).

Tone placement follows Vietnamese orthography, OLD style by default ("hòa", "thủy", "khỏe"), the
style of Unikey's default, of most printed names and of what citizens expect to see; "new"
style ("hoà", "thuỷ", "khoẻ") is available by argument. All text is kept in Unicode NFC.

Design choice (bogo, the PyPI Telex library, was looked at: last release 2014, unmaintained):
this small composer is our own, ~200 lines with table and property tests.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Literal

Style = Literal["old", "new"]


class Tone(StrEnum):
    """The five marked tones (the sixth, ngang, is no mark). Values are the Telex keys."""

    SAC = "s"
    HUYEN = "f"
    HOI = "r"
    NGA = "x"
    NANG = "j"


_MARK: dict[Tone, str] = {
    Tone.SAC: "\u0301",
    Tone.HUYEN: "\u0300",
    Tone.HOI: "\u0309",
    Tone.NGA: "\u0303",
    Tone.NANG: "\u0323",
}
_TONE_OF_MARK = {mark: tone for tone, mark in _MARK.items()}
_TONE_KEYS = {t.value: t for t in Tone}
# Letters with a shape mark (circumflex, breve, horn): the tone goes on them first.
_SHAPED = set("ăâêôơư")
_VOWELS = set("aăâeêioôơuưy")
# Telex doubling/w: base letter → shaped letter, and back (for the "typed twice" undo).
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_HORN = {"a": "ă", "o": "ơ", "u": "ư"}
_SWAP = {"â": "ă", "ô": "ơ"}
_NEW_STYLE_PAIRS = {"oa", "oe", "uy"}  # open syllables where new style marks the second vowel


def _split(ch: str) -> tuple[str, Tone | None]:
    """One character → (the letter without its tone, NFC; the tone or None)."""
    tone: Tone | None = None
    kept = []
    for c in unicodedata.normalize("NFD", ch):
        if c in _TONE_OF_MARK:
            tone = _TONE_OF_MARK[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def _with_tone(letter: str, tone: Tone | None) -> str:
    base = unicodedata.normalize("NFD", letter)
    return unicodedata.normalize("NFC", base + (_MARK[tone] if tone else ""))


def strip_tone(word: str) -> str:
    """The word without its tone marks (shape marks such as ê or ơ stay)."""
    return "".join(_split(c)[0] for c in unicodedata.normalize("NFC", word))


def tone_of(word: str) -> Tone | None:
    """The (last) tone written in the word, or None."""
    found: Tone | None = None
    for c in unicodedata.normalize("NFC", word):
        tone = _split(c)[1]
        if tone is not None:
            found = tone
    return found


def fold(text: str) -> str:
    """Lower case without any marks, đ → d: for searching without diacritics."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _is_vowel(ch: str) -> bool:
    return ch.lower() in _VOWELS


def _nucleus(plain: str) -> tuple[int, int]:
    """(start, end) of the vowel run that carries the tone in a toneless word; (0, 0) if none.

    "qu" and "gi" before another vowel are initials ("quá", "giá"), not part of the nucleus.
    """
    low = plain.lower()
    end = len(low)
    while end > 0 and not _is_vowel(low[end - 1]):
        end -= 1
    if end == 0:
        return 0, 0
    start = end
    while start > 0 and _is_vowel(low[start - 1]):
        start -= 1
    if end - start >= 2:
        initial = low[:start]
        if (low[start] == "u" and initial.endswith("q")) or (low[start] == "i" and initial == "g"):
            start += 1
    return start, end


def tone_position(word: str, style: Style = "old") -> int | None:
    """Index (in the NFC word) of the letter that carries the tone, or None (no vowel)."""
    plain = strip_tone(word)
    start, end = _nucleus(plain)
    if start == end:
        return None
    low = plain.lower()
    cluster = low[start:end]
    shaped = [i for i, c in enumerate(cluster) if c in _SHAPED]
    if shaped:
        return start + shaped[-1]  # "ươ" → ơ; "uyê" → ê; "ưu" → ư
    has_final = end < len(low)
    if has_final or len(cluster) == 1:
        return end - 1  # "toán", "hoàng", "lá"
    if len(cluster) >= 3:
        return start + 1  # "ngoái", "khuỷu", "ngoẹo"
    if style == "new" and cluster in _NEW_STYLE_PAIRS:
        return start + 1  # "hoà", "thuỷ"
    return start  # "hòa", "mùa", "tài"


def place_tone(word: str, tone: Tone | None, style: Style = "old") -> str:
    """The word with exactly `tone` (or no tone) on the right vowel; unchanged if no vowel."""
    word = unicodedata.normalize("NFC", word)
    plain = strip_tone(word)
    pos = tone_position(plain, style)
    if pos is None or tone is None:
        return plain if pos is not None else word
    return plain[:pos] + _with_tone(plain[pos], tone) + plain[pos + 1 :]


def _last_word(text: str) -> tuple[str, str]:
    """(everything before the last word, the last word); a word is a run of letters."""
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[:i], text[i:]


def apply_tone(text: str, tone: Tone, style: Style = "old") -> str:
    """A tone button: put `tone` on the last word, or take it off if it already has it."""
    text = unicodedata.normalize("NFC", text)
    head, word = _last_word(text)
    if tone_position(word, style) is None:
        return text
    new_tone = None if tone_of(word) == tone else tone
    return head + place_tone(word, new_tone, style)


def _match_case(template: str, letter: str) -> str:
    return letter.upper() if template.isupper() else letter


def _shape(word: str, key: str, table: dict[str, str], style: Style) -> str | None:
    """Telex shape key on the word's nucleus: the new word, or None when it does not apply.

    `key` is "a"/"e"/"o" (circumflex table) or "w" (horn/breve table). A letter already shaped
    that way is turned back and the key typed as a letter ("aaa" → "aa", "uww" → "uw").
    """
    tone = tone_of(word)
    plain = strip_tone(word)
    start, end = _nucleus(plain)
    low = plain.lower()
    for i in range(end - 1, start - 1, -1):
        c = low[i]
        if key == "w" and c in _SWAP:  # "â" + w → "ă", "ô" + w → "ơ"
            swapped = plain[:i] + _match_case(plain[i], _SWAP[c]) + plain[i + 1 :]
            return place_tone(swapped, tone, style)
        if c in table and (key == "w" or c == key):
            shaped = plain[:i] + _match_case(plain[i], table[c]) + plain[i + 1 :]
            if key == "w" and c == "o" and i > start and low[i - 1] == "u":
                shaped = shaped[: i - 1] + _match_case(plain[i - 1], "ư") + shaped[i:]  # ươ
            return place_tone(shaped, tone, style)
        if c in table.values() and (key == "w" or _unshaped(c) == key):
            first = i - 1 if key == "w" and c == "ơ" and i > start and low[i - 1] == "ư" else i
            undone = "".join(
                _match_case(plain[j], _unshaped(low[j])) if first <= j <= i else plain[j]
                for j in range(len(plain))
            )
            return place_tone(undone, tone, style) + key
    return None


def _stroke(word: str, key: str) -> str:
    """ "dd" → "đ" (đ only starts a word); "đ" + d turns it back and types the d."""
    first = word[0]
    if first in "đĐ":
        return ("D" if first == "Đ" else "d") + word[1:] + key
    return ("Đ" if first == "D" else "đ") + word[1:]


def _unshaped(letter: str) -> str:
    for table in (_CIRCUMFLEX, _HORN):
        for base, shaped in table.items():
            if shaped == letter:
                return base
    return letter


def type_key(text: str, key: str, style: Style = "old") -> str:
    """Telex: the text after typing `key` (one character) at its end."""
    text = unicodedata.normalize("NFC", text)
    if len(key) != 1 or not key.isalpha():
        return text + key  # a space, digit or sign ends the word: it never changes it
    head, word = _last_word(text)
    low = key.lower()
    if not word:
        return text + (_match_case(key, "ư") if low == "w" else key)
    if low in _TONE_KEYS and tone_position(word, style) is not None:
        tone = _TONE_KEYS[low]
        if tone_of(word) == tone:
            return head + place_tone(word, None, style) + key  # typed twice: the letter
        return head + place_tone(word, tone, style)
    if low == "z" and tone_of(word) is not None:
        return head + place_tone(word, None, style)
    if low == "d" and word[0] in "dDđĐ":
        return head + _stroke(word, key)
    if low in _CIRCUMFLEX:
        shaped = _shape(word, low, _CIRCUMFLEX, style)
        if shaped is not None:
            return head + shaped
    if low == "w":
        shaped = _shape(word, "w", _HORN, style)
        if shaped is not None:
            return head + shaped
        if not any(_is_vowel(c) for c in strip_tone(word)):
            return text + _match_case(key, "ư")  # "tw" → "tư", like a word-initial w
    return head + _retone(word + key, style)


def _retone(word: str, style: Style) -> str:
    """After a letter was added, move the word's tone to where it now belongs ("hòa"+"n")."""
    tone = tone_of(word)
    return place_tone(word, tone, style) if tone is not None else word


def compose(keys: str, style: Style = "old") -> str:
    """The text produced by typing `keys` one by one from empty ("Nguyeenx" → "Nguyễn")."""
    text = ""
    for key in keys:
        text = type_key(text, key, style)
    return text


def backspace(text: str) -> str:
    """Drop the last character (a toned letter goes as a whole, as it looks like one)."""
    return unicodedata.normalize("NFC", text)[:-1]
