"""The staff's view of this kiosk's outbox (issue 11): one row per dossier — its code (or the
short local reference), procedure, state, attempts and the class of the last error. Nothing
personal: the payload (names, ID numbers, answers) is never read, and the error is cut to its
exception class (an exception's message may quote what the portal was sent).

Read straight from the store's tables (read only; one transaction per listing), on a worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.domain.receipt import short_reference
from kiosk.store.models import Dossier, OutboxEntry, OutboxState

SHOWN_STATES = ("pending", "sending", "failed", "acked")
_CLASS = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,63}")


@dataclass(frozen=True, slots=True)
class OutboxRow:
    local_id: str  # the idempotency key (for retry); the screen shows `reference`
    reference: str  # the portal's dossier code, else the short local reference
    procedure_code: str
    state: str  # pending / sending / failed / acked
    attempts: int
    error_class: str  # "" when none
    created_at: datetime

    @property
    def can_retry(self) -> bool:
        return self.state == OutboxState.FAILED.value


def error_class(error: str | None) -> str:
    """'PortalTimeout: the server said …' → 'PortalTimeout'; anything else → ''."""
    if not error:
        return ""
    match = _CLASS.match(error.strip())
    return match.group(0) if match else ""


class OutboxListing:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def rows(self, limit: int = 50) -> list[OutboxRow]:
        """Newest first; failed ones before the rest (they need staff)."""
        query = (
            select(
                Dossier.local_id,
                Dossier.dossier_code,
                Dossier.procedure_code,
                Dossier.created_at,
                OutboxEntry.state,
                OutboxEntry.attempts,
                OutboxEntry.last_error,
            )
            .join(OutboxEntry, OutboxEntry.dossier_id == Dossier.id)
            .order_by(Dossier.created_at.desc(), Dossier.id.desc())
            .limit(limit)
        )
        with self._sessions() as s:
            found = [
                OutboxRow(
                    local_id=r.local_id,
                    reference=r.dossier_code or short_reference(r.local_id),
                    procedure_code=r.procedure_code,
                    state=r.state,
                    attempts=int(r.attempts or 0),
                    error_class=error_class(r.last_error),
                    created_at=r.created_at,
                )
                for r in s.execute(query).all()
            ]
        return sorted(found, key=lambda row: row.state != OutboxState.FAILED.value)
