"""Vietnamese text → words a speech engine reads correctly (before any synthesis).

espeak-ng cuts numbers short, confuses "mươi"/"mười" and stumbles on long digit strings
(research/kiosk-ux.md §4.2), and a recorded voice never sees dynamic values; so every engine gets
text where numbers, dates, times, money, codes and abbreviations are already words. Codes and ID
numbers are read digit by digit in groups of three, with a pause (comma) between groups.

The passes run in a fixed order; each replaces its matches with words only (no digits), so a
later pass never re-reads what an earlier one produced.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kiosk.services.speech_text.numbers import DIGITS, digit_words, number_words

ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "BHYT": "bảo hiểm y tế",
    "BHXH": "bảo hiểm xã hội",
    "TTHC": "thủ tục hành chính",
    "GCN": "giấy chứng nhận",
    "STT": "số thứ tự",
    "SĐT": "số điện thoại",
    "MST": "mã số thuế",
    "TP.": "thành phố",
    "Tp.": "thành phố",
    "TP": "thành phố",
    "v.v.": "vân vân",
    "VNĐ": "đồng",
    "VND": "đồng",
}

LETTERS: dict[str, str] = {
    "A": "a", "B": "bê", "C": "xê", "D": "dê", "Đ": "đê", "E": "e", "F": "ép", "G": "giê",
    "H": "hát", "I": "i", "J": "gi", "K": "ca", "L": "e lờ", "M": "em mờ", "N": "en nờ",
    "O": "o", "P": "pê", "Q": "quy", "R": "e rờ", "S": "ét xì", "T": "tê", "U": "u",
    "V": "vê", "W": "vê kép", "X": "ích xì", "Y": "i dài", "Z": "dét",
}  # fmt: skip

_B = r"(?<![\w.])"  # token start: not inside a word or a dotted number
_E = r"(?![\w]|[.,]\d)"  # token end


def _abbreviation_pattern() -> re.Pattern[str]:
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    alternatives = "|".join(re.escape(k) + ("" if k.endswith(".") else r"(?!\w)") for k in keys)
    return re.compile(rf"(?<!\w)(?:{alternatives})")


_ABBREV = _abbreviation_pattern()
_DATE = re.compile(rf"(?:(ngày)\s+)?{_B}(\d{{1,2}})([/.-])(\d{{1,2}})\3(\d{{4}}){_E}")
_ISO_DATE = re.compile(rf"{_B}(\d{{4}})-(\d{{2}})-(\d{{2}}){_E}")
_MONTH_YEAR = re.compile(rf"(?:(tháng)\s+)?{_B}(\d{{1,2}})/(\d{{4}}){_E}")
_TIME = re.compile(rf"{_B}(\d{{1,2}})(?::|h|g)(\d{{2}})(?:'|p)?{_E}")
_HOUR = re.compile(rf"{_B}(\d{{1,2}})h{_E}")
_MONEY = re.compile(rf"{_B}(\d{{1,3}}(?:\.\d{{3}})+|\d+)\s*(?:đồng|đ)(?!\w)")
_CODE = re.compile(
    r"(?<![\w.])(?=[A-ZĐ0-9.-]*\d)(?=[A-ZĐ0-9.-]*[A-ZĐ])[A-ZĐ0-9]+(?:[-.][A-ZĐ0-9]+)*(?!\w)"
)
_DASHED_DIGITS = re.compile(rf"{_B}\d+(?:-\d+)+{_E}")
_SPACED_ID = re.compile(rf"{_B}\d{{2,4}}(?: \d{{2,4}}){{2,}}{_E}")
_LONG_DIGITS = re.compile(rf"{_B}(?:\d{{7,}}|0\d+){_E}")
_GROUPED_NUMBER = re.compile(rf"{_B}\d{{1,3}}(?:\.\d{{3}})+{_E}")
_DECIMAL = re.compile(rf"{_B}(\d+),(\d+){_E}")
_FRACTION = re.compile(rf"{_B}(\d+)/(\d+){_E}")
_RANGE = re.compile(rf"(?<![\d-]){_B}(\d{{1,4}})\s*[–-]\s*(\d{{1,4}}){_E}(?!\s*[–-]\s*\d)")
_INTEGER = re.compile(rf"{_B}\d+{_E}")
_ANY_DIGITS = re.compile(r"\d+")  # glued to letters ("0Ah"): still never read as a symbol
_PERCENT = re.compile(r"\s*%")
_SLASH = re.compile(r"\s*/\s*")
_SPACES = re.compile(r"[ \t]+")


def normalise(text: str) -> str:
    """Text as it should be spoken: numbers, dates, times, money, codes and abbreviations in
    words. Idempotent on its own output (no digits remain)."""
    for pattern, replace in _PASSES:
        text = pattern.sub(replace, text)
    return _SPACES.sub(" ", text).strip()


def grouped_digits(digits: str) -> str:
    """ "001056012345" → "không không một, không năm sáu, không một hai, ba bốn năm"."""
    return ", ".join(digit_words(g) for g in _groups(digits))


def spell_code(code: str) -> str:
    """ "HS-2025-000123" → letters by name, digits in groups, a pause at each separator."""
    parts: list[str] = []
    for chunk in re.split(r"[-.]", code):
        runs = re.findall(r"\d+|[^\d]+", chunk)
        parts.append(" ".join(_spell_run(run) for run in runs))
    return ", ".join(parts)


def _spell_run(run: str) -> str:
    if run.isdigit():
        return grouped_digits(run)
    return " ".join(LETTERS.get(c, c) for c in run)


def day_words(day: int) -> str:
    return f"mùng {number_words(day)}" if day <= 10 else number_words(day)


def month_words(month: int) -> str:
    return "tư" if month == 4 else number_words(month)


def date_words(day: int, month: int, year: int) -> str:
    return f"ngày {day_words(day)} tháng {month_words(month)} năm {number_words(year)}"


def _groups(digits: str) -> list[str]:
    if len(digits) <= 4:
        return [digits]
    groups = [digits[i : i + 3] for i in range(0, len(digits), 3)]
    if len(groups[-1]) == 1:  # never a lone digit at the end: 3+3+1 → 3+2+2
        tail = groups[-2] + groups[-1]
        groups[-2:] = [tail[:2], tail[2:]]
    return groups


def _valid_date(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def _date(m: re.Match[str]) -> str:
    day, month, year = int(m[2]), int(m[4]), int(m[5])
    if not _valid_date(day, month):
        return " trên ".join(number_words(int(x)) for x in (m[2], m[4], m[5]))
    return date_words(day, month, year)


def _iso_date(m: re.Match[str]) -> str:
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    return date_words(day, month, year) if _valid_date(day, month) else spell_code(m[0])


def _month_year(m: re.Match[str]) -> str:
    month, year = int(m[2]), int(m[3])
    if not 1 <= month <= 12:
        return f"{m[1] + ' ' if m[1] else ''}{number_words(month)} trên {number_words(year)}"
    return f"tháng {month_words(month)} năm {number_words(year)}"


def _time(m: re.Match[str]) -> str:
    hour, minute = int(m[1]), int(m[2])
    if hour > 24 or minute > 59:
        return f"{number_words(hour)} {number_words(minute)}"
    spoken = f"{number_words(hour)} giờ"
    return f"{spoken} {number_words(minute)} phút" if minute else spoken


def _hour(m: re.Match[str]) -> str:
    return f"{number_words(int(m[1]))} giờ" if int(m[1]) <= 24 else m[0]


def _money(m: re.Match[str]) -> str:
    return f"{number_words(int(m[1].replace('.', '')))} đồng"


def _code(m: re.Match[str]) -> str:
    return spell_code(m[0])


def _dashed_digits(m: re.Match[str]) -> str:
    return ", ".join(grouped_digits(part) for part in m[0].split("-"))


def _spaced_id(m: re.Match[str]) -> str:
    return ", ".join(digit_words(part) for part in m[0].split(" "))


def _long_digits(m: re.Match[str]) -> str:
    return grouped_digits(m[0])


def _grouped_number(m: re.Match[str]) -> str:
    return number_words(int(m[0].replace(".", "")))


def _decimal(m: re.Match[str]) -> str:
    fraction = m[2]
    spoken = digit_words(fraction) if fraction.startswith("0") else number_words(int(fraction))
    return f"{number_words(int(m[1]))} phẩy {spoken}"


def _fraction(m: re.Match[str]) -> str:
    return f"{number_words(int(m[1]))} trên {number_words(int(m[2]))}"


def _range(m: re.Match[str]) -> str:
    return f"{number_words(int(m[1]))} đến {number_words(int(m[2]))}"


def _integer(m: re.Match[str]) -> str:
    return number_words(int(m[0]))


def _glued_digits(m: re.Match[str]) -> str:
    return f" {grouped_digits(m[0])} "


def _abbreviation(m: re.Match[str]) -> str:
    return ABBREVIATIONS[m[0]]


_PASSES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str], ...] = (
    (_DATE, _date),
    (_ISO_DATE, _iso_date),
    (_MONTH_YEAR, _month_year),
    (_TIME, _time),
    (_HOUR, _hour),
    (_MONEY, _money),
    (_ABBREV, _abbreviation),  # after money: "VNĐ" alone becomes "đồng", after the number
    (_CODE, _code),
    (_RANGE, _range),  # "15-20 ngày": two short numbers; longer dashed runs are codes
    (_DASHED_DIGITS, _dashed_digits),
    (_SPACED_ID, _spaced_id),
    (_LONG_DIGITS, _long_digits),
    (_GROUPED_NUMBER, _grouped_number),
    (_DECIMAL, _decimal),
    (_FRACTION, _fraction),
    (_INTEGER, _integer),
    (_ANY_DIGITS, _glued_digits),
    (_PERCENT, " phần trăm"),
    (_SLASH, " "),
)

__all__ = ["DIGITS", "date_words", "grouped_digits", "normalise", "number_words", "spell_code"]
