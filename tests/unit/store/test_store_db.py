"""Engine set-up: SQLite pragmas, UTC datetimes, and no SQLAlchemy on the start-up path."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.db import make_engine, sqlite_url
from kiosk.store.models import AuditEntry

from .conftest import NOW

ROOT = Path(__file__).resolve().parents[3]


def test_sqlite_pragmas_are_set_on_every_connection(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_make_engine_creates_the_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "kiosk.db"
    engine = make_engine(sqlite_url(path))
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    finally:
        engine.dispose()
    assert path.is_file()


def test_datetimes_come_back_aware_in_utc(sessions: sessionmaker[Session]) -> None:
    hanoi = timezone(timedelta(hours=7))
    at = datetime(2026, 11, 23, 15, 30, tzinfo=hanoi)
    with sessions.begin() as s:
        s.add(AuditEntry(at=at, actor_kind="system", actor_id="kiosk", action="boot"))
    with sessions() as s:
        stored = s.scalars(select(AuditEntry.at)).one()
    assert stored == at
    assert stored.tzinfo == UTC
    assert stored.hour == 8


def test_naive_datetimes_are_refused(sessions: sessionmaker[Session]) -> None:
    with pytest.raises(StatementError, match="naive datetime"), sessions.begin() as s:
        s.add(
            AuditEntry(
                at=NOW.replace(tzinfo=None), actor_kind="system", actor_id="k", action="boot"
            )
        )


def test_importing_kiosk_store_does_not_import_sqlalchemy() -> None:
    code = "import sys, kiosk.store; print('sqlalchemy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
