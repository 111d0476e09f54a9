"""Enqueue a submitted dossier durably; read where it is; rebuild it for the portal."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import msgspec

from kiosk.ports.clock import Clock
from kiosk.ports.portal import ConsentRecord, DossierSubmission
from kiosk.services.outbox.folder import PaperFolder, StoredPaper
from kiosk.store.outbox_repository import Delivery, DueDossier, OutboxRepository

SETTLED = ("acked", "failed")


class _Consent(msgspec.Struct, forbid_unknown_fields=True):
    notice_id: str
    given_at: datetime
    scopes: list[str]


class _Paper(msgspec.Struct, forbid_unknown_fields=True):
    paper_id: str
    file: str
    sha256: str
    size: int


class StoredPayload(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """`dossiers.payload`: everything needed to rebuild the submission after a restart."""

    v: int = 1
    kiosk_id: str
    submitted_at: datetime
    fields: dict[str, str]
    identity_source: str
    consent: _Consent | None
    rating: int | None
    processing_days: int
    papers: list[_Paper]


@dataclass(frozen=True, slots=True)
class NewDossier:
    """What the session hands over when the citizen presses "Nộp hồ sơ"."""

    procedure_code: str
    fields: Mapping[str, str]
    papers: Mapping[str, Path | bytes]  # paper id → PDF file (moved into the outbox) or bytes
    identity_source: str
    consent: ConsentRecord | None
    processing_days: int = 0
    rating: int | None = None
    session_id: str | None = None
    local_id: str | None = None  # the idempotency key; a new UUID when None


@dataclass(frozen=True, slots=True)
class Queued:
    local_id: str
    queued_at: datetime
    created: bool  # False: this local id was already queued (nothing written)


class Outbox:
    def __init__(
        self, repository: OutboxRepository, folder: PaperFolder, clock: Clock, kiosk_id: str
    ) -> None:
        self._repo = repository
        self._folder = folder
        self._clock = clock
        self._kiosk_id = kiosk_id
        self._changed = threading.Condition()
        self._enqueue_lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []

    @property
    def repository(self) -> OutboxRepository:
        return self._repo

    @property
    def folder(self) -> PaperFolder:
        return self._folder

    def enqueue(self, dossier: NewDossier) -> Queued:
        """Papers into the outbox folder, then dossier + outbox row + audit in one transaction.

        When this returns, the dossier survives a crash or power loss and will be delivered.
        """
        if dossier.rating is not None and not 1 <= dossier.rating <= 5:
            raise ValueError(f"rating must be 1-5, not {dossier.rating}")
        if not 0 <= dossier.processing_days <= 366:
            raise ValueError(f"processing_days out of range: {dossier.processing_days}")
        local_id = dossier.local_id or str(uuid.uuid4())
        with self._enqueue_lock:  # one at a time: a double press must not stage twice
            return self._enqueue(local_id, dossier)

    def _enqueue(self, local_id: str, dossier: NewDossier) -> Queued:
        now = self._clock.now()
        if self._repo.delivery(local_id) is not None:
            return Queued(local_id, now, created=False)
        self._folder.delete(local_id)  # no row: a folder left by a crash before the commit
        manifest = self._folder.stage(local_id, dossier.papers)
        consent = None
        if dossier.consent is not None:
            c = dossier.consent
            consent = _Consent(c.notice_id, c.given_at, list(c.scopes))
        payload = StoredPayload(
            kiosk_id=self._kiosk_id,
            submitted_at=now,
            fields=dict(dossier.fields),
            identity_source=dossier.identity_source,
            consent=consent,
            rating=dossier.rating,
            processing_days=dossier.processing_days,
            papers=[_Paper(p.paper_id, p.file, p.sha256, p.size) for p in manifest],
        )
        try:
            created = self._repo.add(
                local_id,
                dossier.procedure_code,
                msgspec.json.encode(payload).decode(),
                now,
                consent_notice=consent.notice_id if consent else None,
                session_id=dossier.session_id,
                rating=dossier.rating,
            )
        except BaseException:
            self._folder.delete(local_id)  # not submitted: the papers must not linger
            raise
        if not created:  # lost a race with another enqueue of the same id: theirs stands
            return Queued(local_id, now, created=False)
        for listener in list(self._listeners):
            listener()
        return Queued(local_id, now, created=True)

    def rate(self, local_id: str, score: int) -> None:
        """The citizen's faces (1-5) after submitting; sent once the dossier has its code."""
        self._repo.set_rating(local_id, score, self._clock.now())
        for listener in list(self._listeners):
            listener()

    def recover(self) -> tuple[list[str], list[str]]:
        """At start-up: dossiers interrupted mid-send are due again; stray folders go.

        Returns (requeued local ids, removed folder names).
        """
        requeued = self._repo.requeue_interrupted(self._clock.now())
        removed = self._folder.sweep(self._repo.states)
        return requeued, removed

    def delivery(self, local_id: str) -> Delivery | None:
        return self._repo.delivery(local_id)

    def wait_answered(self, local_id: str, timeout_s: float) -> Delivery | None:
        """Block (not on the GUI thread) until the portal answered or an attempt failed.

        Returns the delivery as it is then: acked (print the code), failed, or still pending
        ("đang chờ gửi" with the local reference) once `timeout_s` has passed.
        """
        deadline = time.monotonic() + timeout_s
        with self._changed:
            while True:
                found = self._repo.delivery(local_id)
                if found is None or found.state in SETTLED or found.attempts > 0:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    return found
                self._changed.wait(left)

    def submission(self, due: DueDossier) -> DossierSubmission:
        """Rebuild the submission from the stored payload and the papers on disk.

        Raises PapersDamaged, or msgspec errors for a payload that cannot be read.
        """
        payload = msgspec.json.decode(due.payload, type=StoredPayload)
        manifest = [StoredPaper(p.paper_id, p.file, p.sha256, p.size) for p in payload.papers]
        consent = None
        if payload.consent is not None:
            c = payload.consent
            consent = ConsentRecord(c.notice_id, c.given_at, tuple(c.scopes))
        return DossierSubmission(
            local_id=due.local_id,
            procedure_code=due.procedure_code,
            fields=payload.fields,
            attachments=self._folder.load(due.local_id, manifest),
            kiosk_id=payload.kiosk_id,
            submitted_at=payload.submitted_at,
            identity_source=payload.identity_source,
            consent=consent,
            rating=payload.rating,
            processing_days=payload.processing_days,
        )

    # --- for the sender ---------------------------------------------------------------------

    def add_listener(self, listener: Callable[[], None]) -> None:
        """`listener()` runs after each new dossier (the sender's wake-up)."""
        self._listeners.append(listener)

    def notify_changed(self) -> None:
        with self._changed:
            self._changed.notify_all()
