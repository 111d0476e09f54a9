"""The ward's dossier register: accepts dossiers idempotently, numbers them, keeps their status.

One implementation behind both the embedded `local` portal (a SQLite file beside the kiosk's
store) and the reference gateway (PostgreSQL behind HTTP). Its tables have their own metadata,
apart from the kiosk store's, and are made with `create_all` plus a schema-version row
(ADR 0008): the register is a reference back office with one schema so far; the day it changes,
it gets its own Alembic history.

Dossier codes follow Circular 01/2018/TT-VPCP Art. 19: `<unit code>-YYMMDD-NNNN`, the reception
date in Vietnam's time zone and a sequence that restarts every day per unit (more than 9 999 in a
day simply gets a fifth digit).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from kiosk.ports.clock import Clock
from kiosk.services.portal_local.working_days import VIETNAM, WorkingDayCalendar

SCHEMA_VERSION = 1
DEFAULT_UNIT_CODE = "000.00.00.H00"  # placeholder: each ward sets its own
UNIT_CODE = re.compile(r"[0-9A-Z]{1,6}(?:\.[0-9A-Z]{1,6}){0,4}")
STATUSES = ("received", "processing", "additional_papers_needed", "done", "returned", "rejected")
_RETRIES = 8

metadata = MetaData()

ward_meta = Table(
    "ward_meta",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("value", String(64), nullable=False),
)

ward_dossiers = Table(
    "ward_dossiers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kiosk_id", String(64), nullable=False),
    Column("idempotency_key", String(64), nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("dossier_code", String(64), nullable=False, unique=True),
    Column("procedure_code", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("appointment_date", Date, nullable=False),
    Column("status", String(32), nullable=False),
    Column("status_updated_at", DateTime(timezone=True), nullable=False),
    Column("submitted_at", DateTime(timezone=True)),
    Column("identity_source", String(32), nullable=False),
    Column("consent", Text),  # JSON; no personal data
    Column("rating", Integer),
    Column("processing_days", Integer, nullable=False),
    Column("fields", Text, nullable=False),  # JSON; personal data, for ward staff only
    UniqueConstraint("kiosk_id", "idempotency_key", name="uq_ward_dossiers_kiosk_key"),
)

ward_papers = Table(
    "ward_papers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "dossier_id", ForeignKey("ward_dossiers.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("paper_id", String(64), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size_bytes", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

ward_day_sequences = Table(
    "ward_day_sequences",
    metadata,
    Column("unit_code", String(64), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("last", Integer, nullable=False),
)


@dataclass(frozen=True, slots=True)
class IncomingPaper:
    paper_id: str
    data: bytes


@dataclass(frozen=True, slots=True)
class IncomingDossier:
    idempotency_key: str
    kiosk_id: str
    procedure_code: str
    fields: Mapping[str, str]
    papers: Sequence[IncomingPaper]
    processing_days: int = 0
    submitted_at: datetime | None = None
    identity_source: str = ""
    consent: Mapping[str, object] | None = None
    rating: int | None = None


@dataclass(frozen=True, slots=True)
class Accepted:
    dossier_code: str
    idempotency_key: str
    received_at: datetime
    appointment_date: date
    status: str
    created: bool  # False: a resend of a dossier already registered


@dataclass(frozen=True, slots=True)
class StatusRecord:
    dossier_code: str
    procedure_code: str
    status: str
    received_at: datetime
    updated_at: datetime
    appointment_date: date


class KeyReused(Exception):
    """The idempotency key was already used for a dossier with different content."""


class SchemaMismatch(Exception):
    """The database holds a register of another schema version."""


def content_digest(dossier: IncomingDossier) -> str:
    """SHA-256 over everything the citizen submitted, in a canonical form."""
    canonical = {
        "procedure_code": dossier.procedure_code,
        "fields": dict(sorted(dossier.fields.items())),
        "papers": [[p.paper_id, hashlib.sha256(p.data).hexdigest()] for p in dossier.papers],
        "processing_days": dossier.processing_days,
        "submitted_at": dossier.submitted_at.isoformat() if dossier.submitted_at else None,
        "identity_source": dossier.identity_source,
        "consent": dossier.consent,
        "rating": dossier.rating,
    }
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


class Registry:
    def __init__(
        self, engine: Engine, clock: Clock, unit_code: str, calendar: WorkingDayCalendar
    ) -> None:
        if not UNIT_CODE.fullmatch(unit_code):
            raise ValueError(
                f"unit code {unit_code!r}: 1-5 dot-separated groups of 1-6 capital letters/digits"
            )
        self._engine = engine
        self._clock = clock
        self._unit = unit_code
        self._calendar = calendar

    @property
    def engine(self) -> Engine:
        return self._engine

    def create_schema(self) -> None:
        """Create the tables if missing; refuse a register of another schema version."""
        metadata.create_all(self._engine)
        with self._engine.begin() as conn:
            found = conn.execute(
                select(ward_meta.c.value).where(ward_meta.c.key == "schema_version")
            ).scalar_one_or_none()
            if found is None:
                conn.execute(
                    insert(ward_meta).values(key="schema_version", value=str(SCHEMA_VERSION))
                )
            elif found != str(SCHEMA_VERSION):
                raise SchemaMismatch(f"register schema {found}, this code knows {SCHEMA_VERSION}")

    def accept(self, dossier: IncomingDossier) -> Accepted:
        """Register `dossier` once: a resend with the same key gets the first answer back."""
        digest = content_digest(dossier)
        for _ in range(_RETRIES):
            try:
                with self._engine.begin() as conn:
                    known = self._known(conn, dossier, digest)
                    if known is not None:
                        return known
                    return self._insert(conn, dossier, digest)
            except IntegrityError:
                continue  # a concurrent resend or a new day's sequence row won; look again
        raise RuntimeError("could not register the dossier: constant write conflicts")

    def status(self, dossier_code: str) -> StatusRecord | None:
        d = ward_dossiers.c
        query = select(
            d.dossier_code,
            d.procedure_code,
            d.status,
            d.received_at,
            d.status_updated_at,
            d.appointment_date,
        ).where(d.dossier_code == dossier_code)
        with self._engine.connect() as conn:
            row = conn.execute(query).one_or_none()
        if row is None:
            return None
        return StatusRecord(
            row.dossier_code,
            row.procedure_code,
            row.status,
            _aware(row.received_at),
            _aware(row.status_updated_at),
            row.appointment_date,
        )

    def set_status(self, dossier_code: str, status: str) -> None:
        """Ward staff move a dossier on; LookupError for an unknown code."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; expected one of {', '.join(STATUSES)}")
        with self._engine.begin() as conn:
            done = conn.execute(
                update(ward_dossiers)
                .where(ward_dossiers.c.dossier_code == dossier_code)
                .values(status=status, status_updated_at=self._clock.now().astimezone(UTC))
            )
            if done.rowcount != 1:
                raise LookupError(f"no dossier {dossier_code!r}")

    def rate(self, dossier_code: str, score: int, *, kiosk_id: str | None) -> bool:
        """Record the citizen's rating; False if no such dossier (from `kiosk_id`, if given)."""
        if isinstance(score, bool) or not 1 <= score <= 5:
            raise ValueError(f"rating must be 1-5, not {score!r}")
        d = ward_dossiers.c
        query = update(ward_dossiers).where(d.dossier_code == dossier_code).values(rating=score)
        if kiosk_id is not None:
            query = query.where(d.kiosk_id == kiosk_id)
        with self._engine.begin() as conn:
            return bool(conn.execute(query).rowcount == 1)

    def rating(self, dossier_code: str) -> int | None:
        with self._engine.connect() as conn:
            value = conn.execute(
                select(ward_dossiers.c.rating).where(ward_dossiers.c.dossier_code == dossier_code)
            ).scalar_one_or_none()
        return None if value is None else int(value)

    def count(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(ward_dossiers)).scalar_one())

    def papers(self, dossier_code: str) -> dict[str, bytes]:
        """The papers of a dossier, for ward staff (and tests)."""
        d, p = ward_dossiers.c, ward_papers.c
        query = (
            select(p.paper_id, p.data)
            .join_from(ward_papers, ward_dossiers, p.dossier_id == d.id)
            .where(d.dossier_code == dossier_code)
            .order_by(p.id)
        )
        with self._engine.connect() as conn:
            return {row.paper_id: bytes(row.data) for row in conn.execute(query)}

    # --- internals --------------------------------------------------------------------------

    def _known(self, conn: Connection, dossier: IncomingDossier, digest: str) -> Accepted | None:
        d = ward_dossiers.c
        row = conn.execute(
            select(
                d.content_sha256, d.dossier_code, d.received_at, d.appointment_date, d.status
            ).where(d.kiosk_id == dossier.kiosk_id, d.idempotency_key == dossier.idempotency_key)
        ).one_or_none()
        if row is None:
            return None
        if row.content_sha256 != digest:
            raise KeyReused("idempotency key already used for a different dossier")
        return Accepted(
            row.dossier_code,
            dossier.idempotency_key,
            _aware(row.received_at),
            row.appointment_date,
            row.status,
            created=False,
        )

    def _insert(self, conn: Connection, dossier: IncomingDossier, digest: str) -> Accepted:
        now = self._clock.now().astimezone(UTC)  # SQLite keeps no offset: always store UTC
        day = now.astimezone(VIETNAM).date()
        code = f"{self._unit}-{day:%y%m%d}-{self._next_sequence(conn, day):04d}"
        appointment = self._calendar.appointment_date(now, dossier.processing_days)
        consent = (
            None
            if dossier.consent is None
            else json.dumps(dossier.consent, ensure_ascii=False, sort_keys=True)
        )
        dossier_id = conn.execute(
            insert(ward_dossiers)
            .values(
                kiosk_id=dossier.kiosk_id,
                idempotency_key=dossier.idempotency_key,
                content_sha256=digest,
                dossier_code=code,
                procedure_code=dossier.procedure_code,
                received_at=now,
                appointment_date=appointment,
                status="received",
                status_updated_at=now,
                submitted_at=(
                    dossier.submitted_at.astimezone(UTC) if dossier.submitted_at else None
                ),
                identity_source=dossier.identity_source,
                consent=consent,
                rating=dossier.rating,
                processing_days=dossier.processing_days,
                fields=json.dumps(dict(dossier.fields), ensure_ascii=False, sort_keys=True),
            )
            .returning(ward_dossiers.c.id)
        ).scalar_one()
        if dossier.papers:
            conn.execute(
                insert(ward_papers),
                [
                    {
                        "dossier_id": dossier_id,
                        "paper_id": p.paper_id,
                        "sha256": hashlib.sha256(p.data).hexdigest(),
                        "size_bytes": len(p.data),
                        "data": p.data,
                    }
                    for p in dossier.papers
                ],
            )
        return Accepted(code, dossier.idempotency_key, now, appointment, "received", created=True)

    def _next_sequence(self, conn: Connection, day: date) -> int:
        s = ward_day_sequences.c
        # The UPDATE locks the day's row: concurrent registrations queue here, so numbers are
        # unique and, as a failed transaction rolls its increment back, without gaps.
        bumped = conn.execute(
            update(ward_day_sequences)
            .where(s.unit_code == self._unit, s.day == day)
            .values(last=s.last + 1)
            .returning(s.last)
        ).scalar_one_or_none()
        if bumped is not None:
            return int(bumped)
        conn.execute(insert(ward_day_sequences).values(unit_code=self._unit, day=day, last=1))
        return 1


def _aware(value: datetime) -> datetime:
    """SQLite hands datetimes back without their offset; they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value
