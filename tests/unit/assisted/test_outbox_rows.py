"""The staff's outbox rows from a real OutboxRepository on SQLite: state, attempts, the error's
class only, and nothing personal anywhere in a row."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from kiosk.ports.clock import ManualClock
from kiosk.services.assisted.outbox_rows import OutboxListing, error_class, short_reference
from kiosk.services.outbox import Outbox
from kiosk.store.db import session_factory
from kiosk.store.outbox_repository import OutboxRepository
from tests.unit.outbox.conftest import new_dossier

PERSONAL = ("Nguyễn Văn An", "2026-11-20", "ho_ten_con")


def test_rows_show_state_attempts_and_error_class_only(
    outbox: Outbox, repo: OutboxRepository, engine: Engine, clock: ManualClock, tmp_path: Path
) -> None:
    sent = outbox.enqueue(new_dossier()).local_id
    clock.advance(1)
    failed = outbox.enqueue(new_dossier()).local_id
    clock.advance(1)
    waiting = outbox.enqueue(new_dossier()).local_id
    now = clock.now()
    repo.claim(sent, now)
    repo.acknowledge(sent, "000.00.12.H26-261123-0001", None, now)
    repo.claim(failed, now)
    repo.attempt_failed(failed, "rejected", "PortalRejected: Nguyễn Văn An is not valid", now, None)
    repo.claim(waiting, now)
    repo.attempt_failed(waiting, "offline", "ConnectionError: refused", now,
                        now + timedelta(seconds=30))  # fmt: skip

    rows = OutboxListing(session_factory(engine)).rows()
    by_id = {r.local_id: r for r in rows}
    assert rows[0].local_id == failed  # the one staff must look at comes first
    assert (by_id[sent].state, by_id[sent].reference) == ("acked", "000.00.12.H26-261123-0001")
    assert by_id[failed].state == "failed" and by_id[failed].can_retry
    assert by_id[failed].error_class == "PortalRejected"
    assert by_id[failed].reference == short_reference(failed)
    assert (by_id[waiting].state, by_id[waiting].attempts) == ("pending", 1)
    assert not by_id[waiting].can_retry
    for row in rows:
        assert not any(p in repr(row) for p in PERSONAL)


def test_error_class() -> None:
    assert error_class("TimeoutError: slow") == "TimeoutError"
    assert error_class(None) == ""
    assert error_class("  : nothing") == ""
