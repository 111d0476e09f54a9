"""The store on a real PostgreSQL server: the very same migration and repository tests as on
SQLite, collected here again with `db_url` pointing at a throwaway cluster the run started."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.store import migrate
from tests.unit.outbox.conftest import clock, outbox, repo  # noqa: F401 - fixtures, on PG too
from tests.unit.outbox.test_enqueue import (  # noqa: F401 - collected here again, on PostgreSQL
    test_bad_paper_id_writes_nothing,
    test_enqueue_moves_papers_and_writes_everything,
    test_same_key_twice_writes_once,
    test_store_failure_removes_the_papers,
)
from tests.unit.store.conftest import engine, sessions  # noqa: F401 - fixtures used on PG too
from tests.unit.store.test_store_migrations import (  # noqa: F401 - collected here again, on PostgreSQL
    test_command_line_check,
    test_drift_check_does_see_differences,
    test_migrated_schema_matches_the_models,
    test_upgrade_downgrade_upgrade,
)
from tests.unit.store.test_store_repositories import (  # noqa: F401 - collected here again, on PostgreSQL
    test_rating_check_constraint_guards_the_table,
    test_rating_outside_1_to_5_is_rejected,
    test_ratings_1_and_5_are_kept,
    test_receipt_audit_and_device_event,
    test_session_end_reason_is_checked,
    test_session_start_update_end,
)

pytestmark = pytest.mark.peer


@pytest.fixture
def db_url(postgres_url: str) -> Iterator[str]:
    """The cluster's database, at base before and after each test."""
    migrate.downgrade(postgres_url)
    yield postgres_url
    migrate.downgrade(postgres_url)
