"""Engines and sessions for the kiosk store (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.orm import Session, sessionmaker

# A ward kiosk gets unplugged: WAL keeps readers and the writer apart, and synchronous=FULL
# fsyncs the WAL on every commit, so a committed dossier survives power loss too.
SQLITE_PRAGMAS: tuple[str, ...] = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
)


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """The SQLAlchemy URL of the SQLite database file at `path`."""
    return f"sqlite:///{Path(path)}"


def make_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite the file's directory is created and the pragmas set."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    database = parsed.database or ""
    if database not in ("", ":memory:") and not parsed.query.get("uri"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to `engine`; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def _on_sqlite_connect(dbapi_connection: Any, connection_record: Any) -> None:
    # WORKAROUND: https://github.com/python/cpython/issues/54949
    # sqlite3's legacy transaction control skips BEGIN before SELECT and DDL; take BEGIN over
    # (see _on_sqlite_begin) so every transaction, migrations included, is really atomic.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock up front: a read-then-write transaction cannot fail half
    # way with SQLITE_BUSY, and busy_timeout covers the wait for another writer.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
