"""Public-service portal port: submit a dossier, ask its status.

Adapters: `kiosk.services.portal_local` (embedded: the ward's register in the kiosk's own
database), `devices.portal_http` (the JSON API of docs/api/gateway-openapi.yaml) and
`devices.simulated.portal`. Every adapter is idempotent on `local_id`: the outbox resends a
dossier with the same id until it gets an answer, and must get the same dossier code back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """What the citizen agreed to (PDPL Art. 9): which notice, when, for which data.

    `notice_id` names the consent text shown and read aloud (a prompt id plus its version);
    never personal data.
    """

    notice_id: str
    given_at: datetime
    scopes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DossierSubmission:
    local_id: str  # idempotency key: the outbox resends with the same id
    procedure_code: str
    fields: Mapping[str, str]
    attachments: Mapping[str, bytes]  # paper id → PDF
    kiosk_id: str = ""
    submitted_at: datetime | None = None  # when the citizen pressed "Nộp hồ sơ"
    identity_source: str = ""  # "chip", "qr", "manual", … (how the applicant was identified)
    consent: ConsentRecord | None = None
    rating: int | None = None  # 1-5 when the citizen rated before submitting
    processing_days: int = 0  # the procedure's processing time in working days (0 = same day)


@dataclass(frozen=True, slots=True)
class SubmissionAck:
    local_id: str
    dossier_code: str  # the portal's code, printed on the receipt
    received_at: datetime
    appointment_date: date | None = None  # "ngày hẹn trả kết quả", when the portal sets one


@dataclass(frozen=True, slots=True)
class DossierStatusReport:
    """Only non-personal details: tracking works without the card."""

    dossier_code: str
    status: str
    updated_at: datetime
    procedure_code: str = ""
    received_at: datetime | None = None
    appointment_date: date | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


class PortalError(DeviceError):
    pass


class PortalOffline(PortalError):
    """Network or portal down: keep the dossier in the outbox and retry."""


class PortalRejected(PortalError):
    """The portal refused the dossier; retrying will not help."""


class DossierNotFound(PortalRejected):
    """`status` of a dossier code the portal does not know."""


class Portal(Protocol):
    def health(self) -> HealthReport: ...
    def submit(self, dossier: DossierSubmission) -> SubmissionAck: ...
    def status(self, dossier_code: str) -> DossierStatusReport: ...
    def rate(self, dossier_code: str, score: int) -> None:
        """The citizen's 1-5 rating of a submitted dossier; idempotent (the last score wins)."""
        ...

    def close(self) -> None: ...
