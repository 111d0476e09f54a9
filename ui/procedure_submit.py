"""The submit step (issue 9): "Nộp hồ sơ" → the durable outbox → the portal's answer → a Receipt.

On the GUI thread only the dossier is put together (cheap, no I/O); `Outbox.enqueue` (moves the
PDFs, one SQLite transaction) and `Outbox.wait_answered` (blocks up to `outbox.answer_wait_s`)
run on this step's own worker. The answer decides what the receipt says, and nothing else:
acknowledged → the portal's dossier code and appointment date; not yet → a *pending* receipt
("đang chờ gửi") with the local reference, while the sender keeps trying in the background.
An enqueue that failed (no store, disk full) is `failed`: nothing was submitted, the citizen may
retry or ask staff — never "sent".

Practice mode never touches the outbox (kiosk.flows.practice.USES_OUTBOX is False): the
submission goes straight to the session's PracticePortal on the same worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

import msgspec
from PySide6.QtCore import QObject, Signal

from kiosk.domain.identity import CitizenIdentity
from kiosk.domain.procedure import Procedure
from kiosk.domain.receipt import Receipt, ReceiptError
from kiosk.flows.procedure_model import Dossier
from kiosk.ports.clock import Clock
from kiosk.ports.portal import ConsentRecord, DossierSubmission, Portal
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CONSENT_NOTICE = "flow_consent.title@1"  # the notice shown and read aloud (prompt id + version)
CONSENT_SCOPES = ("identity", "form", "papers")
PORTAL_HOLD = "portal"  # the session's device hold while the dossier is being handed over


class OutboxLike(Protocol):
    """kiosk.services.outbox.Outbox as this step uses it."""

    def enqueue(self, dossier: Any) -> Any: ...
    def wait_answered(self, local_id: str, timeout_s: float) -> Any: ...
    def rate(self, local_id: str, score: int) -> None: ...


@dataclass(frozen=True, slots=True)
class SubmitAnswer:
    """What the worker learned. `acked`: the portal's answer is in (code, maybe a date)."""

    local_id: str
    acked: bool
    dossier_code: str = ""
    appointment_date: date | None = None
    practice: bool = False


class SubmitJob:
    """On the worker: enqueue, then wait for the portal's first answer (bounded)."""

    def __init__(self, outbox: OutboxLike, dossier: Any, wait_s: float) -> None:
        self._outbox, self._dossier, self._wait_s = outbox, dossier, wait_s

    def __call__(self) -> SubmitAnswer:
        queued = self._outbox.enqueue(self._dossier)
        delivery = self._outbox.wait_answered(queued.local_id, self._wait_s)
        if delivery is not None and delivery.state == "acked" and delivery.dossier_code:
            return SubmitAnswer(
                queued.local_id, True, delivery.dossier_code, delivery.appointment_date
            )
        return SubmitAnswer(queued.local_id, False)


class PracticeJob:
    def __init__(self, portal: Portal, submission: DossierSubmission) -> None:
        self._portal, self._submission = portal, submission

    def __call__(self) -> SubmitAnswer:
        ack = self._portal.submit(self._submission)
        return SubmitAnswer(
            ack.local_id, True, ack.dossier_code, ack.appointment_date, practice=True
        )


def as_field_text(value: object) -> str:
    """Answers are msgspec builtins (ISO dates, address mappings): the outbox stores text."""
    return value if isinstance(value, str) else msgspec.json.encode(value).decode()


def identity_source(identity: CitizenIdentity | None) -> str:
    if identity is None:
        return ""
    source = identity.sources.get("id_number")
    if source is None and identity.sources:
        source = sorted(identity.sources.values())[0]
    return str(source.value) if source is not None else ""


AT_COUNTER_FIELD = "papers.at_counter"  # paper ids the citizen brings to the counter, "," joined


def dossier_fields(dossier: Dossier, identity: CitizenIdentity | None) -> dict[str, str]:
    fields = {k: as_field_text(v) for k, v in dossier.answers.items()}
    # the clerk must know which originals to expect (no copy in the dossier): the scanner was
    # down, the kiosk could not copy one, or an optional paper the citizen chose to bring
    at_counter = [p.paper_id for p in dossier.papers if not p.ref]
    if at_counter:
        fields[AT_COUNTER_FIELD] = ",".join(at_counter)
    if identity is not None:  # who applies: the register needs it (personal; never logged)
        fields["applicant.id_number"] = identity.id_number
        fields["applicant.full_name"] = identity.full_name
    return fields


class SubmitStep(QObject):
    """One dossier at a time. `answered(SubmitAnswer)` or `failed(str)` on the GUI thread."""

    answered = Signal(object)
    failed = Signal(str)  # English detail for the log

    def __init__(
        self,
        outbox: Callable[[], OutboxLike | None],
        clock: Clock,
        kiosk_id: str,
        wait_s: float,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._outbox, self._clock, self._kiosk_id, self._wait_s = outbox, clock, kiosk_id, wait_s
        self._worker = DeviceWorker("portal_submit", self)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self.busy = False

    @property
    def outbox(self) -> OutboxLike | None:
        return self._outbox()

    def submit(
        self,
        dossier: Dossier,
        procedure: Procedure,
        identity: CitizenIdentity | None,
        papers: Mapping[str, Path],
        session_id: str | None,
        practice: Portal | None = None,
    ) -> bool:
        """Start handing the dossier over; False (and nothing started) when that is impossible
        now (no outbox yet: the store is still opening or failed to open)."""
        from kiosk.services.outbox import NewDossier

        consent = ConsentRecord(CONSENT_NOTICE, dossier.consent_at, CONSENT_SCOPES)
        fields = dossier_fields(dossier, identity)
        code = dossier.national_code or procedure.id
        if practice is not None:  # nothing is written anywhere: the learner's data stays here
            submission = DossierSubmission(
                local_id=f"practice-{session_id or 'x'}-{id(dossier):x}",
                procedure_code=code,
                fields=fields,
                attachments={},
                kiosk_id=self._kiosk_id,
                submitted_at=dossier.consent_at,
                identity_source=identity_source(identity),
                consent=consent,
                processing_days=procedure.processing_days,
            )
            self.busy = True
            return self._worker.submit("practice submit", PracticeJob(practice, submission))
        outbox = self._outbox()
        if outbox is None:
            log.error("submit: no outbox (the store is not open); nothing was submitted")
            return False
        new = NewDossier(
            procedure_code=code,
            fields=fields,
            papers=dict(papers),
            identity_source=identity_source(identity),
            consent=consent,
            processing_days=procedure.processing_days,
            session_id=session_id,  # its row is written at session start (kiosk/app.py)
        )
        self.busy = True
        return self._worker.submit("submit", SubmitJob(outbox, new, self._wait_s))

    def close(self) -> None:
        self._worker.close(drop_queued=False)  # an enqueue in progress is finished, not cut

    def _on_finished(self, job: str, result: object) -> None:
        self.busy = False
        if isinstance(result, SubmitAnswer):
            log.info(
                "submit: dossier %s %s", result.local_id, "acked" if result.acked else "pending"
            )
            self.answered.emit(result)
        else:
            self.failed.emit(f"{job}: unexpected result {type(result).__name__}")

    def _on_failed(self, job: str, detail: str) -> None:
        self.busy = False
        log.error("submit: %s failed: %s", job, detail)
        self.failed.emit(detail)


def build_receipt(
    answer: SubmitAnswer,
    procedure: Procedure,
    identity: CitizenIdentity,
    submitted_at: datetime,
    ward: str,
    kiosk_id: str,
    papers: tuple[str, ...],
) -> Receipt:
    """The receipt for the answer. The appointment date is the portal's when it gave one; else
    (the simulated portal, or pending) the same working-day rule the ward register applies
    (kiosk.services.portal_local.working_days), so the paper never shows a made-up day."""
    from kiosk.services.portal_local.working_days import WorkingDayCalendar

    at = submitted_at.astimezone(VIETNAM)
    appointment = answer.appointment_date
    if appointment is None or appointment < at.date():
        appointment = WorkingDayCalendar().appointment_date(at, procedure.processing_days)
    common: dict[str, Any] = {
        "procedure_code": procedure.national_code or "",
        "procedure_name": procedure.name[:200],
        "applicant_name": identity.full_name,
        "applicant_id": identity.id_number,
        "submitted_at": at,
        "appointment_date": appointment,
        "fee_vnd": procedure.fee.amount_vnd,
        "ward_name": ward,
        "kiosk_id": kiosk_id,
        "papers_received": papers,
    }
    if answer.acked:
        return Receipt(dossier_code=answer.dossier_code, **common)
    # the outbox's own key: staff find the dossier by it until the portal gives its code
    return Receipt(dossier_code="", status="pending", local_reference=answer.local_id, **common)


__all__ = [
    "AT_COUNTER_FIELD",
    "PORTAL_HOLD",
    "OutboxLike",
    "ReceiptError",
    "SubmitAnswer",
    "SubmitStep",
    "build_receipt",
]
