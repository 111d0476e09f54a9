"""Migrations up and down on SQLite, and models and migrations kept in step."""

from __future__ import annotations

from sqlalchemy import inspect

from kiosk.store import migrate
from kiosk.store.db import make_engine

STORE_TABLES = {
    "kiosk_sessions",
    "dossiers",
    "outbox",
    "receipts",
    "ratings",
    "audit_log",
    "device_events",
}


def tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(db_url: str) -> None:
    assert migrate.current(db_url) is None

    migrate.upgrade(db_url)
    assert migrate.current(db_url) == "0002"
    assert tables(db_url) == STORE_TABLES | {"alembic_version"}

    migrate.downgrade(db_url)
    assert migrate.current(db_url) is None
    assert tables(db_url) == {"alembic_version"}

    migrate.upgrade(db_url)
    assert migrate.current(db_url) == "0002"
    assert tables(db_url) == STORE_TABLES | {"alembic_version"}


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    migrate.upgrade(db_url)
    assert migrate.drift(db_url) == []


def test_drift_check_does_see_differences(db_url: str) -> None:
    migrate.upgrade(db_url)
    migrate.downgrade(db_url)
    diffs = migrate.drift(db_url)
    assert {d[1].name for d in diffs if isinstance(d, tuple) and d[0] == "add_table"} == (
        STORE_TABLES
    )


def test_command_line_check(db_url: str) -> None:
    assert migrate.main(["upgrade", db_url]) == 0
    assert migrate.main(["check", db_url]) == 0
