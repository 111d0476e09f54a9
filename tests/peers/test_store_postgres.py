"""The store on a real PostgreSQL server: the same migrations and repositories as on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from kiosk.store import migrate
from kiosk.store.db import make_engine, session_factory
from kiosk.store.models import Dossier, Rating
from kiosk.store.repositories import DossierStore, Ratings, SessionLog

pytestmark = pytest.mark.peer

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
FORM = {"ho_ten": "Lê Thị Mai", "so_cccd": "079190000123"}
STORE_TABLES = {
    "kiosk_sessions",
    "dossiers",
    "outbox",
    "receipts",
    "ratings",
    "audit_log",
    "device_events",
}


@pytest.fixture
def pg(postgres_url: str) -> Iterator[str]:
    """The session's database, at base before and after each test."""
    migrate.downgrade(postgres_url)
    yield postgres_url
    migrate.downgrade(postgres_url)


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(pg: str) -> None:
    migrate.upgrade(pg)
    assert migrate.current(pg) == "0001"
    assert tables(pg) == STORE_TABLES | {"alembic_version"}
    migrate.downgrade(pg)
    assert migrate.current(pg) is None
    assert tables(pg) == {"alembic_version"}
    migrate.upgrade(pg)
    assert migrate.current(pg) == "0001"
    assert tables(pg) == STORE_TABLES | {"alembic_version"}


def test_migrated_schema_matches_the_models(pg: str) -> None:
    migrate.upgrade(pg)
    assert migrate.drift(pg) == []


def test_repository_round_trip(pg: str) -> None:
    migrate.upgrade(pg)
    engine = make_engine(pg)
    try:
        sessions = session_factory(engine)
        store = DossierStore(sessions)
        sid = SessionLog(sessions).start("kiosk-01", NOW)
        assert store.add_to_outbox("L1", "1.001193", FORM, NOW, session_id=sid) is True
        assert store.add_to_outbox("L1", "1.001193", FORM, NOW, session_id=sid) is False
        [due] = store.pending(limit=10, now=NOW)
        assert (due.local_id, due.payload, due.next_attempt_at) == ("L1", FORM, NOW)

        store.mark_sending("L1")
        store.mark_acked("L1", "H01.22-261123-0001", NOW + timedelta(seconds=2))
        record = store.get("L1")
        assert record is not None
        assert (record.payload, record.dossier_code) == (None, "H01.22-261123-0001")
        assert (record.status, record.outbox_state) == ("submitted", "acked")
        assert record.acked_at == NOW + timedelta(seconds=2)
        assert record.created_at.tzinfo == UTC
        with sessions() as s:
            assert s.scalar(select(Dossier.payload)) is None

        with pytest.raises(ValueError, match="from 1 to 5"):
            Ratings(sessions).add(sid, 6, at=NOW)
        with pytest.raises(IntegrityError), sessions.begin() as s:
            s.add(Rating(session_id=sid, score=0, created_at=NOW))
    finally:
        engine.dispose()
