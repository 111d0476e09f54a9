"""The 12-digit personal ID number (số định danh cá nhân): structure checks, no checksum exists.

Layout (vn-formats.md §1.4; Circular 07/2016/TT-BCA, later 59/2021/TT-BCA): 3-digit province of
birth registration + 1 century/sex digit + 2 digits of the birth year + 6 serial digits.
The century/sex digit: 0/1 = 20th century male/female, 2/3 = 21st, 4/5 = 22nd, 6/7 = 23rd,
8/9 = 24th. The province codes are the administrative codes of Decision 124/2004/QĐ-TTg (the 63
provinces before the 2025 mergers; the 34 merged provinces kept codes from this set). The
research note found no list of the codes for citizens registered abroad, so those IDs are rejected
and the citizen falls back to the MRZ or staff entry: a false "not readable" costs a staff call,
a false accept would open the chip with a wrong key or pre-fill a wrong person.
"""

from __future__ import annotations

from datetime import date

from kiosk.services.identity.errors import IdentityError, IdentityErrorCode

_CODES = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 "
    "035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 "
    "070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
)
PROVINCE_CODES: frozenset[str] = frozenset(_CODES.split())

MALE, FEMALE = "Nam", "Nữ"


def century_sex_digit(birth_year: int, sex: str) -> str:
    """The 4th digit for a birth year and "Nam"/"Nữ"; ValueError outside 1900–2399."""
    if not 1900 <= birth_year <= 2399:
        raise ValueError(f"birth year {birth_year} has no century digit")
    return str((birth_year // 100 - 19) * 2 + (1 if sex == FEMALE else 0))


def birth_century(id_number: str) -> int:
    """The first year of the birth century the 4th digit encodes (1900, 2000, …)."""
    return 1900 + 100 * (int(id_number[3]) // 2)


def validate_id_number(
    s: str, *, birth_date: date | None = None, sex: str | None = None
) -> IdentityError | None:
    """None when `s` has the 12-digit structure and agrees with the birth date and sex given."""

    def bad(detail: str) -> IdentityError:
        return IdentityError.of(IdentityErrorCode.BAD_ID_NUMBER, detail)

    if len(s) != 12 or not s.isascii() or not s.isdigit():
        return bad(f"ID number must be 12 ASCII digits, got {len(s)} characters")
    if s[:3] not in PROVINCE_CODES:
        return bad(f"unknown province code {s[:3]}")
    digit = int(s[3])
    if birth_date is not None:
        if birth_century(s) != birth_date.year // 100 * 100:
            return bad(f"century digit {digit} does not match the birth century")
        if s[4:6] != f"{birth_date.year % 100:02d}":
            return bad("birth-year digits do not match the birth date")
    if sex is not None and sex in (MALE, FEMALE) and (digit % 2 == 1) != (sex == FEMALE):
        return bad(f"sex digit {digit} does not match the sex field")
    return None
