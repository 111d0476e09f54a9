"""AuditReader.recent: the newest entries of any action, oldest first (the log export's input)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from kiosk.store.audit_repository import AuditReader
from kiosk.store.db import session_factory
from kiosk.store.repositories import AuditLog
from tests.unit.store.conftest import NOW


def test_recent_keeps_the_newest_in_time_order(engine: Engine) -> None:
    sessions = session_factory(engine)
    log = AuditLog(sessions)
    for i in range(5):
        log.record("staff", "hoa", f"staff.action{i}", None, at=NOW + timedelta(minutes=i))
    log.record("system", "kiosk", "outbox.sent", "dossier 1", at=NOW + timedelta(minutes=9))
    rows = AuditReader(sessions).recent(limit=3)
    assert [r.action for r in rows] == ["staff.action3", "staff.action4", "outbox.sent"]
    assert AuditReader(sessions).recent(limit=0) == []
