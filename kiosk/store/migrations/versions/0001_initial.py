"""Initial store: sessions, dossiers + outbox, receipts, ratings, audit log, device events.

Revision ID: 0001
Revises:
Created: 2026-11-23

Written by hand to match kiosk.store.models; never import the models here (a migration is
frozen in time). Constraint names follow models.NAMING_CONVENTION.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _utc() -> sa.DateTime:
    return sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "kiosk_sessions",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kiosk_id", sa.String(64), nullable=False),
        sa.Column("started_at", _utc(), nullable=False),
        sa.Column("ended_at", _utc(), nullable=True),
        sa.Column("end_reason", sa.String(16), nullable=True),
        sa.Column("big_text", sa.Boolean(), nullable=False),
        sa.Column("assisted", sa.Boolean(), nullable=False),
        sa.Column("procedure_code", sa.String(64), nullable=True),
        sa.CheckConstraint(
            "end_reason IN ('completed', 'timeout', 'cancelled')",
            name="ck_kiosk_sessions_end_reason",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_kiosk_sessions"),
    )
    op.create_index("ix_kiosk_sessions_started_at", "kiosk_sessions", ["started_at"])

    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=True),
        sa.Column("procedure_code", sa.String(64), nullable=False),
        sa.Column("local_id", sa.String(36), nullable=False),
        sa.Column("dossier_code", sa.String(64), nullable=True),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["kiosk_sessions.id"],
            name="fk_dossiers_session_id_kiosk_sessions",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_dossiers"),
        sa.UniqueConstraint("local_id", name="uq_dossiers_local_id"),
    )
    op.create_index("ix_dossiers_session_id", "dossiers", ["session_id"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _utc(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("acked_at", _utc(), nullable=True),
        sa.CheckConstraint(
            "state IN ('pending', 'sending', 'acked', 'failed')", name="ck_outbox_state"
        ),
        sa.CheckConstraint("attempts >= 0", name="ck_outbox_attempts_non_negative"),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name="fk_outbox_dossier_id_dossiers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("dossier_id", name="uq_outbox_dossier_id"),
    )
    op.create_index("ix_outbox_state_next_attempt_at", "outbox", ["state", "next_attempt_at"])

    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("printed_at", _utc(), nullable=False),
        sa.Column("medium", sa.String(16), nullable=False),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.Column("qr_payload", sa.Text(), nullable=False),
        sa.CheckConstraint("medium IN ('thermal', 'pdf')", name="ck_receipts_medium"),
        sa.CheckConstraint("copies >= 1", name="ck_receipts_copies_positive"),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name="fk_receipts_dossier_id_dossiers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_receipts"),
    )
    op.create_index("ix_receipts_dossier_id", "receipts", ["dossier_id"])

    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(36), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_ratings_score_range"),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["kiosk_sessions.id"],
            name="fk_ratings_session_id_kiosk_sessions",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ratings"),
    )
    op.create_index("ix_ratings_session_id", "ratings", ["session_id"])

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("actor_kind", sa.String(16), nullable=False),
        sa.Column("actor_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "actor_kind IN ('staff', 'technician', 'system')", name="ck_audit_log_actor_kind"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])

    op.create_table(
        "device_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", _utc(), nullable=False),
        sa.Column("port", sa.String(32), nullable=False),
        sa.Column("from_state", sa.String(32), nullable=False),
        sa.Column("to_state", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_device_events"),
    )
    op.create_index("ix_device_events_port_at", "device_events", ["port", "at"])


def downgrade() -> None:
    op.drop_index("ix_device_events_port_at", table_name="device_events")
    op.drop_table("device_events")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_ratings_session_id", table_name="ratings")
    op.drop_table("ratings")
    op.drop_index("ix_receipts_dossier_id", table_name="receipts")
    op.drop_table("receipts")
    op.drop_index("ix_outbox_state_next_attempt_at", table_name="outbox")
    op.drop_table("outbox")
    op.drop_index("ix_dossiers_session_id", table_name="dossiers")
    op.drop_table("dossiers")
    op.drop_index("ix_kiosk_sessions_started_at", table_name="kiosk_sessions")
    op.drop_table("kiosk_sessions")
