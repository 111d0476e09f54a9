"""Repositories on a migrated SQLite database."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.models import (
    AuditEntry,
    DeviceEvent,
    KioskSession,
    Rating,
    Receipt,
)
from kiosk.store.outbox_repository import OutboxRepository
from kiosk.store.repositories import (
    AuditLog,
    DeviceEventLog,
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
    OutboxRepository(sessions, "kiosk-01").add(
        "L1", "p", json.dumps(FORM), NOW, consent_notice=None
    )
    ReceiptLog(sessions).record("L1", "thermal", "https://dichvucong/qr/L1", at=NOW)
    with pytest.raises(ValueError, match="unknown receipt medium"):
        ReceiptLog(sessions).record("L1", "fax", "qr", at=NOW)
    AuditLog(sessions).record("staff", "staff-07", "reprint_receipt", "L1", at=NOW)
    with pytest.raises(ValueError, match="unknown actor kind"):
        AuditLog(sessions).record("citizen", "x", "y", at=NOW)
    DeviceEventLog(sessions).record("card_reader", "ready", "not_ready", "pcscd gone", at=NOW)
    with sessions() as s:
        receipt = s.scalars(select(Receipt)).one()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.actor_kind == "staff")).one()
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
