"""The public-service portal, simulated in memory: idempotent submits and ward-style codes."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from devices.simulated._base import check_delay
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock
from kiosk.ports.portal import (
    DossierNotFound,
    DossierStatusReport,
    DossierSubmission,
    PortalOffline,
    PortalRejected,
    SubmissionAck,
)

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True, slots=True)
class _Record:
    submission: DossierSubmission
    ack: SubmissionAck
    status: str
    updated_at: datetime


class SimulatedPortal:
    """Dossier codes are `<unit_code>-YYMMDD-XXXX` (Circular 01/2018/TT-VPCP Art. 19): the
    reception date in Vietnam's time zone and a 4-digit sequence that restarts each day.

    Scripting hooks: `set_offline(bool)`, `reject_next(reason)`, `set_status(code, status)`.
    `reject_next` refuses the next submission that would create a dossier; a resend of an
    accepted `local_id` still gets its original ack. Reusing a `local_id` with different content
    is rejected, as an idempotency key should be.
    """

    def __init__(self, clock: Clock, latency_s: float = 0.5, unit_code: str = "H29.12") -> None:
        if not unit_code or any(c.isspace() for c in unit_code):
            raise ValueError(
                f"unit_code must be a non-empty code without spaces, got {unit_code!r}"
            )
        self._clock = clock
        self._latency_s = check_delay("latency_s", latency_s)
        self._unit_code = unit_code
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._offline = False
        self._reject_reason: str | None = None
        self._by_local_id: dict[str, _Record] = {}
        self._by_code: dict[str, _Record] = {}
        self._ratings: dict[str, int] = {}
        self._sequences: dict[date, int] = {}  # per day, so a clock set back never reuses a code

    # --- port -------------------------------------------------------------------------------

    def health(self) -> HealthReport:
        with self._lock:
            if self._closed.is_set():
                return HealthReport(HealthState.NOT_READY, "closed")
            if self._offline:
                return HealthReport(HealthState.NOT_READY, "portal offline")
            return READY

    def submit(self, dossier: DossierSubmission) -> SubmissionAck:
        self._round_trip()
        with self._lock:
            known = self._by_local_id.get(dossier.local_id)
            if known is not None:
                if known.submission != dossier:
                    raise PortalRejected("local_id already used for a different dossier")
                return known.ack
            if self._reject_reason is not None:
                reason, self._reject_reason = self._reject_reason, None
                raise PortalRejected(reason)
            now = self._clock.now()
            code = self._next_code(now)
            ack = SubmissionAck(local_id=dossier.local_id, dossier_code=code, received_at=now)
            record = _Record(dossier, ack, "received", now)
            self._by_local_id[dossier.local_id] = record
            self._by_code[code] = record
            return ack

    def status(self, dossier_code: str) -> DossierStatusReport:
        self._round_trip()
        with self._lock:
            record = self._by_code.get(dossier_code)
        if record is None:
            raise DossierNotFound("unknown dossier")
        return DossierStatusReport(
            dossier_code,
            record.status,
            record.updated_at,
            procedure_code=record.submission.procedure_code,
            received_at=record.ack.received_at,
        )

    def rate(self, dossier_code: str, score: int) -> None:
        self._round_trip()
        if not 1 <= score <= 5:
            raise PortalRejected("rating must be 1-5")
        with self._lock:
            if dossier_code not in self._by_code:
                raise DossierNotFound("unknown dossier")
            self._ratings[dossier_code] = score

    @property
    def ratings(self) -> dict[str, int]:
        """Ratings received, by dossier code."""
        with self._lock:
            return dict(self._ratings)

    def close(self) -> None:
        self._closed.set()  # idempotent; wakes any request waiting on the latency

    # --- scripting hooks --------------------------------------------------------------------

    def set_offline(self, offline: bool) -> None:
        with self._lock:
            self._offline = offline

    def reject_next(self, reason: str) -> None:
        with self._lock:
            self._reject_reason = reason

    def set_status(self, dossier_code: str, status: str) -> None:
        """Move a dossier on (e.g. "processing", "done"); KeyError for an unknown code."""
        with self._lock:
            record = self._by_code[dossier_code]
            updated = _Record(record.submission, record.ack, status, self._clock.now())
            self._by_code[dossier_code] = updated
            self._by_local_id[record.ack.local_id] = updated

    @property
    def submissions(self) -> tuple[DossierSubmission, ...]:
        """Accepted dossiers, in order."""
        with self._lock:
            return tuple(r.submission for r in self._by_local_id.values())

    # --- internals --------------------------------------------------------------------------

    def _round_trip(self) -> None:
        with self._lock:
            offline = self._offline
        if self._closed.is_set():
            raise PortalOffline("portal client is closed")
        if offline:
            raise PortalOffline("portal offline")
        if self._clock.wait(self._latency_s, self._closed) or self._closed.is_set():
            raise PortalOffline("portal client closed during the request")
        with self._lock:
            if self._offline:
                raise PortalOffline("portal offline")

    def _next_code(self, now: datetime) -> str:
        day = now.astimezone(VIETNAM).date()
        sequence = self._sequences.get(day, 0) + 1
        self._sequences[day] = sequence
        return f"{self._unit_code}-{day:%y%m%d}-{sequence:04d}"
