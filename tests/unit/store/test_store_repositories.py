"""Repositories on a migrated SQLite database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store import repositories
from kiosk.store.models import (
    AuditEntry,
    DeviceEvent,
    Dossier,
    KioskSession,
    OutboxEntry,
    Rating,
    Receipt,
)
from kiosk.store.repositories import (
    AuditLog,
    DeviceEventLog,
    DossierStore,
    Ratings,
    ReceiptLog,
    SessionLog,
)

from .conftest import NOW

FORM = {"ho_ten": "Nguyễn Thị Hoa", "so_cccd": "001190012345", "noi_dung": "Khai sinh"}


def count(sessions: sessionmaker[Session], model: type[Any]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_session_start_update_end(sessions: sessionmaker[Session]) -> None:
    log = SessionLog(sessions)
    sid = log.start("kiosk-01", NOW, big_text=True)
    log.update(sid, procedure_code="1.001193", assisted=True)
    assert log.end(sid, "completed", NOW + timedelta(minutes=4)) is True
    assert log.end(sid, "timeout", NOW + timedelta(minutes=5)) is False
    with sessions() as s:
        row = s.get_one(KioskSession, sid)
    assert (row.kiosk_id, row.big_text, row.assisted) == ("kiosk-01", True, True)
    assert (row.procedure_code, row.end_reason) == ("1.001193", "completed")
    assert row.ended_at == NOW + timedelta(minutes=4)


def test_session_end_reason_is_checked(sessions: sessionmaker[Session]) -> None:
    log = SessionLog(sessions)
    sid = log.start("kiosk-01", NOW)
    with pytest.raises(ValueError, match="unknown end reason 'crashed'"):
        log.end(sid, "crashed", NOW)
    with pytest.raises(LookupError):
        log.end("no-such-session", "completed", NOW)


def test_add_to_outbox_writes_dossier_and_outbox_row(sessions: sessionmaker[Session]) -> None:
    store = DossierStore(sessions)
    sid = SessionLog(sessions).start("kiosk-01", NOW)
    assert store.add_to_outbox("L1", "1.001193", FORM, NOW, session_id=sid) is True
    record = store.get("L1")
    assert record is not None
    assert (record.status, record.outbox_state, record.attempts) == ("queued", "pending", 0)
    assert record.payload == FORM
    assert record.session_id == sid
    assert record.created_at == NOW


def test_add_to_outbox_is_idempotent_on_local_id(sessions: sessionmaker[Session]) -> None:
    store = DossierStore(sessions)
    assert store.add_to_outbox("L1", "1.001193", FORM, NOW) is True
    assert store.add_to_outbox("L1", "1.001193", FORM, NOW) is False
    assert count(sessions, Dossier) == 1
    assert count(sessions, OutboxEntry) == 1


def test_add_to_outbox_is_one_transaction(
    sessions: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_outbox_row(**kwargs: Any) -> OutboxEntry:
        return OutboxEntry(**{**kwargs, "state": "not-a-state"})  # violates the CHECK

    monkeypatch.setattr(repositories, "OutboxEntry", broken_outbox_row)
    with pytest.raises(IntegrityError):
        DossierStore(sessions).add_to_outbox("L1", "1.001193", FORM, NOW)
    assert count(sessions, Dossier) == 0
    assert count(sessions, OutboxEntry) == 0


def test_pending_is_due_and_ordered(sessions: sessionmaker[Session]) -> None:
    store = DossierStore(sessions)
    store.add_to_outbox("later", "p", {"n": 3}, NOW + timedelta(minutes=2))
    store.add_to_outbox("first", "p", {"n": 1}, NOW - timedelta(minutes=2))
    store.add_to_outbox("second", "p", {"n": 2}, NOW)
    due = store.pending(limit=10, now=NOW)
    assert [p.local_id for p in due] == ["first", "second"]
    assert due[0].payload == {"n": 1}
    assert [p.local_id for p in store.pending(limit=1, now=NOW)] == ["first"]


def test_mark_acked_clears_the_payload(sessions: sessionmaker[Session]) -> None:
    store = DossierStore(sessions)
    store.add_to_outbox("L1", "1.001193", FORM, NOW)
    store.mark_sending("L1")
    store.mark_acked("L1", "H01.22-261123-0001", NOW + timedelta(seconds=3))
    record = store.get("L1")
    assert record is not None
    assert record.payload is None
    assert record.dossier_code == "H01.22-261123-0001"
    assert (record.status, record.outbox_state) == ("submitted", "acked")
    assert record.acked_at == NOW + timedelta(seconds=3)
    assert store.pending(limit=10, now=NOW + timedelta(days=1)) == []
    with sessions() as s:
        assert s.scalar(select(Dossier.payload)) is None
    with pytest.raises(LookupError):
        store.mark_acked("unknown", "X", NOW)


def test_mark_failed_retries_then_gives_up(sessions: sessionmaker[Session]) -> None:
    store = DossierStore(sessions)
    store.add_to_outbox("L1", "p", FORM, NOW)
    store.mark_sending("L1")
    retry_at = NOW + timedelta(minutes=1)
    store.mark_failed("L1", "portal 503", NOW, retry_at=retry_at)
    assert store.pending(limit=10, now=NOW) == []
    [again] = store.pending(limit=10, now=retry_at)
    assert again.attempts == 1
    store.mark_sending("L1")
    store.mark_failed("L1", "portal 400", retry_at, retry_at=None)
    record = store.get("L1")
    assert record is not None
    assert (record.status, record.outbox_state, record.attempts) == ("failed", "failed", 2)
    assert record.last_error == "portal 400"
    assert record.payload == FORM  # kept for staff to follow up


def test_requeue_interrupted_sends_again(sessions: sessionmaker[Session]) -> None:
    store = DossierStore(sessions)
    store.add_to_outbox("L1", "p", FORM, NOW)
    store.mark_sending("L1")
    assert store.pending(limit=10, now=NOW) == []
    later = NOW + timedelta(hours=1)
    assert store.requeue_interrupted(later) == 1
    assert [p.local_id for p in store.pending(limit=10, now=later)] == ["L1"]


@pytest.mark.parametrize("score", [0, 6, -1, True, 2.5])
def test_rating_outside_1_to_5_is_rejected(sessions: sessionmaker[Session], score: Any) -> None:
    sid = SessionLog(sessions).start("kiosk-01", NOW)
    with pytest.raises(ValueError, match="from 1 to 5"):
        Ratings(sessions).add(sid, score, at=NOW)
    assert count(sessions, Rating) == 0


def test_rating_check_constraint_guards_the_table(sessions: sessionmaker[Session]) -> None:
    sid = SessionLog(sessions).start("kiosk-01", NOW)
    with pytest.raises(IntegrityError), sessions.begin() as s:
        s.add(Rating(session_id=sid, score=6, created_at=NOW))


def test_ratings_1_and_5_are_kept(sessions: sessionmaker[Session]) -> None:
    ratings = Ratings(sessions)
    sid = SessionLog(sessions).start("kiosk-01", NOW)
    ratings.add(sid, 1, at=NOW)
    ratings.add(sid, 5, at=NOW)
    with sessions() as s:
        assert sorted(s.scalars(select(Rating.score))) == [1, 5]
    with pytest.raises(LookupError):
        ratings.add("no-such-session", 3, at=NOW)


def test_receipt_audit_and_device_event(sessions: sessionmaker[Session]) -> None:
    DossierStore(sessions).add_to_outbox("L1", "p", FORM, NOW)
    ReceiptLog(sessions).record("L1", "thermal", "https://dichvucong/qr/L1", at=NOW)
    with pytest.raises(ValueError, match="unknown receipt medium"):
        ReceiptLog(sessions).record("L1", "fax", "qr", at=NOW)
    AuditLog(sessions).record("staff", "staff-07", "reprint_receipt", "L1", at=NOW)
    with pytest.raises(ValueError, match="unknown actor kind"):
        AuditLog(sessions).record("citizen", "x", "y", at=NOW)
    DeviceEventLog(sessions).record("card_reader", "ready", "not_ready", "pcscd gone", at=NOW)
    with sessions() as s:
        receipt = s.scalars(select(Receipt)).one()
        audit = s.scalars(select(AuditEntry)).one()
        event = s.scalars(select(DeviceEvent)).one()
    assert (receipt.medium, receipt.copies, receipt.printed_at) == ("thermal", 1, NOW)
    assert (audit.actor_kind, audit.actor_id, audit.action) == (
        "staff",
        "staff-07",
        "reprint_receipt",
    )
    assert (event.port, event.from_state, event.to_state, event.at) == (
        "card_reader",
        "ready",
        "not_ready",
        NOW,
    )
