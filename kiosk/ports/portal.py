"""Public-service portal port: submit a dossier, ask its status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport


@dataclass(frozen=True, slots=True)
class DossierSubmission:
    local_id: str  # idempotency key: the outbox resends with the same id
    procedure_code: str
    fields: Mapping[str, str]
    attachments: Mapping[str, bytes]


@dataclass(frozen=True, slots=True)
class SubmissionAck:
    local_id: str
    dossier_code: str  # the portal's code, printed on the receipt
    received_at: datetime


@dataclass(frozen=True, slots=True)
class DossierStatusReport:
    dossier_code: str
    status: str
    updated_at: datetime


class PortalError(DeviceError):
    pass


class PortalOffline(PortalError):
    """Network or portal down: keep the dossier in the outbox and retry."""


class PortalRejected(PortalError):
    """The portal refused the dossier; retrying will not help."""


class Portal(Protocol):
    def health(self) -> HealthReport: ...
    def submit(self, dossier: DossierSubmission) -> SubmissionAck: ...
    def status(self, dossier_code: str) -> DossierStatusReport: ...
    def close(self) -> None: ...
