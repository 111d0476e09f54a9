"""The dossier receipt ("giấy tiếp nhận hồ sơ và hẹn trả kết quả"): one model, two renderers.

The same Struct is the JSON schema of `kiosk receipt render --json FILE` (unknown keys and bad
values are rejected, naming the key), the input of the thermal and PDF layouts, and what the
receipt screen shows when nothing could be printed. It holds personal data (name, ID number):
its `repr` hides them, so a receipt can reach a log line without leaking anyone.

Required keys: dossier_code, procedure_code, procedure_name, applicant_name, applicant_id,
submitted_at (ISO 8601 with offset), appointment_date (ISO date), fee_vnd, ward_name, kiosk_id.
Documented optional keys: papers_received, tracking_hint, tracking_url, issuing_system, status
("received" | "pending"), local_reference (required when pending: the portal was offline,
the dossier waits in the outbox and has no official code yet) and practice (JSON true/false,
default false: a practice-mode receipt, "Tập sử dụng", issue 9 — nothing was submitted; it is
printed with the "not valid" banner at top and bottom and its QR carries `tap=1`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct

__all__ = [
    "DOSSIER_CODE_PATTERN",
    "RECEIPT_TITLE",
    "Receipt",
    "ReceiptError",
    "decode_receipt_json",
    "mask_id",
]

RECEIPT_TITLE = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"  # the paper's title (Circular 01/2023)

# Circular 01/2018/TT-VPCP Art. 19 (unit code-YYMMDD-sequence) and the free-form unit codes
# provinces use; the same shapes kiosk.services.qr_payloads accepts, so every code we print is
# also recognised when scanned back.
DOSSIER_CODE_PATTERN = r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){0,4}-[0-9]{6}-[0-9]{4,6}$"
PROCEDURE_CODE_PATTERN = r"^[1-3]\.[0-9]{6}(\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})?\Z"

# Free text printed on the receipt and carried in the QR: no control characters, no "|"
# (the QR's field separator).
_TEXT = r"^[^\x00-\x1f\x7f|]*$"
Text = Annotated[str, Meta(min_length=1, max_length=200, pattern=_TEXT)]
OptionalText = Annotated[str, Meta(max_length=300, pattern=_TEXT)]
PaperName = Annotated[str, Meta(min_length=1, max_length=160, pattern=_TEXT)]


class ReceiptError(ValueError):
    """A receipt's data is wrong; `key` names the offending key (JSON path), `reason` says why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}" if key else reason)
        self.key = key
        self.reason = reason


def mask_id(id_number: str) -> str:
    """Show only the last 4 digits (design §5): 079201012345 → ********2345."""
    return "*" * (len(id_number) - 4) + id_number[-4:]


class Receipt(Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    dossier_code: Annotated[str, Meta(max_length=64)]  # "" only while pending
    procedure_code: Annotated[str, Meta(pattern=PROCEDURE_CODE_PATTERN)]
    procedure_name: Text
    applicant_name: Text
    applicant_id: Annotated[str, Meta(pattern=r"^[0-9]{12}\Z")]  # printed masked
    submitted_at: datetime  # aware
    appointment_date: date
    fee_vnd: Annotated[int, Meta(ge=0, le=1_000_000_000)]
    ward_name: Text
    kiosk_id: Annotated[str, Meta(pattern=r"^[A-Za-z0-9_.-]{1,40}\Z")]
    papers_received: tuple[PaperName, ...] = ()
    tracking_hint: OptionalText = ""  # e.g. "Tra cứu tại dichvucong.gov.vn hoặc quét mã QR"
    tracking_url: Annotated[str, Meta(max_length=200, pattern=r"^(https?://[^\s|]+)?\Z")] = ""
    issuing_system: OptionalText = ""  # the QR's "issuing system"; "" = "Kiosk <kiosk_id>"
    status: Literal["received", "pending"] = "received"
    local_reference: Annotated[str, Meta(max_length=40, pattern=r"^[A-Za-z0-9_.-]*\Z")] = ""
    practice: bool = False  # practice mode: nothing was submitted, the paper says so

    def __post_init__(self) -> None:
        if self.submitted_at.tzinfo is None or self.submitted_at.utcoffset() is None:
            raise ReceiptError("submitted_at", "needs a UTC offset, e.g. 2026-11-23T08:15:00+07:00")
        if self.appointment_date < self.submitted_at.date():
            raise ReceiptError("appointment_date", "is before the day the dossier was received")
        if any(unicodedata.category(c) in ("Cc", "Cs", "Co") for c in self.issuing_system):
            raise ReceiptError("issuing_system", "control or private-use characters")
        if self.status == "received":
            if not re.fullmatch(DOSSIER_CODE_PATTERN, self.dossier_code):
                raise ReceiptError(
                    "dossier_code", "expected a dossier code like 000.00.12.H29-261123-0001"
                )
        else:
            if self.dossier_code:
                raise ReceiptError("dossier_code", "must be empty while the receipt is pending")
            if not self.local_reference:
                raise ReceiptError("local_reference", "a pending receipt needs a local reference")

    @property
    def masked_id(self) -> str:
        return mask_id(self.applicant_id)

    @property
    def pending(self) -> bool:
        return self.status == "pending"

    @property
    def issuer(self) -> str:
        return self.issuing_system or f"Kiosk {self.kiosk_id}"

    @property
    def shown_reference(self) -> str:
        """The local reference as printed and shown: a UUID (the outbox's idempotency key)
        shortened to what a citizen can read out at the counter (see `short_reference`)."""
        return short_reference(self.local_reference)

    @property
    def reference(self) -> str:
        """What identifies the dossier on paper: its code, or the local reference if pending."""
        return self.local_reference if self.pending else self.dossier_code

    def __repr__(self) -> str:  # never the name or the ID number
        return (
            f"Receipt(dossier_code={self.dossier_code!r}, procedure_code={self.procedure_code!r}, "
            f"status={self.status!r}, kiosk_id={self.kiosk_id!r}"
            f"{', practice=True' if self.practice else ''})"
        )

    __str__ = __repr__


_KEY = re.compile(r"at `\$\.([A-Za-z_][A-Za-z0-9_]*)")
_UNKNOWN = re.compile(r"unknown field `([^`]*)`")
_MISSING = re.compile(r"missing required field `([^`]*)`")
_POST_INIT = re.compile(r"^([a-z_]+): (.*?)(?: - at `\$`)?$", re.S)  # our own ReceiptError


def decode_receipt_json(data: bytes | str) -> Receipt:
    """Parse the JSON form; raises ReceiptError naming the key that is wrong."""
    try:
        return msgspec.json.decode(data, type=Receipt)
    except ReceiptError:
        raise
    except msgspec.ValidationError as exc:
        text = str(exc)
        for pattern, reason in ((_UNKNOWN, "unknown key"), (_MISSING, "missing required key")):
            found = pattern.search(text)
            if found:
                raise ReceiptError(found.group(1), reason) from None
        own = _POST_INIT.match(text)
        if own and own.group(1) in Receipt.__struct_fields__:
            raise ReceiptError(own.group(1), own.group(2)) from None
        key = _KEY.search(text)
        raise ReceiptError(key.group(1) if key else "", text) from None
    except msgspec.DecodeError as exc:
        raise ReceiptError("", f"not valid JSON: {exc}") from None


_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z"
)


def short_reference(local_reference: str) -> str:
    """A UUID local reference → its first 8 hex digits, upper case ("35DEFFE2"): 36 characters
    are unreadable on a receipt, and staff find the dossier by these 8 in the outbox view (the
    QR keeps the whole reference). Any other reference (already short) is kept as it is."""
    if _UUID.match(local_reference):
        return local_reference[:8].upper()
    return local_reference
