"""Reading the audit log back: the newest entry among some actions (e.g. the PIN pad's, so the
staff lockout survives a restart — see kiosk.services.staff_access)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.models import AuditEntry


@dataclass(frozen=True, slots=True)
class AuditRow:
    at: datetime
    actor_kind: str
    actor_id: str
    action: str
    detail: str | None


class AuditReader:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def latest(self, actions: Sequence[str]) -> AuditRow | None:
        """The newest entry whose action is one of `actions` (by time, then by insertion)."""
        with self._sessions() as s:
            entry = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.in_(list(actions)))
                .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                .limit(1)
            ).first()
            if entry is None:
                return None
            return AuditRow(entry.at, entry.actor_kind, entry.actor_id, entry.action, entry.detail)

    def entries(self, actions: Sequence[str]) -> list[AuditRow]:
        """Every entry with one of `actions`, oldest first (for tests and the staff screens)."""
        with self._sessions() as s:
            rows = s.scalars(
                select(AuditEntry)
                .where(AuditEntry.action.in_(list(actions)))
                .order_by(AuditEntry.at, AuditEntry.id)
            ).all()
            return [AuditRow(e.at, e.actor_kind, e.actor_id, e.action, e.detail) for e in rows]

    def recent(self, limit: int = 2000) -> list[AuditRow]:
        """The newest `limit` entries of any action, oldest first (the technician's log export)."""
        with self._sessions() as s:
            rows = s.scalars(
                select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
            ).all()
            found = [AuditRow(e.at, e.actor_kind, e.actor_id, e.action, e.detail) for e in rows]
        return found[::-1]
