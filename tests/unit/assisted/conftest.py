"""The outbox fixtures of tests/unit/outbox (a real OutboxRepository on migrated SQLite)."""

from tests.unit.outbox.conftest import clock, db_url, engine, outbox, repo

__all__ = ["clock", "db_url", "engine", "outbox", "repo"]
