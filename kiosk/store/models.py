"""Tables of the kiosk store (SQLAlchemy 2.0 declarative).

Only `dossiers.payload` ever holds personal data, and only until the portal acknowledges the
dossier. Sessions, ratings, the audit log and device events hold none.

`versions/0001_initial.py` mirrors this module by hand; `kiosk.store.migrate.drift` (run by the
tests on SQLite and PostgreSQL) fails when the two disagree.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names on every backend; Alembic batch mode on SQLite needs them to find a
# constraint again when it recreates a table.
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class EndReason(enum.StrEnum):
    COMPLETED = "completed"
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"


class DossierStatus(enum.StrEnum):
    QUEUED = "queued"  # in the outbox, not yet acknowledged by the portal
    SUBMITTED = "submitted"  # acknowledged; the portal's dossier code is known
    FAILED = "failed"  # the outbox gave up; staff must follow up


class OutboxState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    ACKED = "acked"
    FAILED = "failed"


class ReceiptMedium(enum.StrEnum):
    THERMAL = "thermal"
    PDF = "pdf"


class ActorKind(enum.StrEnum):
    STAFF = "staff"
    TECHNICIAN = "technician"
    SYSTEM = "system"


def _one_of(column: str, values: type[enum.StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC; SQLite drops the offset, so it is put back on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r}: the store only takes aware datetimes")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class KioskSession(Base):
    """One citizen's use of the kiosk, from first touch to the end. No personal data."""

    __tablename__ = "kiosk_sessions"
    __table_args__ = (
        CheckConstraint(_one_of("end_reason", EndReason), name="end_reason"),
        Index("ix_kiosk_sessions_started_at", "started_at"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    end_reason: Mapped[str | None] = mapped_column(String(16))
    big_text: Mapped[bool] = mapped_column(default=False)
    assisted: Mapped[bool] = mapped_column(default=False)
    procedure_code: Mapped[str | None] = mapped_column(String(64))


class Dossier(Base):
    """A submitted application. `payload` (the form) is cleared once the portal acknowledges."""

    __tablename__ = "dossiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str | None] = mapped_column(
        ForeignKey("kiosk_sessions.id", ondelete="SET NULL"), index=True
    )
    procedure_code: Mapped[str] = mapped_column(String(64))
    local_id: Mapped[str] = mapped_column(String(36), unique=True)  # idempotency key
    dossier_code: Mapped[str | None] = mapped_column(String(64))  # the portal's code
    appointment_date: Mapped[date | None] = mapped_column(Date)  # set by the portal's answer
    rating: Mapped[int | None] = mapped_column(Integer)  # the citizen's 1-5 faces, if given
    rating_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str | None] = mapped_column(Text)  # JSON text; personal data
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxEntry(Base):
    """Delivery state of one dossier to the portal."""

    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_one_of("state", OutboxState), name="state"),
        CheckConstraint("attempts >= 0", name="attempts_non_negative"),
        Index("ix_outbox_state_next_attempt_at", "state", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), unique=True
    )
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Receipt(Base):
    __tablename__ = "receipts"
    __table_args__ = (
        CheckConstraint(_one_of("medium", ReceiptMedium), name="medium"),
        CheckConstraint("copies >= 1", name="copies_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_id: Mapped[int] = mapped_column(
        ForeignKey("dossiers.id", ondelete="CASCADE"), index=True
    )
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    medium: Mapped[str] = mapped_column(String(16))
    copies: Mapped[int] = mapped_column(Integer)
    qr_payload: Mapped[str] = mapped_column(Text)


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("kiosk_sessions.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AuditEntry(Base):
    """A staff, technician or system action. Never personal data in `detail`."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(_one_of("actor_kind", ActorKind), name="actor_kind"),
        Index("ix_audit_log_at", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(Text)


class DeviceEvent(Base):
    """A device health transition (e.g. card_reader: ready → not_ready)."""

    __tablename__ = "device_events"
    __table_args__ = (Index("ix_device_events_port_at", "port", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    port: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(Text)
