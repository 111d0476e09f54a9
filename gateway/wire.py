"""The JSON bodies of the gateway API (v1), as msgspec types: decoding validates them.

Unknown keys are errors, every string and list has a bound, and papers travel as base64 inside
the JSON (msgspec encodes `bytes` that way) with their SHA-256, which the gateway checks.
The kiosk's HTTP adapter (devices/portal_http) encodes with these same types, and
docs/api/gateway-openapi.yaml is generated from them (`python -m gateway.openapi`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from msgspec import Meta, Struct

API_VERSION = "1.0.0"

IdempotencyKey = Annotated[
    str, Meta(pattern=r"^[A-Za-z0-9_-]{8,64}$", description="the kiosk's UUID for this dossier")
]
KioskId = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_.-]{1,40}$")]
ProcedureCode = Annotated[
    str, Meta(pattern=r"^[A-Za-z0-9._-]{1,64}$", description="national code, e.g. 1.001193")
]
FieldName = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
FieldValue = Annotated[str, Meta(max_length=4000)]
PaperId = Annotated[str, Meta(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Sha256 = Annotated[str, Meta(pattern=r"^[0-9a-f]{64}$")]
AwareDateTime = Annotated[datetime, Meta(tz=True)]
Short = Annotated[str, Meta(max_length=128)]


class _In(Struct, forbid_unknown_fields=True, kw_only=True):
    pass


class Consent(_In, kw_only=True):
    notice_id: Annotated[str, Meta(min_length=1, max_length=128)]
    given_at: AwareDateTime
    scopes: Annotated[list[Short], Meta(max_length=32)] = []


class Paper(_In, kw_only=True):
    id: PaperId
    media_type: Literal["application/pdf"] = "application/pdf"
    sha256: Sha256
    content: bytes  # base64 in JSON


class DossierIn(_In, kw_only=True):
    """POST /v1/dossiers. The kiosk is named by its token; `kiosk_id`, if sent, must match."""

    procedure_code: ProcedureCode
    kiosk_id: KioskId | None = None
    submitted_at: AwareDateTime
    fields: Annotated[dict[FieldName, FieldValue], Meta(max_length=300)]
    papers: Annotated[list[Paper], Meta(max_length=50)] = []
    identity_source: Annotated[str, Meta(pattern=r"^[a-z_]{0,32}$")] = ""
    consent: Consent | None = None
    rating: Annotated[int, Meta(ge=1, le=5)] | None = None
    processing_days: Annotated[int, Meta(ge=0, le=366)] = 0


class RatingIn(_In, kw_only=True):
    """PUT /v1/dossiers/{code}/rating: the citizen's faces, 1 (unhappy) to 5; the last wins."""

    score: Annotated[int, Meta(ge=1, le=5)]


class DossierAccepted(Struct, kw_only=True):
    dossier_code: str
    idempotency_key: str
    received_at: datetime
    appointment_date: date
    status: str
    replayed: bool  # true: this key was already registered; the first answer is repeated


class DossierStatus(Struct, kw_only=True):
    """GET /v1/dossiers/{code}: non-personal details only."""

    dossier_code: str
    procedure_code: str
    status: str
    received_at: datetime
    updated_at: datetime
    appointment_date: date


class Problem(Struct, kw_only=True):
    error: str  # machine-readable, e.g. "malformed_json"
    reason: str  # English, for the kiosk's log; never personal data


class Health(Struct, kw_only=True):
    status: Literal["ok"] = "ok"
    api_version: str = API_VERSION
