"""An outbox over a migrated store (SQLite in tmp_path unless `db_url` says otherwise), on a
manual clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import ConsentRecord
from kiosk.services.outbox import NewDossier, Outbox, PaperFolder
from kiosk.store import migrate
from kiosk.store.db import make_engine, session_factory, sqlite_url
from kiosk.store.outbox_repository import OutboxRepository

KIOSK = "kiosk-unit-01"
START = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(wall=START)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """SQLite here; tests/peers/test_store_postgres.py runs the same tests on PostgreSQL."""
    return sqlite_url(tmp_path / "data" / "kiosk.db")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    migrate.upgrade(db_url)
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def repo(engine: Engine) -> OutboxRepository:
    return OutboxRepository(session_factory(engine), KIOSK)


@pytest.fixture
def outbox(repo: OutboxRepository, tmp_path: Path, clock: ManualClock) -> Outbox:
    return Outbox(repo, PaperFolder(tmp_path / "data" / "outbox"), clock, KIOSK)


def new_dossier(papers: dict[str, Path | bytes] | None = None, **changes: object) -> NewDossier:
    values: dict[str, object] = {
        "procedure_code": "1.001193",
        "fields": {"ho_ten_con": "Nguyễn Văn An", "ngay_sinh_con": "2026-11-20"},
        "papers": papers if papers is not None else {"giay_chung_sinh": b"%PDF-1.4 paper"},
        "identity_source": "chip",
        "consent": ConsentRecord("consent.dossier.v1", START, ("dg1", "dg13")),
        "processing_days": 3,
    }
    values.update(changes)
    return NewDossier(**values)  # type: ignore[arg-type]
