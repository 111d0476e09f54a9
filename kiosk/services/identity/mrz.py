"""ICAO 9303 TD1 machine-readable zone (3 × 30) of the Vietnamese card, and EF.DG1 around it.

Vietnamese layout (vn-formats.md §2.4): document number = the last 9 digits of the 12-digit ID;
optional data 1 = the 12-digit ID, `<<`, a check digit over those 12 digits. OCR output is only
trimmed of whitespace: a wrong character is never guessed back (O→0 …) — the check digits decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from itertools import cycle

from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.id_number import birth_century
from kiosk.services.identity.tlv import TlvError, decode_tlv, encode_tlv

_WEIGHTS = (7, 3, 1)
_VALUES = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")} | {"<": 0}
_MRZ_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_VN_OPTIONAL = re.compile(r"^([0-9]{12})<<([0-9])$")
# The name line has no check digit, so its grammar is the only guard against OCR noise in it.
_NAME_LINE = re.compile(r"^[A-Z]+(<[A-Z]+)*(<<[A-Z]+(<[A-Z]+)*)?<*$")
NO_DATE = "<<<<<<"
# Without the ID's century digit a two-digit birth year is read as 20YY up to this, else 19YY.
_PIVOT_YY = 30


def _value(char: str) -> int:
    try:
        return _VALUES[char]
    except KeyError:
        raise ValueError(f"{char!r} is not an MRZ character") from None


def check_digit(field: str) -> str:
    """ICAO 9303 Part 3 check digit: weights 7-3-1, '<' = 0, A = 10 … Z = 35, sum modulo 10."""
    try:
        return str(sum(_VALUES[c] * w for c, w in zip(field, cycle(_WEIGHTS))) % 10)
    except KeyError as exc:
        raise ValueError(f"{exc.args[0]!r} is not an MRZ character") from None


@dataclass(frozen=True, slots=True)
class Mrz:
    document_code: str  # "ID" on Vietnamese cards
    issuing_state: str
    document_number: str
    birth_yymmdd: str
    birth_date: date
    sex: str  # "M", "F" or "<"
    expiry_yymmdd: str | None  # None: the field holds only fillers (no expiry)
    expiry_date: date | None
    nationality: str
    optional_data_1: str  # without '<' padding on the right
    optional_data_2: str
    surname: str  # Latin, no diacritics, words separated by spaces
    given_names: str
    id_number: str | None = None  # the 12-digit ID from optional data 1 (Vietnamese cards)

    @property
    def name(self) -> str:
        return f"{self.surname} {self.given_names}".strip()


def _yymmdd(text: str, century: int) -> date | None:
    if len(text) != 6 or not text.isdigit():
        return None
    try:
        return date(century + int(text[:2]), int(text[2:4]), int(text[4:]))
    except ValueError:
        return None


def _err(code: IdentityErrorCode, detail: str) -> IdentityError:
    return IdentityError.of(code, detail)


def _lines(text: str) -> list[str] | IdentityError:
    rows = ["".join(line.split()) for line in text.strip().lstrip("\ufeff").splitlines()]
    rows = [row for row in rows if row]
    if len(rows) == 3 and all(len(row) == 30 for row in rows):
        return rows
    joined = "".join(rows)
    if len(joined) == 90:  # OCR may break lines in the wrong place; check digits decide
        return [joined[0:30], joined[30:60], joined[60:90]]
    return _err(IdentityErrorCode.MRZ_FORMAT, f"line lengths {[len(r) for r in rows]}, not 3×30")


def parse_td1(text: str) -> Mrz | IdentityError:
    """Three 30-character TD1 lines → Mrz; every check digit verified. Never raises."""
    try:
        return _parse_td1(text)
    except Exception as exc:  # the boundary
        return _err(IdentityErrorCode.MRZ_FORMAT, f"parser failure: {exc!r}")


def _parse_td1(text: str) -> Mrz | IdentityError:
    rows = _lines(text)
    if isinstance(rows, IdentityError):
        return rows
    l1, l2, l3 = rows
    bad = sorted({c for c in l1 + l2 + l3 if c not in _MRZ_CHARS})
    if bad:
        return _err(IdentityErrorCode.MRZ_FORMAT, f"characters outside A-Z 0-9 <: {bad!r}")
    if l1[0] not in "IAC":
        return _err(IdentityErrorCode.MRZ_FORMAT, "document code is not I, A or C")
    document_number, number_cd, optional_1 = l1[5:14], l1[14], l1[15:30]
    if number_cd == "<":  # ICAO long document number: continues in optional data, cd at its end
        tail = optional_1.split("<", 1)[0]
        if len(tail) < 2:
            return _err(IdentityErrorCode.MRZ_FORMAT, "long document number without check digit")
        document_number, number_cd = document_number + tail[:-1], tail[-1]
        optional_1 = optional_1[len(tail) :]
    checks = [
        ("document number", document_number, number_cd),
        ("birth date", l2[0:6], l2[6]),
        ("expiry date", l2[8:14], l2[14]),  # all fillers ("no expiry") check to 0, as any field
        ("composite", l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29]),
    ]
    expiry_raw = l2[8:14]
    for what, value, digit in checks:
        if check_digit(value) != digit:
            return _err(IdentityErrorCode.MRZ_CHECK_DIGIT, f"{what} check digit mismatch")
    id_number = None
    vn = _VN_OPTIONAL.match(optional_1)
    if vn:
        if check_digit(vn.group(1)) != vn.group(2):
            return _err(IdentityErrorCode.MRZ_CHECK_DIGIT, "ID number check digit mismatch")
        id_number = vn.group(1)
        if id_number[-9:] != document_number:
            return _err(IdentityErrorCode.MRZ_FORMAT, "document number is not the ID's last 9")
        if id_number[4:6] != l2[0:2]:
            return _err(IdentityErrorCode.MRZ_FORMAT, "ID birth-year digits differ from line 2")
    yy = int(l2[0:2]) if l2[0:2].isdigit() else 0
    century = birth_century(id_number) if id_number else (2000 if yy <= _PIVOT_YY else 1900)
    birth = _yymmdd(l2[0:6], century)
    if birth is None:
        return _err(IdentityErrorCode.BAD_DATE, "birth date is not a calendar date")
    expiry: date | None = None
    if expiry_raw != NO_DATE:
        # Machine-readable cards postdate 2000 and expire after their holder's birth.
        base = max(2000, birth.year // 100 * 100)
        expiry = _yymmdd(expiry_raw, base)
        if expiry is None or expiry < birth:  # next century (29 Feb only exists in some)
            expiry = _yymmdd(expiry_raw, base + 100)
        if expiry is None:
            return _err(IdentityErrorCode.BAD_DATE, "expiry date is not a calendar date")
    if l2[7] not in "MFX<":
        return _err(IdentityErrorCode.MRZ_FORMAT, "sex is not M, F, X or <")
    if not _NAME_LINE.match(l3):
        return _err(IdentityErrorCode.MRZ_FORMAT, "name line is not SURNAME<<GIVEN<NAMES<<<")
    surname, _, given = l3.partition("<<")
    return Mrz(
        document_code=l1[0:2].rstrip("<"),
        issuing_state=l1[2:5].rstrip("<"),
        document_number=document_number.rstrip("<"),
        birth_yymmdd=l2[0:6],
        birth_date=birth,
        sex=l2[7],
        expiry_yymmdd=None if expiry_raw == NO_DATE else expiry_raw,
        expiry_date=expiry,
        nationality=l2[15:18].rstrip("<"),
        optional_data_1=optional_1.rstrip("<"),
        optional_data_2=l2[18:29].rstrip("<"),
        surname=" ".join(surname.replace("<", " ").split()),
        given_names=" ".join(given.replace("<", " ").split()),
        id_number=id_number,
    )


def _pad(value: str, width: int, what: str) -> str:
    if len(value) > width:
        raise ValueError(f"{what} {value!r} is longer than {width} characters")
    for char in value:
        _value(char)
    return value.ljust(width, "<")


def _date_field(value: str, what: str) -> str:
    if value != NO_DATE and (len(value) != 6 or not value.isdigit()):
        raise ValueError(f"{what} must be YYMMDD, got {value!r}")
    return value


def td1_lines(
    *,
    document_number: str,
    birth_date: str,
    sex: str,
    expiry_date: str,
    name: str,
    optional_data_1: str = "",
    optional_data_2: str = "",
    document_code: str = "ID",
    issuing_state: str = "VNM",
    nationality: str = "VNM",
) -> tuple[str, str, str]:
    """The three TD1 lines from raw MRZ fields, check digits computed. Raises ValueError."""
    if len(document_number) > 9:
        raise ValueError("this builder handles document numbers of at most 9 characters")
    if sex not in ("M", "F", "X", "<"):
        raise ValueError(f"sex must be M, F, X or <, got {sex!r}")
    doc = _pad(document_number, 9, "document number")
    birth = _date_field(birth_date, "birth date")
    expiry = _date_field(expiry_date, "expiry date")
    line1 = (
        _pad(document_code, 2, "document code")
        + _pad(issuing_state, 3, "issuing state")
        + doc
        + check_digit(doc)
        + _pad(optional_data_1, 15, "optional data 1")
    )
    head2 = (
        birth
        + check_digit(birth)
        + sex
        + expiry
        + check_digit(expiry)
        + _pad(nationality, 3, "nationality")
        + _pad(optional_data_2, 11, "optional data 2")
    )
    composite = line1[5:30] + head2[0:7] + head2[8:15] + head2[18:29]
    return line1, head2 + check_digit(composite), _pad(name, 30, "name")


def mrz_name(surname: str, given_names: str) -> str:
    """Latin name field: 'NGUYEN', 'THI LAN' → 'NGUYEN<<THI<LAN'."""
    return surname.upper().replace(" ", "<") + "<<" + given_names.upper().replace(" ", "<")


def format_td1(mrz: Mrz) -> str:
    """The three lines of `mrz`, joined by newlines. Raises ValueError on unencodable fields."""
    return "\n".join(
        td1_lines(
            document_code=mrz.document_code,
            issuing_state=mrz.issuing_state,
            document_number=mrz.document_number,
            birth_date=mrz.birth_yymmdd,
            sex=mrz.sex,
            expiry_date=mrz.expiry_yymmdd or NO_DATE,
            nationality=mrz.nationality,
            optional_data_1=mrz.optional_data_1,
            optional_data_2=mrz.optional_data_2,
            name=mrz_name(mrz.surname, mrz.given_names),
        )
    )


def dg1_from_lines(lines: tuple[str, str, str]) -> bytes:
    """EF.DG1: `61 len 5F1F len <MRZ>` (ICAO 9303 Part 10)."""
    return encode_tlv(0x61, encode_tlv(0x5F1F, "".join(lines).encode("ascii")))


def parse_dg1(data: bytes) -> Mrz | IdentityError:
    """EF.DG1 bytes → Mrz. TD1 only: the Vietnamese card is TD1. Never raises."""
    try:
        outer = decode_tlv(data)
        if len(outer) != 1 or outer[0].tag != 0x61:
            return _err(IdentityErrorCode.CHIP_UNREADABLE, "DG1 is not one 61 template")
        inner = [t for t in decode_tlv(outer[0].value) if t.tag == 0x5F1F]
        if len(inner) != 1:
            return _err(IdentityErrorCode.CHIP_UNREADABLE, "DG1 has no single 5F1F MRZ")
        raw = inner[0].value
        if len(raw) != 90 or not raw.isascii():
            return _err(IdentityErrorCode.MRZ_FORMAT, f"DG1 MRZ of {len(raw)} bytes is not TD1")
        text = raw.decode("ascii")
        return parse_td1("\n".join((text[0:30], text[30:60], text[60:90])))
    except TlvError as exc:
        return _err(IdentityErrorCode.CHIP_UNREADABLE, f"DG1 TLV: {exc}")
    except Exception as exc:  # the boundary
        return _err(IdentityErrorCode.CHIP_UNREADABLE, f"DG1 parser failure: {exc!r}")
