"""Outbox delivery: appointment date and rating on dossiers, last attempt time on the outbox.

The portal's appointment date, the citizen's rating and when it was sent go on the dossier;
the time of the last delivery attempt on the outbox row.

Revision ID: 0002
Revises: 0001
Created: 2026-11-23

Each attempt itself is an `audit_log` row (action `outbox.attempt`, no personal data).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.add_column(sa.Column("appointment_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("rating_sent_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("last_attempt_at")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("rating_sent_at")
        batch.drop_column("rating")
        batch.drop_column("appointment_date")
