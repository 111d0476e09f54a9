"""The composition root's store thread: opened after the first paint, sessions logged in order."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from kiosk.app import _Background
from kiosk.flows.session import SessionSummary
from kiosk.ports.clock import ManualClock
from kiosk.ports.speaker import Speaker
from kiosk.settings.schema import Database, default_settings


def test_ended_sessions_are_logged_without_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    settings = msgspec.structs.replace(default_settings(), database=Database(url="sqlite:///k.db"))
    speakers: list[Speaker] = []
    background = _Background(
        settings, ManualClock(), lambda speaker, _headset: speakers.append(speaker)
    )
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    summary = SessionSummary(
        session_id=uuid.uuid4(),
        started_at=start,
        ended_at=start + timedelta(minutes=4),
        reason="timeout",
        last_screen="identify",
        big_text=True,
        extensions=3,
    )
    background.start()
    background.log_session(summary)  # queued behind the store's opening
    assert background.ports is not None
    first = background.poll_health()  # FIFO: done once every port is open and read once
    assert first is not None
    first.result(timeout=30)
    background.ports.receipt_printer.set_cover_open(True)  # type: ignore[attr-defined]
    background.poll_health()
    background.close()
    assert len(speakers) == 1  # the window got its speaker once the ports were built

    with sqlite3.connect(tmp_path / "k.db") as conn:
        rows = conn.execute(
            "select id, kiosk_id, end_reason, big_text from kiosk_sessions"
        ).fetchall()
        events = conn.execute(
            "select port, from_state, to_state from device_events order by id"
        ).fetchall()
    conn.close()
    assert rows == [(str(summary.session_id), settings.kiosk.id, "timeout", 1)]
    # the first reading of each port after opening, then the printer's cover opening, once
    assert ("receipt_printer", "ready", "needs_technician") in events
    assert sum(1 for e in events if e[0] == "receipt_printer") == 2
