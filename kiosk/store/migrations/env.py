"""Alembic environment of the kiosk store.

Run through `kiosk.store.migrate`, which opens the connection (inside a transaction) and hands it
over in `config.attributes["connection"]`; there is no alembic.ini and no offline mode.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from kiosk.store.models import Base

connection = context.config.attributes.get("connection")
if context.is_offline_mode() or not isinstance(connection, Connection):
    raise RuntimeError("run the kiosk migrations through kiosk.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode recreates the table instead.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
