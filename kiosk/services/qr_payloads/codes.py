"""Dossier and procedure codes (vn-formats §4, §5.5).

Dossier code, Circular 01/2018/TT-VPCP Art. 19: `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX` (unit code,
reception date, sequence in the day). Provinces vary, so free-form unit codes such as the
simulated portal's `H29.12-251123-0001` are accepted too, as is the social-insurance style
`NNNNN/YYYY/NNNNN`. National procedure codes look like `1.001193` / `2.000986`.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["DossierCode", "find_procedure_code", "parse_dossier_code", "parse_procedure_code"]

_STRICT = re.compile(r"[0-9A-Z]{3}(?:\.[0-9A-Z]{2}){2}\.[0-9A-Z]{3}-(\d{6})-(\d{4})")
_FREE = re.compile(r"[0-9A-Z]{1,6}(?:\.[0-9A-Z]{1,6}){0,4}-(\d{6})-(\d{4,6})")
_BHXH = re.compile(r"\d{3,8}/(\d{4})/\d{3,8}")
# The national code, optionally with a province's variant suffix (1.001193.000.00.00.H12).
_PROCEDURE = re.compile(r"[1-3]\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?")
_PROCEDURE_IN_TEXT = re.compile(r"(?<![\d.])[1-3]\.\d{6}(?![\d])")


class DossierCode:
    """A recognised dossier code; `date_ok` is False when its YYMMDD is no calendar day."""

    __slots__ = ("code", "date_ok", "strict")

    def __init__(self, code: str, *, strict: bool, date_ok: bool) -> None:
        self.code, self.strict, self.date_ok = code, strict, date_ok


def _yymmdd_ok(text: str) -> bool:
    try:
        date(2000 + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        return False
    return True


def parse_dossier_code(text: str) -> DossierCode | None:
    code = text.strip().upper()
    if not code.isascii() or len(code) > 64:
        return None
    strict = _STRICT.fullmatch(code)
    match = strict or _FREE.fullmatch(code)
    if match is not None:
        return DossierCode(code, strict=strict is not None, date_ok=_yymmdd_ok(match.group(1)))
    bhxh = _BHXH.fullmatch(code)
    if bhxh is not None:
        return DossierCode(code, strict=False, date_ok=1990 <= int(bhxh.group(1)) <= 2099)
    return None


def parse_procedure_code(text: str) -> str | None:
    code = text.strip().upper()
    return code if code.isascii() and _PROCEDURE.fullmatch(code) else None


def find_procedure_code(text: str) -> str | None:
    """A national procedure code inside a longer text (a URL path, a label)."""
    match = _PROCEDURE_IN_TEXT.search(text)
    return match.group(0) if match else None
