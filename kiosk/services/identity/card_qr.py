"""The QR printed on the CCCD (2021) and the căn cước (2024) card (vn-formats.md §1.2–1.3).

`ID12|CMND9 or empty|Full name|ddmmyyyy|Nam/Nữ|Address|ddmmyyyy(issue)`, UTF-8, pipe-separated;
2024 cards append empty fields (11 in all). The QR is unsigned: it pre-fills and gives BAC keys,
it never proves who the citizen is (§1.5).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.id_number import FEMALE, MALE, validate_id_number

__all__ = [
    "CardQr",
    "QrVariant",
    "format_card_qr",
    "parse_card_qr",
    "parse_ddmmyyyy",
    "validate_id_number",
]

MIN_FIELDS = 7
MAX_FIELDS = 16  # more than any layout seen; beyond it the text is something else


class QrVariant(StrEnum):
    CCCD_2021 = "cccd_2021"  # exactly 7 fields
    CAN_CUOC_2024 = "can_cuoc_2024"  # 7 fields + (so far empty) extra fields


@dataclass(frozen=True, slots=True)
class CardQr:
    id_number: str
    old_id: str | None  # the 9-digit CMND; None when the citizen never had one
    full_name: str
    birth_date: date
    sex: str  # "Nam" / "Nữ"
    address: str
    issue_date: date
    variant: QrVariant = QrVariant.CCCD_2021
    extra_fields: tuple[str, ...] = ()  # fields 7…; meaning unknown (§1.2), kept verbatim
    quirks: tuple[str, ...] = field(default=(), compare=False)  # scanner damage we undid, for logs


# A scanner's AIM symbology identifier (]Q1 for QR) is prepended when the reader is set up so.
_AIM_PREFIX = re.compile(r"^\][A-Za-z][0-9A-Za-z]")
_START = re.compile(r"(?<![0-9])[0-9]{12}\|")
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_SPACES = re.compile(r"\s+")
_SEX = {"nam": MALE, "nữ": FEMALE, "nu": FEMALE}


def parse_ddmmyyyy(text: str) -> date | None:
    """Strict `ddmmyyyy` (8 ASCII digits, a real calendar day, 1900–2399), else None."""
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        return None
    day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
    if not 1900 <= year <= 2399:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _repair_mojibake(text: str) -> str:
    """UTF-8 bytes shown as cp1252 ('Ná»¯' for 'Nữ'), as some wedge/serial set-ups deliver them."""
    if text.isascii():
        return text
    raw = bytearray()
    for char in text:
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            if ord(char) > 0xFF:  # a real Vietnamese letter: this text is not mojibake
                return text
            raw.append(ord(char))  # the five bytes cp1252 leaves undefined arrive as C1 controls
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def _normalise(text: str, quirks: list[str]) -> str | IdentityError:
    cleaned = text.translate(_INVISIBLE)
    if cleaned != text:
        quirks.append("invisible characters (BOM) removed")
    repaired = _repair_mojibake(cleaned)
    if repaired != cleaned:
        quirks.append("cp1252 mojibake repaired")
    text = unicodedata.normalize("NFC", repaired).strip()
    # Readers that send the payload twice, with or without a line break in between; each scan
    # may carry the reader's AIM prefix.
    lines = [_AIM_PREFIX.sub("", line.strip(), count=1).lstrip() for line in text.splitlines()]
    if any(line != raw.strip() for line, raw in zip(lines, text.splitlines(), strict=True)):
        quirks.append("AIM symbology prefix removed")
    lines = [line for line in lines if line]
    text = lines[0] if len(lines) == 1 else text
    if len(lines) > 1:
        if len(set(lines)) != 1:
            return IdentityError.of(IdentityErrorCode.QR_UNREADABLE, "several different lines")
        quirks.append("payload repeated on several lines")
        text = lines[0]
    half = len(text) // 2
    if len(text) % 2 == 0 and half and text[:half] == text[half:] and _START.match(text):
        quirks.append("payload repeated")
        text = text[:half]
    start = _START.search(text)
    if start is None:
        return IdentityError.of(IdentityErrorCode.QR_NOT_A_CARD, "no 12-digit ID followed by |")
    if start.start():
        quirks.append("leading characters before the ID dropped")
        text = text[start.start() :]
    return text


def _clean_field(value: str) -> str:
    return _SPACES.sub(" ", value).strip()


def parse_card_qr(text: str) -> CardQr | IdentityError:
    """Parse the card QR text; never raises (a non-str gives qr_unreadable)."""
    try:
        return _parse(text)
    except Exception as exc:  # the boundary: a bug here must not crash the identity screen
        return IdentityError.of(IdentityErrorCode.QR_UNREADABLE, f"parser failure: {exc!r}")


def _parse(text: str) -> CardQr | IdentityError:
    if not isinstance(text, str):
        return IdentityError.of(IdentityErrorCode.QR_UNREADABLE, "payload is not text")
    quirks: list[str] = []
    normalised = _normalise(text, quirks)
    if isinstance(normalised, IdentityError):
        return normalised
    if any(
        unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn") or c == "\ufffd" for c in normalised
    ):
        return IdentityError.of(IdentityErrorCode.QR_UNREADABLE, "control or broken characters")
    fields = [_clean_field(f) for f in normalised.split("|")]
    if not MIN_FIELDS <= len(fields) <= MAX_FIELDS:
        return IdentityError.of(
            IdentityErrorCode.QR_NOT_A_CARD, f"{len(fields)} fields, expected 7 to {MAX_FIELDS}"
        )
    id_number, old_id, name, born, sex_text, address, issued = fields[:MIN_FIELDS]
    extra = tuple(fields[MIN_FIELDS:])
    if old_id and (len(old_id) != 9 or not old_id.isascii() or not old_id.isdigit()):
        return IdentityError.of(IdentityErrorCode.BAD_ID_NUMBER, "old ID is not 9 digits")
    if not name:
        return IdentityError.of(IdentityErrorCode.QR_NOT_A_CARD, "empty name")
    birth_date = parse_ddmmyyyy(born)
    issue_date = parse_ddmmyyyy(issued)
    if birth_date is None or issue_date is None:
        which = "birth" if birth_date is None else "issue"
        return IdentityError.of(IdentityErrorCode.BAD_DATE, f"{which} date is not ddmmyyyy")
    if issue_date < birth_date:
        return IdentityError.of(IdentityErrorCode.BAD_DATE, "issue date before birth date")
    sex = _SEX.get(sex_text.casefold())
    if sex is None:
        return IdentityError.of(IdentityErrorCode.BAD_SEX, "sex is neither Nam nor Nữ")
    bad_id = validate_id_number(id_number, birth_date=birth_date, sex=sex)
    if bad_id is not None:
        return bad_id
    return CardQr(
        id_number=id_number,
        old_id=old_id or None,
        full_name=name,
        birth_date=birth_date,
        sex=sex,
        address=address,
        issue_date=issue_date,
        variant=QrVariant.CAN_CUOC_2024 if extra else QrVariant.CCCD_2021,
        extra_fields=extra,
        quirks=tuple(quirks),
    )


def format_card_qr(qr: CardQr) -> str:
    """The QR text a card of `qr.variant` carries (2024 layout: four empty extra fields)."""
    extra = qr.extra_fields
    if qr.variant is QrVariant.CAN_CUOC_2024 and not extra:
        extra = ("", "", "", "")
    return "|".join(
        (
            qr.id_number,
            qr.old_id or "",
            qr.full_name,
            f"{qr.birth_date.day:02d}{qr.birth_date.month:02d}{qr.birth_date.year:04d}",
            qr.sex,
            qr.address,
            f"{qr.issue_date.day:02d}{qr.issue_date.month:02d}{qr.issue_date.year:04d}",
            *extra,
        )
    )
