"""Put the OCR'd characters back on the 90-cell grid and fix only what the field type settles.

A digit field cannot hold a letter, so an `O` there is a `0`; a name cannot hold a digit, so a `0`
there is an `O`. Nothing else is guessed: the check digits (kiosk.services.identity.mrz.parse_td1)
then decide, and a read whose check digits fail is dropped, never "corrected" into some MRZ.
"""

from __future__ import annotations

import re
from enum import Enum

from devices.mrz_ocr.layout import MRZ_COLUMNS
from kiosk.services.identity.errors import IdentityError
from kiosk.services.identity.mrz import Mrz, parse_td1


class Kind(Enum):
    DIGIT = "digit"
    ALPHA = "alpha"
    ANY = "any"


TO_DIGIT = str.maketrans("OIBSZ", "01852")
TO_ALPHA = str.maketrans("01852", "OIBSZ")


def _kinds() -> tuple[tuple[Kind, ...], tuple[Kind, ...], tuple[Kind, ...]]:
    def line(*spans: tuple[int, int, Kind]) -> tuple[Kind, ...]:
        kinds = [Kind.ANY] * MRZ_COLUMNS
        for start, end, kind in spans:
            kinds[start:end] = [kind] * (end - start)
        return tuple(kinds)

    d, a = Kind.DIGIT, Kind.ALPHA
    # Vietnamese TD1 (research/vn-formats.md §2.4): document number, the 12-digit ID, the dates
    # and every check digit are digits; code, state, sex, nationality and the name are letters.
    return (
        line((0, 5, a), (5, 27, d), (29, 30, d)),
        line((0, 7, d), (7, 8, a), (8, 15, d), (15, 18, a), (29, 30, d)),
        line((0, 30, a)),
    )


KINDS = _kinds()
# The name line has no check digit, so at least its shape is checked: words of letters, the
# surname separated from the given names by `<<`, filler only at the end.
_NAME_LINE = re.compile(r"^[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?<*$")


def place(
    texts: tuple[str, str, str], fillers: tuple[tuple[bool, ...], ...]
) -> tuple[str, str, str] | str:
    """Each line's OCR text into its non-filler cells, in order; a reason when counts differ."""
    lines: list[str] = []
    for n, (text, flags) in enumerate(zip(texts, fillers, strict=True)):
        chars = iter(text)
        expected = flags.count(False)
        if len(text) != expected:
            return f"line {n + 1}: OCR gave {len(text)} characters for {expected} cells"
        lines.append("".join("<" if f else next(chars) for f in flags))
    return lines[0], lines[1], lines[2]


def fix_by_field(lines: tuple[str, str, str]) -> tuple[str, str, str]:
    fixed: list[str] = []
    for line, kinds in zip(lines, KINDS, strict=True):
        chars = []
        for char, kind in zip(line, kinds, strict=True):
            if char != "<" and kind is Kind.DIGIT:
                char = char.translate(TO_DIGIT)
            elif char != "<" and kind is Kind.ALPHA:
                char = char.translate(TO_ALPHA)
            chars.append(char)
        fixed.append("".join(chars))
    return fixed[0], fixed[1], fixed[2]


def validate(lines: tuple[str, str, str]) -> Mrz | str:
    """The parsed MRZ when every check digit holds and the name line is well formed."""
    if not _NAME_LINE.match(lines[2]):
        return "name line is not letters separated by '<'"
    parsed = parse_td1("\n".join(lines))
    if isinstance(parsed, IdentityError):
        return f"{parsed.code.value}: {parsed.detail}"
    return parsed
