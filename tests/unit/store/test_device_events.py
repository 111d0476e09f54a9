"""DeviceEventLog's read side (issue 11, Health): recent, since, each port's last error."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk.store.repositories import DeviceEventLog, DeviceEventRecord

from .conftest import NOW


def seeded(sessions: sessionmaker[Session]) -> DeviceEventLog:
    log = DeviceEventLog(sessions)
    at = NOW
    for port, before, after, detail in (
        ("receipt_printer", "unknown", "ready", None),
        ("card_reader", "unknown", "ready", None),
        ("receipt_printer", "ready", "needs_technician", "paper out"),
        ("card_reader", "ready", "not_ready", "reader unplugged"),
        ("receipt_printer", "needs_technician", "ready", None),
        ("receipt_printer", "ready", "failed", "no answer"),
        ("card_reader", "not_ready", "ready", None),
    ):
        log.record(port, before, after, detail, at=at)
        at += timedelta(minutes=1)
    return log


def test_recent_is_newest_first_and_limited(sessions: sessionmaker[Session]) -> None:
    log = seeded(sessions)
    recent = log.recent(3)
    assert [(e.port, e.to_state) for e in recent] == [
        ("card_reader", "ready"),
        ("receipt_printer", "failed"),
        ("receipt_printer", "ready"),
    ]
    assert recent[0].at == NOW + timedelta(minutes=6)
    assert len(log.recent()) == 7
    with pytest.raises(ValueError, match="limit"):
        log.recent(0)


def test_since_is_oldest_first_from_the_given_time(sessions: sessionmaker[Session]) -> None:
    log = seeded(sessions)
    found = log.since(NOW + timedelta(minutes=4))
    assert [(e.port, e.from_state, e.to_state) for e in found] == [
        ("receipt_printer", "needs_technician", "ready"),
        ("receipt_printer", "ready", "failed"),
        ("card_reader", "not_ready", "ready"),
    ]
    assert log.since(NOW + timedelta(hours=1)) == []
    with pytest.raises(ValueError, match="timezone"):
        log.since(datetime(2026, 11, 23))


def test_last_errors_is_each_ports_latest_failure(sessions: sessionmaker[Session]) -> None:
    log = seeded(sessions)
    log.record("speaker", "unknown", "ready", None, at=NOW + timedelta(minutes=9))
    errors = log.last_errors()
    assert errors == {
        "card_reader": DeviceEventRecord(
            NOW + timedelta(minutes=3), "card_reader", "ready", "not_ready", "reader unplugged"
        ),
        "receipt_printer": DeviceEventRecord(
            NOW + timedelta(minutes=5), "receipt_printer", "ready", "failed", "no answer"
        ),
    }  # the speaker never failed: absent; the card reader's recovery does not hide its error


def test_an_empty_log_reads_empty(sessions: sessionmaker[Session]) -> None:
    log = DeviceEventLog(sessions)
    assert log.recent() == [] and log.since(NOW) == [] and log.last_errors() == {}
