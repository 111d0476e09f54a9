"""DeviceEventLog's read side (issue 11) on a real PostgreSQL server: the SQLite tests of
tests/unit/store/test_device_events.py collected again against the throwaway cluster."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.store import migrate
from tests.unit.store.conftest import engine, sessions  # noqa: F401 - fixtures used on PG too
from tests.unit.store.test_device_events import (  # noqa: F401 - collected here again, on PostgreSQL
    test_an_empty_log_reads_empty,
    test_last_errors_is_each_ports_latest_failure,
    test_recent_is_newest_first_and_limited,
    test_since_is_oldest_first_from_the_given_time,
)

pytestmark = pytest.mark.peer


@pytest.fixture
def db_url(postgres_url: str) -> Iterator[str]:
    """The cluster's database, at base before and after each test."""
    migrate.downgrade(postgres_url)
    yield postgres_url
    migrate.downgrade(postgres_url)
