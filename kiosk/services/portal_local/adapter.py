"""The `local` portal: the kiosk registers dossiers in the ward's own register for staff.

The embedded default (design §3): no network; ward staff read the register (a SQLite file beside
the kiosk's store, or any SQLAlchemy URL) and enter the dossiers in the official system. The
outbox still sits in front of it, so the same exactly-once path runs in every mode.

Cheap to construct (it is built on the GUI thread): SQLAlchemy, the holidays calendar and the
tables are set up by `open()` — which the app runs on its store thread — or by the first call.
"""

from __future__ import annotations

import threading
from datetime import time
from typing import TYPE_CHECKING

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
from kiosk.services.portal_local.working_days import DEFAULT_CUTOFF

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from kiosk.services.portal_local.registry import Registry

DEFAULT_UNIT_CODE = "000.00.00.H00"  # placeholder: each ward (and each local kiosk) sets its own


class LocalPortal:
    def __init__(
        self,
        url: str,
        clock: Clock,
        *,
        unit_code: str = DEFAULT_UNIT_CODE,
        kiosk_id: str = "",
        cutoff: time | None = DEFAULT_CUTOFF,
    ) -> None:
        from kiosk.services.portal_local.registry import UNIT_CODE

        if not UNIT_CODE.fullmatch(unit_code):
            raise ValueError(f"unit code {unit_code!r}: 1-5 dot-separated groups of A-Z/0-9")
        self._url = url
        self._clock = clock
        self._unit_code = unit_code
        self._kiosk_id = kiosk_id
        self._cutoff = cutoff
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._registry: Registry | None = None
        self._closed = False

    def open(self) -> None:
        """Create the register's tables if needed (idempotent)."""
        self._open()

    @property
    def registry(self) -> Registry:
        return self._open()

    def health(self) -> HealthReport:
        with self._lock:
            if self._closed:
                return HealthReport(HealthState.NOT_READY, "closed")
            registry = self._registry
        if registry is None:
            return HealthReport(HealthState.NOT_READY, "register not opened yet")
        from sqlalchemy.exc import SQLAlchemyError

        try:
            registry.count()
        except SQLAlchemyError as exc:
            return HealthReport(HealthState.NOT_READY, f"register unreadable: {type(exc).__name__}")
        return READY

    def submit(self, dossier: DossierSubmission) -> SubmissionAck:
        from sqlalchemy.exc import SQLAlchemyError

        from kiosk.services.portal_local.registry import IncomingDossier, IncomingPaper, KeyReused

        registry = self._open()
        consent = None
        if dossier.consent is not None:
            consent = {
                "notice_id": dossier.consent.notice_id,
                "given_at": dossier.consent.given_at.isoformat(),
                "scopes": list(dossier.consent.scopes),
            }
        incoming = IncomingDossier(
            idempotency_key=dossier.local_id,
            kiosk_id=dossier.kiosk_id or self._kiosk_id,
            procedure_code=dossier.procedure_code,
            fields=dict(dossier.fields),
            papers=[IncomingPaper(k, v) for k, v in dossier.attachments.items()],
            processing_days=dossier.processing_days,
            submitted_at=dossier.submitted_at,
            identity_source=dossier.identity_source,
            consent=consent,
            rating=dossier.rating,
        )
        try:
            accepted = registry.accept(incoming)
        except KeyReused as exc:
            raise PortalRejected(str(exc)) from exc
        except (SQLAlchemyError, RuntimeError) as exc:  # disk full, locked: try again later
            raise PortalOffline(f"register write failed: {type(exc).__name__}") from exc
        return SubmissionAck(
            local_id=dossier.local_id,
            dossier_code=accepted.dossier_code,
            received_at=accepted.received_at,
            appointment_date=accepted.appointment_date,
        )

    def status(self, dossier_code: str) -> DossierStatusReport:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            record = self._open().status(dossier_code)
        except SQLAlchemyError as exc:
            raise PortalOffline(f"register read failed: {type(exc).__name__}") from exc
        if record is None:
            raise DossierNotFound("unknown dossier")
        return DossierStatusReport(
            dossier_code=record.dossier_code,
            status=record.status,
            updated_at=record.updated_at,
            procedure_code=record.procedure_code,
            received_at=record.received_at,
            appointment_date=record.appointment_date,
        )

    def rate(self, dossier_code: str, score: int) -> None:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            found = self._open().rate(dossier_code, score, kiosk_id=None)
        except ValueError as exc:
            raise PortalRejected(str(exc)) from exc
        except SQLAlchemyError as exc:
            raise PortalOffline(f"register write failed: {type(exc).__name__}") from exc
        if not found:
            raise DossierNotFound("unknown dossier")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            engine, self._engine, self._registry = self._engine, None, None
        if engine is not None:
            engine.dispose()

    def _open(self) -> Registry:
        with self._lock:
            if self._closed:
                raise PortalOffline("local portal is closed")
            if self._registry is not None:
                return self._registry
            from sqlalchemy.exc import SQLAlchemyError

            from kiosk.services.portal_local.registry import Registry
            from kiosk.services.portal_local.working_days import WorkingDayCalendar
            from kiosk.store.db import make_engine

            try:
                engine = make_engine(self._url)
            except OSError as exc:  # the data dir cannot hold the register
                raise PortalOffline(f"register cannot be opened: {type(exc).__name__}") from exc
            calendar = WorkingDayCalendar(self._cutoff)
            registry = Registry(engine, self._clock, self._unit_code, calendar)
            try:
                registry.create_schema()
            except SQLAlchemyError as exc:
                engine.dispose()
                raise PortalOffline(f"register cannot be opened: {type(exc).__name__}") from exc
            self._engine, self._registry = engine, registry
            return registry
