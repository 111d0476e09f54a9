"""The composition root's store thread: opened after the first paint, sessions logged in order."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest

from kiosk.background import Background as _Background
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


def test_a_session_row_is_written_at_its_start_and_its_dossier_is_linked_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The row exists while the session runs, so the outbox can link the dossier to it; the end
    completes the same row. A session that started before the store opened is still logged in
    full at its end, and its dossier is kept unlinked rather than lost."""
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    settings = msgspec.structs.replace(default_settings(), database=Database(url="sqlite:///k.db"))
    background = _Background(settings, ManualClock(), lambda _speaker, _headset: None)
    early = uuid.uuid4()  # started before the store was open
    start = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    background._write_session_start(str(early), start)  # the store is not open: nothing
    background.start()
    assert background.store is not None
    background.store.result(timeout=30)
    sid = uuid.uuid4()
    background.log_session_start(str(sid), start)
    background._executor.submit(lambda: None).result(timeout=30)  # the write is done

    def add(local_id: str, session: uuid.UUID) -> bool:
        repository = background.outbox.repository
        result: bool = repository.add(
            local_id, "1.001193", "{}", start, consent_notice=None, session_id=str(session)
        )
        return result

    assert add("dossier-linked", sid) and add("dossier-early", early)
    for summary_id in (sid, early):
        background.log_session(
            SessionSummary(
                session_id=summary_id,
                started_at=start,
                ended_at=start + timedelta(minutes=6),
                reason="completed",
                last_screen="goodbye",
                big_text=False,
                extensions=0,
            )
        )
    background.close()
    with sqlite3.connect(tmp_path / "k.db") as conn:
        sessions = conn.execute("select id, end_reason from kiosk_sessions order by id").fetchall()
        links = dict(conn.execute("select local_id, session_id from dossiers").fetchall())
    conn.close()
    assert sorted(sessions) == sorted([(str(sid), "completed"), (str(early), "completed")])
    assert links == {"dossier-linked": str(sid), "dossier-early": None}
