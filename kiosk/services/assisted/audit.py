"""Audit records of staff actions (issue 11): who (role and badge id), when, what, which
session — and never a value a citizen gave. A corrected field is named by its field id, a
hand-entered identity by the fact alone, an outbox retry by the dossier's local id.

`StaffAudit` builds the records; the sink (the store's `AuditLog.record`) writes them. The UI
hands `record` to a worker: it writes to disk. `LateAudit` is the sink for the composition
root, where the audit log exists only once the store opened on its worker: records made before
are kept in memory (they hold no personal data) and written, in order, once it is there.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk.ports.clock import Clock
from kiosk.services.staff_access import AuditSink, Role

ACTIONS = frozenset(
    {
        "enter",  # the PIN opened the staff menu
        "takeover",  # staff took the citizen's session over
        "correct_field",  # a review row was answered again (field id only)
        "manual_identity",  # the identity was entered by hand (no values)
        "reprint",  # this session's receipt printed again
        "outbox_retry",  # a failed dossier queued again (local id)
        "resume",  # the session went back to the citizen
        "exit",  # the staff menu closed
        "session_end",  # the session ended while staff were assisting (timeout, start over)
    }
)
PREFIX = "staff."
_SAFE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")  # ids only: a value with spaces is refused


@dataclass(frozen=True, slots=True)
class StaffActor:
    role: Role
    badge_id: str | None = None  # None: the gesture opened the pad (the PIN said the role)

    @property
    def actor_id(self) -> str:
        return self.badge_id or f"{self.role.value}-pin"


@dataclass(frozen=True, slots=True)
class StaffRecord:
    actor_kind: str
    actor_id: str
    action: str
    detail: str
    at: datetime


class StaffAudit:
    def __init__(self, clock: Clock, kiosk_id: str) -> None:
        self._clock, self._kiosk = clock, kiosk_id

    def record(
        self,
        actor: StaffActor,
        action: str,
        session_id: uuid.UUID | None,
        **ids: str,
    ) -> StaffRecord:
        """The record of `action`; `ids` are identifiers (field id, local id), never values:
        anything that does not look like one is refused with ValueError."""
        if action not in ACTIONS:
            raise ValueError(f"unknown staff action {action!r}")
        parts = [f"kiosk={self._kiosk}", f"session={session_id or '-'}"]
        for key, value in sorted(ids.items()):
            if not _SAFE.match(value):
                raise ValueError(f"{key} must be an identifier, not free text")
            parts.append(f"{key}={value}")
        return StaffRecord(
            actor.role.value, actor.actor_id, PREFIX + action, " ".join(parts), self._clock.now()
        )


def write(sink: AuditSink, record: StaffRecord) -> None:
    sink.record(record.actor_kind, record.actor_id, record.action, record.detail, at=record.at)


class LateAudit:
    """An AuditSink for the time before the store is open (see the module note)."""

    MAX_KEPT = 1000  # a store that never opens must not grow the memory without end

    def __init__(self, sink: Callable[[], AuditSink | None]) -> None:
        self._sink = sink
        self._lock = threading.Lock()
        self._kept: list[tuple[str, str, str, str | None, datetime]] = []
        self.dropped = 0

    def record(
        self,
        actor_kind: str,
        actor_id: str,
        action: str,
        detail: str | None = None,
        *,
        at: datetime,
    ) -> None:
        with self._lock:
            sink = self._sink()
            if sink is None:
                if len(self._kept) >= self.MAX_KEPT:
                    self._kept.pop(0)
                    self.dropped += 1
                self._kept.append((actor_kind, actor_id, action, detail, at))
                return
            kept, self._kept = self._kept, []
            for kind, who, what, det, when in kept:
                sink.record(kind, who, what, det, at=when)
            sink.record(actor_kind, actor_id, action, detail, at=at)

    @property
    def waiting(self) -> int:
        with self._lock:
            return len(self._kept)
