"""EF.DG13 of the Vietnamese card: `6D { SEQUENCE { INTEGER n, value… } … }` (vn-formats.md §2.3).

Items are found by walking the TLV tree and keyed on their INTEGER, never by byte position, so
any name length works. A value the card withholds (newer cards encrypt ethnicity, religion, the
old ID …) or that is not plausible Vietnamese text comes back as None, and the reason is logged
by field number only — never the value.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.id_number import FEMALE, MALE
from kiosk.services.identity.tlv import Tlv, TlvError, decode_tlv

log = logging.getLogger(__name__)

DG13_TAG = 0x6D
_SEQUENCE, _INTEGER, _UTF8, _PRINTABLE, _IA5 = 0x30, 0x02, 0x0C, 0x13, 0x16
NO_EXPIRY_TEXTS = frozenset({"không thời hạn", "khong thoi han"})
_DATE = re.compile(r"^([0-9]{2})/?([0-9]{2})/?([0-9]{4})$")


@dataclass(frozen=True, slots=True)
class Dg13:
    id_number: str | None = None
    full_name: str | None = None
    birth_date: date | None = None
    sex: str | None = None  # "Nam" / "Nữ"
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    place_of_origin: str | None = None
    place_of_residence: str | None = None
    identifying_marks: str | None = None
    issue_date: date | None = None
    expiry_date: date | None = None
    no_expiry: bool = False  # the card says "Không thời hạn"
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None
    old_id_number: str | None = None
    notes: tuple[str, ...] = ()  # why fields are None (English, no personal data)


# Latin with Vietnamese diacritics (Latin-1, Extended-A/B, Extended Additional) and general
# punctuation; C0/C1 controls, U+FFFD and anything else mean the bytes were not text for us.
_PLAUSIBLE = re.compile("[\u0020-\u007e\u00a0-\u024f\u1e00-\u1eff\u2010-\u2027\u2030-\u205e]*")


def _text(item: Tlv, number: int, notes: list[str]) -> str | None:
    if item.tag not in (_UTF8, _PRINTABLE, _IA5):
        notes.append(f"field {number}: tag {item.tag:#x} is not a string (withheld or encrypted)")
        return None
    try:
        raw = item.value.decode("utf-8") if item.tag == _UTF8 else item.value.decode("ascii")
    except UnicodeDecodeError:
        notes.append(f"field {number}: invalid {'UTF-8' if item.tag == _UTF8 else 'ASCII'}")
        return None
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if not text:
        return None
    if not _PLAUSIBLE.fullmatch(text):
        notes.append(f"field {number}: characters that are not Vietnamese text")
        return None
    return text


def _date(text: str | None, number: int, notes: list[str]) -> date | None:
    if text is None:
        return None
    match = _DATE.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        if 1900 <= year <= 2399:
            try:
                return date(year, month, day)
            except ValueError:
                pass
    notes.append(f"field {number}: not a dd/mm/yyyy date")
    return None


def _digits(text: str | None, width: int, number: int, notes: list[str]) -> str | None:
    if text is None:
        return None
    if len(text) == width and text.isascii() and text.isdigit():
        return text
    notes.append(f"field {number}: not {width} digits")
    return None


def _strings(values: tuple[Tlv, ...], number: int, notes: list[str]) -> list[str | None]:
    """Strings in order, whether given directly or each wrapped in its own SEQUENCE (13, 14)."""
    out: list[str | None] = []
    for value in values:
        if value.tag == _SEQUENCE:
            inner = [v for v in value.children if v.tag != _INTEGER]
            out.append(_text(inner[0], number, notes) if inner else None)
        else:
            out.append(_text(value, number, notes))
    return out


def parse_dg13(data: bytes) -> Dg13 | IdentityError:
    """EF.DG13 → Dg13. Broken structure → dg13_malformed; a bad field → None. Never raises."""
    try:
        return _parse(data)
    except TlvError as exc:
        return IdentityError.of(IdentityErrorCode.DG13_MALFORMED, f"DG13 TLV: {exc}")
    except Exception as exc:  # the boundary
        return IdentityError.of(IdentityErrorCode.DG13_MALFORMED, f"DG13 parser failure: {exc!r}")


def _items(data: bytes, notes: list[str]) -> dict[int, tuple[Tlv, ...]] | IdentityError:
    top = decode_tlv(data)
    if len(top) != 1 or top[0].tag != DG13_TAG:
        return IdentityError.of(IdentityErrorCode.DG13_MALFORMED, "not one 6D template")
    items: dict[int, tuple[Tlv, ...]] = {}
    for item in top[0].children:
        kids = item.children
        if item.tag != _SEQUENCE or not kids or kids[0].tag != _INTEGER:
            notes.append(f"item with tag {item.tag:#x} skipped: not SEQUENCE {{INTEGER, …}}")
            continue
        raw = kids[0].value
        if not 1 <= len(raw) <= 2 or raw[0] & 0x80:
            notes.append("item skipped: field number is not a small positive INTEGER")
            continue
        number = int.from_bytes(raw, "big")
        if number in items:
            notes.append(f"field {number}: repeated; the first is kept")
            continue
        items[number] = kids[1:]
    return items


def _parse(data: bytes) -> Dg13 | IdentityError:
    notes: list[str] = []
    items = _items(data, notes)
    if isinstance(items, IdentityError):
        return items

    def text(number: int) -> str | None:
        values = items.get(number, ())
        return _text(values[0], number, notes) if values else None

    sex_text = text(4)
    sex = {"nam": MALE, "nữ": FEMALE}.get(sex_text.casefold()) if sex_text else None
    if sex_text and sex is None:
        notes.append("field 4: neither Nam nor Nữ")
    expiry_text = text(12)
    no_expiry = expiry_text is not None and expiry_text.casefold() in NO_EXPIRY_TEXTS
    parents = [*_strings(items.get(13, ()), 13, notes), None, None]
    spouse = [*_strings(items.get(14, ()), 14, notes), None]
    result = Dg13(
        id_number=_digits(text(1), 12, 1, notes),
        full_name=text(2),
        birth_date=_date(text(3), 3, notes),
        sex=sex,
        nationality=text(5),
        ethnicity=text(6),
        religion=text(7),
        place_of_origin=text(8),
        place_of_residence=text(9),
        identifying_marks=text(10),
        issue_date=_date(text(11), 11, notes),
        expiry_date=None if no_expiry else _date(expiry_text, 12, notes),
        no_expiry=no_expiry,
        father_name=parents[0],
        mother_name=parents[1],
        spouse_name=spouse[0],
        old_id_number=_digits(text(15), 9, 15, notes),
        notes=tuple(notes),
    )
    for note in notes:
        log.info("DG13 %s", note)
    return result
