"""The outbox fixtures of tests/unit/outbox (a real OutboxRepository on migrated SQLite)."""

from tests.unit.outbox.conftest import clock, engine, outbox, repo

__all__ = ["clock", "engine", "outbox", "repo"]
