"""The outbox's view of the store: dossiers waiting for the portal, and every attempt.

Every method is one transaction. Each delivery attempt, the consent given at submission and the
deletion of the papers are `audit_log` rows (actor `system`, the kiosk id) written in the same
transaction as the state change they explain: never personal data, only the local id, the
attempt number, the outcome and the error class.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.models import (
    ActorKind,
    AuditEntry,
    Dossier,
    DossierStatus,
    KioskSession,
    OutboxEntry,
    OutboxState,
)

log = logging.getLogger("kiosk.outbox")

_MAX_ERROR_CHARS = 500


@dataclass(frozen=True, slots=True)
class DueDossier:
    local_id: str
    procedure_code: str
    payload: str  # JSON text written by the outbox
    attempts: int


@dataclass(frozen=True, slots=True)
class Delivery:
    """Where a dossier is on its way to the portal (what the receipt screen needs)."""

    local_id: str
    procedure_code: str
    state: str  # OutboxState value
    dossier_code: str | None
    appointment_date: date | None
    attempts: int
    last_error: str | None
    created_at: datetime
    last_attempt_at: datetime | None
    acked_at: datetime | None
    rating: int | None = None
    rating_sent_at: datetime | None = None


class OutboxRepository:
    def __init__(self, sessions: sessionmaker[Session], kiosk_id: str) -> None:
        self._sessions = sessions
        self._kiosk_id = kiosk_id

    @property
    def session_factory(self) -> sessionmaker[Session]:
        """For read-only views over the same store (the staff's outbox listing)."""
        return self._sessions

    def add(
        self,
        local_id: str,
        procedure_code: str,
        payload: str,
        now: datetime,
        *,
        consent_notice: str | None,
        session_id: str | None = None,
        rating: int | None = None,
    ) -> bool:
        """The dossier, its outbox row and the consent audit row; False if `local_id` exists."""
        with self._sessions.begin() as s:
            if s.scalars(select(Dossier.id).where(Dossier.local_id == local_id)).first():
                return False
            if session_id is not None and s.get(KioskSession, session_id) is None:
                # the session's row was not written (the store opened after it started, or a
                # write failed): the dossier matters more than the link
                log.warning("dossier %s: session %s not stored; not linked", local_id, session_id)
                session_id = None
            dossier = Dossier(
                session_id=session_id,
                procedure_code=procedure_code,
                local_id=local_id,
                status=DossierStatus.QUEUED.value,
                payload=payload,
                rating=rating,
                created_at=now,
                updated_at=now,
            )
            s.add(dossier)
            s.flush()
            s.add(
                OutboxEntry(
                    dossier_id=dossier.id,
                    state=OutboxState.PENDING.value,
                    attempts=0,
                    next_attempt_at=now,
                )
            )
            detail = f"local_id={local_id} procedure={procedure_code}"
            if consent_notice:
                detail += f" consent={consent_notice}"
            self._audit(s, "outbox.enqueued", detail, now)
            return True

    def due(self, limit: int, now: datetime) -> list[DueDossier]:
        """Up to `limit` pending dossiers due at `now`, oldest due first."""
        query = (
            select(Dossier.local_id, Dossier.procedure_code, Dossier.payload, OutboxEntry.attempts)
            .join(OutboxEntry, OutboxEntry.dossier_id == Dossier.id)
            .where(
                OutboxEntry.state == OutboxState.PENDING.value, OutboxEntry.next_attempt_at <= now
            )
            .order_by(OutboxEntry.next_attempt_at, OutboxEntry.id)
            .limit(limit)
        )
        with self._sessions.begin() as s:
            return [DueDossier(r[0], r[1], r[2] or "{}", r[3]) for r in s.execute(query).all()]

    def next_due_at(self) -> datetime | None:
        query = select(func.min(OutboxEntry.next_attempt_at)).where(
            OutboxEntry.state == OutboxState.PENDING.value
        )
        with self._sessions.begin() as s:
            value: datetime | None = s.execute(query).scalar_one_or_none()  # UTCDateTime applied
        return value

    def claim(self, local_id: str, now: datetime) -> bool:
        """pending → sending before the portal is called; False if it is not pending."""
        with self._sessions.begin() as s:
            _, outbox = _row(s, local_id)
            if outbox.state != OutboxState.PENDING.value:
                return False
            outbox.state = OutboxState.SENDING.value
            outbox.last_attempt_at = now
            return True

    def acknowledge(
        self,
        local_id: str,
        dossier_code: str,
        appointment: date | None,
        at: datetime,
        *,
        rating_sent: int | None = None,
    ) -> None:
        """The portal's answer: keep its code and date, clear the form (personal data).

        `rating_sent`: the rating that travelled inside the dossier, if any.
        """
        with self._sessions.begin() as s:
            dossier, outbox = _row(s, local_id)
            if rating_sent is not None and dossier.rating == rating_sent:
                dossier.rating_sent_at = at
            dossier.dossier_code = dossier_code
            dossier.appointment_date = appointment
            dossier.status = DossierStatus.SUBMITTED.value
            dossier.payload = None
            dossier.updated_at = at
            outbox.attempts += 1
            outbox.state = OutboxState.ACKED.value
            outbox.acked_at = at
            outbox.last_error = None
            self._audit(
                s,
                "outbox.attempt",
                f"local_id={local_id} attempt={outbox.attempts} outcome=acked code={dossier_code}",
                at,
            )

    def attempt_failed(
        self, local_id: str, outcome: str, error: str, at: datetime, retry_at: datetime | None
    ) -> int:
        """Record a failed attempt; retry at `retry_at`, or give up (staff follow up) on None.

        Returns the number of attempts so far. `error` must hold no personal data.
        """
        with self._sessions.begin() as s:
            dossier, outbox = _row(s, local_id)
            if outbox.state == OutboxState.ACKED.value:
                raise ValueError(f"dossier {local_id} was already acknowledged")
            outbox.attempts += 1
            outbox.last_error = error[:_MAX_ERROR_CHARS]
            dossier.updated_at = at
            if retry_at is None:
                outbox.state = OutboxState.FAILED.value
                dossier.status = DossierStatus.FAILED.value
            else:
                outbox.state = OutboxState.PENDING.value
                outbox.next_attempt_at = retry_at
            self._audit(
                s,
                "outbox.attempt",
                f"local_id={local_id} attempt={outbox.attempts} outcome={outcome} "
                f"error={error[:200]}",
                at,
            )
            return outbox.attempts

    def requeue_interrupted(self, now: datetime) -> list[str]:
        """After a crash: dossiers left 'sending' are due again now (the portal deduplicates)."""
        with self._sessions.begin() as s:
            rows = s.execute(
                select(Dossier.local_id, OutboxEntry)
                .join(OutboxEntry, OutboxEntry.dossier_id == Dossier.id)
                .where(OutboxEntry.state == OutboxState.SENDING.value)
            ).all()
            for local_id, outbox in rows:
                outbox.state = OutboxState.PENDING.value
                outbox.next_attempt_at = now
                self._audit(s, "outbox.interrupted", f"local_id={local_id}", now)
            return [local_id for local_id, _ in rows]

    def retry_now(self, local_id: str, now: datetime) -> None:
        """Staff asked to resend a failed or waiting dossier at once."""
        with self._sessions.begin() as s:
            dossier, outbox = _row(s, local_id)
            if outbox.state in (OutboxState.FAILED.value, OutboxState.PENDING.value):
                outbox.state = OutboxState.PENDING.value
                outbox.next_attempt_at = now
                dossier.status = DossierStatus.QUEUED.value

    def delivery(self, local_id: str) -> Delivery | None:
        with self._sessions.begin() as s:
            try:
                dossier, outbox = _row(s, local_id)
            except LookupError:
                return None
            return Delivery(
                local_id=local_id,
                procedure_code=dossier.procedure_code,
                state=outbox.state,
                dossier_code=dossier.dossier_code,
                appointment_date=dossier.appointment_date,
                attempts=outbox.attempts,
                last_error=outbox.last_error,
                created_at=dossier.created_at,
                last_attempt_at=outbox.last_attempt_at,
                acked_at=outbox.acked_at,
                rating=dossier.rating,
                rating_sent_at=dossier.rating_sent_at,
            )

    def states(self, local_ids: list[str]) -> dict[str, str]:
        """Outbox state of each known id among `local_ids` (unknown ids are left out)."""
        if not local_ids:
            return {}
        query = (
            select(Dossier.local_id, OutboxEntry.state)
            .join(OutboxEntry, OutboxEntry.dossier_id == Dossier.id)
            .where(Dossier.local_id.in_(local_ids))
        )
        with self._sessions.begin() as s:
            return {local_id: state for local_id, state in s.execute(query).all()}

    def counts(self) -> dict[str, int]:
        query = select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
        with self._sessions.begin() as s:
            return {state: int(n) for state, n in s.execute(query).all()}

    def set_rating(self, local_id: str, score: int, at: datetime) -> None:
        """The citizen's rating (1-5), to be sent to the portal once the dossier has its code."""
        if isinstance(score, bool) or not 1 <= score <= 5:
            raise ValueError(f"a rating is a whole number from 1 to 5, not {score!r}")
        with self._sessions.begin() as s:
            dossier, _ = _row(s, local_id)
            if dossier.rating != score or dossier.rating_sent_at is None:
                dossier.rating = score
                dossier.rating_sent_at = None
                dossier.updated_at = at

    def ratings_due(self, limit: int) -> list[tuple[str, str, int]]:
        """(local id, dossier code, score) of ratings of acknowledged dossiers not yet sent."""
        query = (
            select(Dossier.local_id, Dossier.dossier_code, Dossier.rating)
            .join(OutboxEntry, OutboxEntry.dossier_id == Dossier.id)
            .where(
                OutboxEntry.state == OutboxState.ACKED.value,
                Dossier.rating.is_not(None),
                Dossier.rating_sent_at.is_(None),
            )
            .order_by(Dossier.id)
            .limit(limit)
        )
        with self._sessions.begin() as s:
            return [(r[0], r[1] or "", r[2] or 0) for r in s.execute(query).all()]

    def rating_sent(self, local_id: str, score: int, at: datetime, outcome: str = "sent") -> None:
        """Mark the rating delivered (or refused for good) unless it changed meanwhile."""
        with self._sessions.begin() as s:
            dossier, _ = _row(s, local_id)
            if dossier.rating == score:
                dossier.rating_sent_at = at
                self._audit(
                    s, "outbox.rating", f"local_id={local_id} score={score} outcome={outcome}", at
                )

    def record_files_deleted(self, local_id: str, at: datetime) -> None:
        with self._sessions.begin() as s:
            self._audit(s, "outbox.papers_deleted", f"local_id={local_id}", at)

    def attempt_log(self, local_id: str) -> list[str]:
        """The audit details of this dossier's attempts, oldest first (for staff and tests)."""
        query = (
            select(AuditEntry.detail)
            .where(
                AuditEntry.action == "outbox.attempt",
                AuditEntry.detail.like(f"local_id={local_id} %"),
            )
            .order_by(AuditEntry.id)
        )
        with self._sessions.begin() as s:
            return [d or "" for d in s.scalars(query).all()]

    def _audit(self, s: Session, action: str, detail: str, at: datetime) -> None:
        s.add(
            AuditEntry(
                at=at,
                actor_kind=ActorKind.SYSTEM.value,
                actor_id=self._kiosk_id,
                action=action,
                detail=detail,
            )
        )


def _row(s: Session, local_id: str) -> tuple[Dossier, OutboxEntry]:
    row = s.execute(
        select(Dossier, OutboxEntry)
        .join(OutboxEntry, OutboxEntry.dossier_id == Dossier.id)
        .where(Dossier.local_id == local_id)
    ).one_or_none()
    if row is None:
        raise LookupError(f"no dossier with local id {local_id!r}")
    return row[0], row[1]
