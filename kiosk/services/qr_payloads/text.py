"""Scanner text hygiene: undo UTF-8 read through the wrong codec, strip framing, spot danger.

zbar without its binary mode, and wedge/serial set-ups, hand over UTF-8 bytes decoded as cp1252,
Latin-1 or Shift-JIS ("Nguyá»…n", "Vﾃｵ ﾄ雪ｻｩc"): research device-peers §5, vn-formats §1.3.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

__all__ = ["Cleaned", "clean", "is_vietnamese_letter", "repair_mojibake"]

_ROUNDS = 3  # text mis-decoded twice (e.g. pasted through two Windows tools) still comes back
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_VOWELS = "aăâeêioôơuưy"
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_FRAMING = "\r\n\t"  # what scanners append as suffix or field separator


@cache
def _vietnamese_letters() -> frozenset[str]:
    letters = {"đ", "Đ"}
    for vowel in _VOWELS:
        for tone in _TONES:
            composed = unicodedata.normalize("NFC", vowel + tone)
            letters.update((composed, composed.upper()))
    return frozenset(c for c in letters if not c.isascii())


def is_vietnamese_letter(char: str) -> bool:
    return char in _vietnamese_letters()


def _as_cp1252_bytes(text: str) -> bytes | None:
    """cp1252 with Latin-1 for the five bytes cp1252 leaves undefined (they arrive as C1
    controls), which also covers plain Latin-1 mojibake."""
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:
                return None
            raw.append(ord(char))
    return bytes(raw)


def _as_shift_jis_bytes(text: str) -> bytes | None:
    for codec in ("shift_jis", "cp932"):
        try:
            return text.encode(codec)
        except UnicodeEncodeError:
            continue
    return None


def _one_round(text: str) -> str | None:
    for to_bytes in (_as_cp1252_bytes, _as_shift_jis_bytes):
        raw = to_bytes(text)
        if raw is None or raw == text.encode("utf-8", "surrogatepass"):
            continue
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def repair_mojibake(text: str | bytes) -> str:
    """Undo UTF-8 read as cp1252/Latin-1 or Shift-JIS, up to three times over; never raises.
    Bytes are decoded as UTF-8 first (undecodable bytes become U+FFFD). Correct text is left
    alone: a round trip is only taken when it ends in Vietnamese letters (the middle of a double
    mis-decoding, 'Ä‚' for 'Ă', may have none)."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str) or text.isascii():
        return text if isinstance(text, str) else ""
    best, current = text, text
    for _ in range(_ROUNDS):
        repaired = _one_round(current)
        if repaired is None or repaired == current:
            break
        current = repaired
        if any(is_vietnamese_letter(c) for c in current):
            best = current
    return text if best == text else unicodedata.normalize("NFC", best)


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    quirks: tuple[str, ...]
    refusal: str = ""  # English reason when the text must not be looked at further
    replacement: bool = False  # U+FFFD present: some bytes were lost on the way


def clean(payload: str | bytes, max_bytes: int) -> Cleaned:
    """Bound, decode, repair and strip a raw scan. Refuses (without decoding further) anything
    over `max_bytes` and any control character other than CR, LF and TAB."""
    quirks: list[str] = []
    size = len(payload) if isinstance(payload, bytes) else len(payload.encode("utf-8", "replace"))
    if size > max_bytes:
        return Cleaned("", (), f"payload of {size} bytes exceeds {max_bytes}")
    decoded = payload if isinstance(payload, str) else payload.decode("utf-8", errors="replace")
    text = repair_mojibake(decoded)
    if text != decoded:
        quirks.append("mojibake repaired")
    stripped = text.translate(_INVISIBLE)
    if stripped != text:
        quirks.append("invisible characters removed")
    text = stripped.strip(_FRAMING + " ")
    lines = text.splitlines()
    unprefixed = [_AIM_PREFIX.sub("", line, count=1) for line in lines]
    if unprefixed != lines:
        quirks.append("AIM symbology prefix removed")
        text = "\n".join(unprefixed).strip()
    for index, char in enumerate(text):
        if char not in _FRAMING and unicodedata.category(char) in ("Cc", "Cs", "Co"):
            return Cleaned("", tuple(quirks), f"control character U+{ord(char):04X} at {index}")
    return Cleaned(unicodedata.normalize("NFC", text), tuple(quirks), "", "\ufffd" in text)
