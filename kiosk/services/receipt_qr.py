"""The receipt's QR payload (Circular 01/2023/TT-VPCP): encode and decode. See docs/receipt-qr.md.

No public encoding of the Circular's QR exists (vn-formats §4), so this is our own, version 1:

    BNHS1|mhs=<dossier code>|tthc=<procedure code>|cccd=<applicant>|tieude=<title>
         |hethong=<issuing system>|thoigian=<ISO 8601 time with offset>|hentra=<ISO date>

UTF-8, "|"-separated `key=value` fields in this fixed order after the version tag. The keys are
the short Vietnamese names kiosk.services.qr_payloads already reads (so any kiosk recognises our
receipts when they are scanned back). A pending receipt (portal offline) carries `tam=<local
reference>` in place of `mhs`. A practice-mode receipt ("Tập sử dụng": nothing was submitted)
ends with one more field, `|tap=1`; a normal receipt never carries it, so its payload is
unchanged. The applicant identifier is masked to its last 4 digits by
default: the QR is on paper the citizen carries and may lose, and the dossier code alone finds
the dossier; `full_identifier=True` is there for a province system that insists on the full ID.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.receipt import (
    DOSSIER_CODE_PATTERN,
    PROCEDURE_CODE_PATTERN,
    RECEIPT_TITLE,
    Receipt,
)

__all__ = [
    "QR_VERSION",
    "ReceiptQr",
    "ReceiptQrError",
    "decode_receipt_qr",
    "encode_receipt_qr",
    "receipt_qr",
]

QR_VERSION = 1
_TAG = "BNHS"  # "biên nhận hồ sơ"
_KEYS_RECEIVED = ("mhs", "tthc", "cccd", "tieude", "hethong", "thoigian", "hentra")
_KEYS_PENDING = ("tam", "tthc", "cccd", "tieude", "hethong", "thoigian", "hentra")
_APPLICANT = re.compile(r"^([0-9]{12}|\*{8}[0-9]{4})$")
_FREE_TEXT = re.compile(r"^[^\x00-\x1f\x7f|]{1,200}$")
_LOCAL_REF = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_PRACTICE = ("tap", "1")  # "tập": the last field of a practice receipt's payload, only there


class ReceiptQrError(ValueError):
    """The text is not a receipt QR of a version we read; the message says what is wrong."""


@dataclass(frozen=True, slots=True)
class ReceiptQr:
    """The Circular's fields. `dossier_code` is "" and `local_reference` set when pending."""

    dossier_code: str
    procedure_code: str
    applicant: str  # masked ("********2345") or the full 12 digits
    title: str
    issuer: str
    issued_at: datetime  # aware; carried to the second
    appointment_date: date
    local_reference: str = ""
    practice: bool = False  # a practice-mode receipt: never look it up in the real portal
    version: int = QR_VERSION

    @property
    def pending(self) -> bool:
        return not self.dossier_code

    def __repr__(self) -> str:
        mark = ", practice" if self.practice else ""
        return f"ReceiptQr(v{self.version}, {self.dossier_code or self.local_reference!r}{mark})"


def receipt_qr(receipt: Receipt, *, full_identifier: bool = False) -> ReceiptQr:
    """The QR fields of a receipt."""
    return ReceiptQr(
        dossier_code=receipt.dossier_code,
        procedure_code=receipt.procedure_code,
        applicant=receipt.applicant_id if full_identifier else receipt.masked_id,
        title=RECEIPT_TITLE,
        issuer=receipt.issuer.strip() or f"Kiosk {receipt.kiosk_id}",
        issued_at=receipt.submitted_at.replace(microsecond=0),
        appointment_date=receipt.appointment_date,
        local_reference=receipt.local_reference if receipt.pending else "",
        practice=receipt.practice,
    )


def encode_receipt_qr(qr: ReceiptQr | Receipt, *, full_identifier: bool = False) -> str:
    """The payload text (UTF-8 when put in the symbol). Raises ReceiptQrError on a field that
    could not be read back (a "|" in free text, a naive time …)."""
    if isinstance(qr, Receipt):
        qr = receipt_qr(qr, full_identifier=full_identifier)
    _check(qr)
    first = ("tam", qr.local_reference) if qr.pending else ("mhs", qr.dossier_code)
    fields = (
        first,
        ("tthc", qr.procedure_code),
        ("cccd", qr.applicant),
        ("tieude", qr.title),
        ("hethong", qr.issuer),
        ("thoigian", qr.issued_at.isoformat(timespec="seconds")),
        ("hentra", qr.appointment_date.isoformat()),
        *((_PRACTICE,) if qr.practice else ()),
    )
    return "|".join([f"{_TAG}{QR_VERSION}", *(f"{k}={v}" for k, v in fields)])


def decode_receipt_qr(text: str) -> ReceiptQr:
    """Parse a version-1 payload exactly (fixed keys and order, then `tap=1` on a practice
    receipt and nowhere else); raises ReceiptQrError."""
    parts = text.split("|")
    head = parts[0]
    digits = head[len(_TAG) :]
    if not head.startswith(_TAG) or not (digits.isascii() and digits.isdigit()):
        raise ReceiptQrError(f"not a receipt QR (expected {_TAG}{QR_VERSION}|…)")
    version = int(digits)
    if version != QR_VERSION:
        raise ReceiptQrError(f"receipt QR version {version} is not supported (only {QR_VERSION})")
    practice = len(parts) > 1 and parts[-1] == "=".join(_PRACTICE)
    pairs = [p.partition("=") for p in parts[1 : -1 if practice else None]]
    keys = tuple(k for k, _, _ in pairs)
    if keys not in (_KEYS_RECEIVED, _KEYS_PENDING) or any(not sep for _, sep, _ in pairs):
        raise ReceiptQrError(f"expected the fields {', '.join(_KEYS_RECEIVED)} in this order")
    values = [v for _, _, v in pairs]
    try:
        issued_at = datetime.fromisoformat(values[5])
        appointment = date.fromisoformat(values[6])
    except ValueError as exc:
        raise ReceiptQrError(f"bad time or date: {exc}") from None
    pending = keys[0] == "tam"
    qr = ReceiptQr(
        dossier_code="" if pending else values[0],
        procedure_code=values[1],
        applicant=values[2],
        title=values[3],
        issuer=values[4],
        issued_at=issued_at,
        appointment_date=appointment,
        local_reference=values[0] if pending else "",
        practice=practice,
        version=version,
    )
    _check(qr)
    return qr


def _check(qr: ReceiptQr) -> None:
    if qr.pending:
        if not _LOCAL_REF.match(qr.local_reference):
            raise ReceiptQrError("local reference: letters, digits, '.', '_' or '-' only")
    elif not re.fullmatch(DOSSIER_CODE_PATTERN, qr.dossier_code) or qr.local_reference:
        raise ReceiptQrError("dossier code: not a dossier code")
    if not re.fullmatch(PROCEDURE_CODE_PATTERN, qr.procedure_code):
        raise ReceiptQrError("procedure code: not a national procedure code")
    if not _APPLICANT.match(qr.applicant):
        raise ReceiptQrError("applicant: 12 digits, or masked as ******** and the last 4")
    for name, value in (("title", qr.title), ("issuer", qr.issuer)):
        if not _FREE_TEXT.match(value) or value != value.strip() or not printable(value):
            raise ReceiptQrError(f"{name}: 1-200 characters, no '|' or control characters")
    offset = qr.issued_at.utcoffset()
    if offset is None or qr.issued_at.microsecond or offset.seconds % 60:
        raise ReceiptQrError("time: needs an offset in whole minutes, to the second")


def printable(text: str) -> bool:
    """No control, surrogate or private-use characters: scanners (and our classifier) refuse
    them, so a QR holding one would not be read back."""
    return all(unicodedata.category(c) not in ("Cc", "Cs", "Co") for c in text)
