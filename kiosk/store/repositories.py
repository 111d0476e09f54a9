"""What the rest of the kiosk uses to write and read the store.

Every method is one transaction. Times are passed in (from the Clock port), never read here, and
must be timezone-aware. Results are plain frozen dataclasses, not ORM objects.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.devices import HealthState
from kiosk.store.models import (
    ActorKind,
    AuditEntry,
    DeviceEvent,
    Dossier,
    EndReason,
    KioskSession,
    Rating,
    Receipt,
    ReceiptMedium,
)

_E = TypeVar("_E", EndReason, ReceiptMedium, ActorKind)


class SessionLog:
    """Start and end of kiosk sessions (no personal data)."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def start(
        self,
        kiosk_id: str,
        now: datetime,
        *,
        big_text: bool = False,
        assisted: bool = False,
        procedure_code: str | None = None,
        session_id: str | None = None,
    ) -> str:
        """Record a new session; returns its id (the flow's UUID if given, else a new one)."""
        session_id = session_id or str(uuid.uuid4())
        with self._sessions.begin() as s:
            s.add(
                KioskSession(
                    id=session_id,
                    kiosk_id=kiosk_id,
                    started_at=now,
                    big_text=big_text,
                    assisted=assisted,
                    procedure_code=procedure_code,
                )
            )
        return session_id

    def update(
        self,
        session_id: str,
        *,
        big_text: bool | None = None,
        assisted: bool | None = None,
        procedure_code: str | None = None,
    ) -> None:
        """Change what is known about a running session; None leaves a field as it is."""
        with self._sessions.begin() as s:
            row = _kiosk_session(s, session_id)
            if big_text is not None:
                row.big_text = big_text
            if assisted is not None:
                row.assisted = assisted
            if procedure_code is not None:
                row.procedure_code = procedure_code

    def end(self, session_id: str, reason: EndReason | str, now: datetime) -> bool:
        """End a session; False (and nothing changed) if it had already ended."""
        reason = _member(EndReason, reason, "end reason")
        with self._sessions.begin() as s:
            row = _kiosk_session(s, session_id)
            if row.ended_at is not None:
                return False
            row.ended_at = now
            row.end_reason = reason
            return True


class ReceiptLog:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        local_id: str,
        medium: ReceiptMedium | str,
        qr_payload: str,
        *,
        copies: int = 1,
        at: datetime,
    ) -> int:
        """Record a printed (or PDF) receipt for the dossier `local_id`; returns its id."""
        medium = _member(ReceiptMedium, medium, "receipt medium")
        if copies < 1:
            raise ValueError(f"copies must be at least 1, not {copies}")
        with self._sessions.begin() as s:
            dossier = _dossier(s, local_id)
            receipt = Receipt(
                dossier_id=dossier.id,
                printed_at=at,
                medium=medium,
                copies=copies,
                qr_payload=qr_payload,
            )
            s.add(receipt)
            s.flush()
            return receipt.id


class Ratings:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, session_id: str, score: int, *, at: datetime) -> int:
        """Record the citizen's 1-5 rating of a session; returns its id."""
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"a rating is a whole number from 1 to 5, not {score!r}")
        with self._sessions.begin() as s:
            _kiosk_session(s, session_id)
            rating = Rating(session_id=session_id, score=score, created_at=at)
            s.add(rating)
            s.flush()
            return rating.id


class AuditLog:
    """Who did what. `detail` must never hold personal data."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        actor_kind: ActorKind | str,
        actor_id: str,
        action: str,
        detail: str | None = None,
        *,
        at: datetime,
    ) -> None:
        actor_kind = _member(ActorKind, actor_kind, "actor kind")
        with self._sessions.begin() as s:
            s.add(
                AuditEntry(
                    at=at, actor_kind=actor_kind, actor_id=actor_id, action=action, detail=detail
                )
            )


@dataclass(frozen=True, slots=True)
class DeviceEventRecord:
    """One device health transition as stored (states are HealthState values, or "unknown"
    for the first reading after start); `detail` is English, never personal data."""

    at: datetime
    port: str
    from_state: str
    to_state: str
    detail: str | None


class DeviceEventLog:
    """Device health transitions, e.g. card_reader ready → not_ready.

    Write side: `record` (the health poll, one row per change). Read side, for the technician
    diagnostics and the log export: `recent(limit)` newest first, `since(at)` oldest first,
    `last_errors()` each port's latest transition into a state other than ready.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def record(
        self,
        port: str,
        from_state: str,
        to_state: str,
        detail: str | None = None,
        *,
        at: datetime,
    ) -> None:
        with self._sessions.begin() as s:
            s.add(
                DeviceEvent(
                    at=at, port=port, from_state=from_state, to_state=to_state, detail=detail
                )
            )

    def recent(self, limit: int = 50) -> list[DeviceEventRecord]:
        """The latest `limit` transitions of every port, newest first."""
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit!r}")
        # one writer records the changes in time order: the primary key is the time order,
        # and walking it backwards needs no sort (100k rows: ~0.1 ms instead of ~40 ms)
        query = select(DeviceEvent).order_by(DeviceEvent.id.desc())
        with self._sessions() as s:
            return [_device_event(row) for row in s.scalars(query.limit(limit))]

    def since(self, at: datetime) -> list[DeviceEventRecord]:
        """Every transition at or after `at` (timezone-aware), oldest first."""
        if at.tzinfo is None:
            raise ValueError("since() needs a timezone-aware time")
        query = (
            select(DeviceEvent).where(DeviceEvent.at >= at).order_by(DeviceEvent.at, DeviceEvent.id)
        )
        with self._sessions() as s:
            return [_device_event(row) for row in s.scalars(query)]

    def last_errors(self) -> dict[str, DeviceEventRecord]:
        """Per port, its latest transition into a state other than ready (a port that never
        failed is absent). Rows are written in time order by one thread: the highest id is
        the latest."""
        latest = (
            select(func.max(DeviceEvent.id))
            .where(DeviceEvent.to_state != _READY)
            .group_by(DeviceEvent.port)
        )
        query = select(DeviceEvent).where(DeviceEvent.id.in_(latest)).order_by(DeviceEvent.port)
        with self._sessions() as s:
            return {row.port: _device_event(row) for row in s.scalars(query)}


_READY = HealthState.READY.value


def _device_event(row: DeviceEvent) -> DeviceEventRecord:
    return DeviceEventRecord(row.at, row.port, row.from_state, row.to_state, row.detail)


def _member(kind: type[_E], value: _E | str, what: str) -> str:
    """The plain string value of `value` as a member of `kind` (drivers get str, not enums)."""
    try:
        return kind(value).value
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise ValueError(f"unknown {what} {value!r}; expected one of: {allowed}") from None


def _kiosk_session(s: Session, session_id: str) -> KioskSession:
    row = s.get(KioskSession, session_id)
    if row is None:
        raise LookupError(f"no kiosk session {session_id!r}")
    return row


def _find_dossier(s: Session, local_id: str) -> Dossier | None:
    return s.scalars(select(Dossier).where(Dossier.local_id == local_id)).one_or_none()


def _dossier(s: Session, local_id: str) -> Dossier:
    row = _find_dossier(s, local_id)
    if row is None:
        raise LookupError(f"no dossier with local id {local_id!r}")
    return row
