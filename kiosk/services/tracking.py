"""Track a dossier without logging in: a scanned receipt QR or a typed code → its status in
plain words (issue 9, "Track a dossier"). Pure: the portal is reached through a small port.

Two steps so the GUI can check the input on its own thread and look up on a worker:

    query = query_from_scan(text)            # or query_from_typed(text, unit_code)
    if isinstance(query, BadInput): say query.prompt_id  (nothing was looked up)
    else: result = look_up(portal, query)    # on a worker: it may wait on the network

Only non-personal details ever reach a `TrackingResult` (dossier code, procedure, dates,
status): the portal's status answer carries nothing else, and the receipt QR's applicant field is
dropped on the way in. `personal_allowed` is the caller's statement that the same citizen's card
is on the reader; it is recorded, but nothing personal exists here to show with it.

A practice receipt (its QR ends with `tap=1`, docs/receipt-qr.md) is never looked up outside a
practice session: its dossier was never submitted, and its code must not reach the real portal.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, tzinfo
from enum import StrEnum
from typing import Protocol
from zoneinfo import ZoneInfo

from kiosk.ports.portal import DossierNotFound, DossierStatusReport, PortalError, PortalRejected
from kiosk.services.qr_payloads import QrKind, classify
from kiosk.services.receipt_qr import ReceiptQr, ReceiptQrError, decode_receipt_qr

__all__ = [
    "KNOWN_STATUSES",
    "PROMPT_IDS",
    "PROMPT_PENDING",
    "PROMPT_PRACTICE",
    "BadInput",
    "StatusLookup",
    "TrackingOutcome",
    "TrackingQuery",
    "TrackingResult",
    "look_up",
    "query_from_scan",
    "query_from_typed",
    "status_prompt",
]

log = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# The ward register's statuses (kiosk.services.portal_local.registry.STATUSES); anything else a
# portal may answer is said as "being processed", never shown raw.
KNOWN_STATUSES = (
    "received",
    "processing",
    "additional_papers_needed",
    "done",
    "returned",
    "rejected",
)
READY_STATUSES = frozenset({"done"})

PROMPT_NOT_FOUND = "tracking.not_found"
PROMPT_OFFLINE = "tracking.offline"
PROMPT_MALFORMED = "tracking.malformed"
PROMPT_NOT_RECEIPT = "tracking.not_receipt"
PROMPT_DAMAGED = "tracking.damaged"
PROMPT_PENDING = "tracking.pending_receipt"
PROMPT_PRACTICE = "receipt.practice_not_trackable"  # in receipt.toml, next to the banner
PROMPT_OTHER = "tracking.status_other"
PROMPT_IDS = (
    PROMPT_NOT_FOUND,
    PROMPT_OFFLINE,
    PROMPT_MALFORMED,
    PROMPT_NOT_RECEIPT,
    PROMPT_DAMAGED,
    PROMPT_PENDING,
    PROMPT_PRACTICE,
    PROMPT_OTHER,
    *(f"tracking.status_{s}" for s in KNOWN_STATUSES),
)

# What a citizen types: the part of the code printed after the ward's unit code,
# "YYMMDD-XXXX" (with or without the dash), or the whole code.
_TYPED_TAIL = re.compile(r"^([0-9]{6})-?([0-9]{4,6})$")
_UNIT = re.compile(r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){0,4}$")
_MAX_TYPED = 64


class TrackingOutcome(StrEnum):
    FOUND = "found"
    NOT_FOUND = "not_found"
    OFFLINE = "offline"


@dataclass(frozen=True, slots=True)
class TrackingQuery:
    dossier_code: str
    source: str  # "qr" or "typed", for the log


@dataclass(frozen=True, slots=True)
class BadInput:
    """The input cannot be looked up: `prompt_id` tells the citizen how to fix it, `reason` is
    English for the log (never the scanned text: a card QR holds a name and an ID number)."""

    prompt_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class TrackingResult:
    outcome: TrackingOutcome
    prompt_id: str  # the status (or the problem) in plain words: shown and spoken
    dossier_code: str = ""
    procedure_code: str = ""
    procedure_name: str = ""
    received_on: date | None = None  # in Vietnam's time
    appointment_date: date | None = None
    ready: bool = False  # the result can be collected
    status: str = ""  # the portal's status name, for the log
    personal_allowed: bool = False  # the same citizen's card is on the reader (see module doc)


class StatusLookup(Protocol):
    """The part of the Portal port tracking needs (every Portal adapter has it)."""

    def status(self, dossier_code: str) -> DossierStatusReport: ...


def query_from_scan(
    text: str | bytes, *, practice_session: bool = False
) -> TrackingQuery | BadInput:
    """A scanned QR: our receipt payload, a portal URL or JSON holding the code, a bare code.
    A practice receipt is refused unless `practice_session` (the session's portal is then the
    practice portal, which knows only practice codes)."""
    scanned = classify(text)
    receipt = scanned.kind in (QrKind.RECEIPT, QrKind.DOSSIER_CODE)
    if scanned.refused or (scanned.damaged and (receipt or scanned.kind is QrKind.UNKNOWN)):
        return BadInput(PROMPT_DAMAGED, f"scan not usable: {scanned.reason}")
    if not receipt:  # the ID card, a procedure's QR, VNeID …: say which QR to scan
        return BadInput(PROMPT_NOT_RECEIPT, f"scan is a {scanned.kind}, not a receipt")
    ours = _our_receipt(scanned.text)
    if ours is not None and ours.practice and not practice_session:
        return BadInput(PROMPT_PRACTICE, "practice receipt: not looked up in the real portal")
    code = scanned.fields.get("dossier_code", "")
    if not code:
        if ours is not None and ours.pending:
            # printed while the portal was offline ("tam=" local reference): no code yet
            return BadInput(PROMPT_PENDING, "pending receipt: no dossier code yet")
        return BadInput(PROMPT_NOT_RECEIPT, "receipt QR without a dossier code")
    return TrackingQuery(code, "qr")


def query_from_typed(text: str, unit_code: str = "") -> TrackingQuery | BadInput:
    """A typed code: the whole dossier code, or its "YYMMDD-XXXX" tail completed with the ward's
    `unit_code` (what the receipt prints after it; the kiosk's portal numbers with that unit)."""
    typed = "".join(text.split()).upper()
    if not typed:
        return BadInput(PROMPT_MALFORMED, "nothing typed")
    if len(typed) > _MAX_TYPED or not typed.isascii():
        return BadInput(PROMPT_MALFORMED, f"typed code of {len(typed)} characters")
    tail = _TYPED_TAIL.fullmatch(typed)
    if tail is not None:
        if not _UNIT.fullmatch(unit_code):
            return BadInput(PROMPT_MALFORMED, "only the tail was typed and no unit code is set")
        typed = f"{unit_code}-{tail.group(1)}-{tail.group(2)}"
    scanned = classify(typed)
    if scanned.kind is not QrKind.DOSSIER_CODE:
        return BadInput(PROMPT_MALFORMED, "typed text is not a dossier code")
    if scanned.damaged:
        return BadInput(PROMPT_MALFORMED, "typed code's date is not a calendar day")
    return TrackingQuery(scanned.fields["dossier_code"], "typed")


def _our_receipt(text: str) -> ReceiptQr | None:
    try:
        return decode_receipt_qr(text)
    except ReceiptQrError:
        return None


def status_prompt(status: str) -> str:
    return f"tracking.status_{status}" if status in KNOWN_STATUSES else PROMPT_OTHER


def look_up(
    portal: StatusLookup,
    query: TrackingQuery,
    *,
    procedure_name: Callable[[str], str | None] | None = None,
    personal_allowed: bool = False,
    zone: tzinfo = VIETNAM,
) -> TrackingResult:
    """Ask the portal (blocks: call it on a worker). Never raises for a portal problem: not
    found and offline are outcomes with their prompt; an adapter bug reads as offline."""
    code = query.dossier_code
    try:
        report = portal.status(code)
    except DossierNotFound:
        log.info("tracking: %s (%s): not found", code, query.source)
        return TrackingResult(TrackingOutcome.NOT_FOUND, PROMPT_NOT_FOUND, dossier_code=code)
    except PortalRejected as exc:  # e.g. a code the portal refuses to look up
        log.warning("tracking: %s: refused: %s", code, exc)
        return TrackingResult(TrackingOutcome.NOT_FOUND, PROMPT_NOT_FOUND, dossier_code=code)
    except PortalError as exc:
        log.warning("tracking: %s: portal unavailable: %s", code, exc)
        return TrackingResult(TrackingOutcome.OFFLINE, PROMPT_OFFLINE, dossier_code=code)
    except Exception:  # the boundary: a broken adapter must become words, not a crash
        log.exception("tracking: %s: status lookup failed", code)
        return TrackingResult(TrackingOutcome.OFFLINE, PROMPT_OFFLINE, dossier_code=code)
    name = ""
    if procedure_name is not None and report.procedure_code:
        try:
            name = procedure_name(report.procedure_code) or ""
        except Exception:  # a missing catalogue entry only loses the name
            log.warning("tracking: no name for procedure %s", report.procedure_code)
    received = report.received_at.astimezone(zone).date() if report.received_at else None
    log.info("tracking: %s (%s): %s", code, query.source, report.status)
    return TrackingResult(
        TrackingOutcome.FOUND,
        status_prompt(report.status),
        dossier_code=report.dossier_code or code,
        procedure_code=report.procedure_code,
        procedure_name=name,
        received_on=received,
        appointment_date=report.appointment_date,
        ready=report.status in READY_STATUSES,
        status=report.status,
        personal_allowed=personal_allowed,
    )
