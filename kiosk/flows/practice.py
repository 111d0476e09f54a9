"""Practice mode ("Tập sử dụng"): the same flows end to end, a banner, nothing submitted, the
receipt marked as practice (issue 9) — so citizens can learn the steps, as ward teams do by hand.

What changes, and only this:
- the banner (`BANNER_ID`) on every screen of the session;
- the portal: `PracticePortal` wraps the real one and never calls its `submit`, `rate` or
  `status`; it answers with a practice acknowledgement whose code starts with `TAP-` (ASCII so
  the receipt model, its QR and the QR classifier all accept it) and tracks only its own codes;
- the receipt: `mark_practice(receipt)` sets `Receipt.practice` — the paper and the PDF then
  carry the "BẢN TẬP SỬ DỤNG — KHÔNG CÓ GIÁ TRỊ" banner at top and bottom and the QR ends with
  `tap=1`, which tracking refuses to look up in the real portal — and replaces the tracking hint
  (no portal address: the practice dossier is nowhere to be found);
- the outbox is not used (`USES_OUTBOX`): a practice dossier holds a real citizen's data and
  must not be written anywhere; the flow hands the submission straight to `PracticePortal`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import msgspec

from kiosk.domain.devices import HealthReport, HealthState
from kiosk.domain.receipt import Receipt
from kiosk.ports.clock import Clock
from kiosk.ports.portal import (
    DossierNotFound,
    DossierStatusReport,
    DossierSubmission,
    Portal,
    PortalRejected,
    SubmissionAck,
)
from kiosk.prompts import PromptCatalogue

__all__ = [
    "BANNER_ID",
    "PRACTICE_PREFIX",
    "PROMPT_IDS",
    "USES_OUTBOX",
    "PracticePortal",
    "is_practice",
    "is_practice_code",
    "mark_practice",
]

BANNER_ID = "practice.banner"
HINT_ID = "practice.receipt_hint"
PROMPT_IDS = (BANNER_ID, HINT_ID)
PRACTICE_PREFIX = "TAP-"  # "TẬP" without its accent: dossier codes are ASCII
USES_OUTBOX = False
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def is_practice_code(dossier_code: str) -> bool:
    return dossier_code.upper().startswith(PRACTICE_PREFIX)


@dataclass(frozen=True, slots=True)
class _Record:
    submission: DossierSubmission
    ack: SubmissionAck


class PracticePortal:
    """A Portal decorator for practice sessions. `inner` is held only to report its health (so
    the screens look as they would for real); none of its other methods is ever called."""

    def __init__(self, inner: Portal | None, clock: Clock) -> None:
        self._inner = inner
        self._clock = clock
        self._lock = threading.Lock()
        self._by_local_id: dict[str, _Record] = {}
        self._by_code: dict[str, _Record] = {}
        self._sequences: dict[date, int] = {}

    def health(self) -> HealthReport:
        if self._inner is None:
            return HealthReport(HealthState.READY, "practice")
        return self._inner.health()

    def submit(self, dossier: DossierSubmission) -> SubmissionAck:
        """A practice acknowledgement; idempotent on `local_id` like every portal."""
        with self._lock:
            known = self._by_local_id.get(dossier.local_id)
            if known is not None:
                return known.ack
            now = self._clock.now()
            day = now.astimezone(VIETNAM).date()
            sequence = self._sequences.get(day, 0) + 1
            self._sequences[day] = sequence
            code = f"{PRACTICE_PREFIX}{day:%y%m%d}-{sequence:04d}"
            ack = SubmissionAck(
                local_id=dossier.local_id, dossier_code=code, received_at=now, appointment_date=day
            )
            record = _Record(dossier, ack)
            self._by_local_id[dossier.local_id] = record
            self._by_code[code] = record
            return ack

    def status(self, dossier_code: str) -> DossierStatusReport:
        """Only practice codes are known here: tracking is practised on practice receipts."""
        with self._lock:
            record = self._by_code.get(dossier_code.upper())
        if record is None:
            raise DossierNotFound("not a practice dossier of this session")
        return DossierStatusReport(
            dossier_code=record.ack.dossier_code,
            status="received",
            updated_at=record.ack.received_at,
            procedure_code=record.submission.procedure_code,
            received_at=record.ack.received_at,
            appointment_date=record.ack.appointment_date,
        )

    def rate(self, dossier_code: str, score: int) -> None:
        if isinstance(score, bool) or not 1 <= score <= 5:
            raise PortalRejected("rating must be 1-5")
        # kept nowhere: a practice rating says nothing about the ward's service

    def close(self) -> None:
        """Forget the practice dossiers (they hold the learner's answers). The inner portal is
        the composition root's to close."""
        with self._lock:
            self._by_local_id.clear()
            self._by_code.clear()


def mark_practice(receipt: Receipt, prompts: PromptCatalogue) -> Receipt:
    """The receipt, marked as practice: `practice` set (the printed banner and the QR's `tap=1`
    follow from it), the tracking hint says no dossier was sent and the portal address is
    dropped. Its code must already be a practice code."""
    if receipt.status == "received" and not is_practice_code(receipt.dossier_code):
        raise ValueError("a practice receipt needs a practice dossier code (TAP-…)")
    return msgspec.structs.replace(
        receipt, practice=True, tracking_hint=prompts.text(HINT_ID), tracking_url=""
    )


def is_practice(receipt: Receipt) -> bool:
    """Marked (`practice`), or holding a practice code (a receipt built before marking)."""
    return (
        receipt.practice
        or is_practice_code(receipt.dossier_code)
        or receipt.local_reference.upper().startswith(PRACTICE_PREFIX)
    )
