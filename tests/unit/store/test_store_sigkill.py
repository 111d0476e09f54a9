"""A committed dossier survives SIGKILL of the process that wrote it (SQLite WAL recovery)."""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.store.db import make_engine, session_factory, sqlite_url
from kiosk.store.models import Dossier
from kiosk.store.outbox_repository import OutboxRepository

from .sigkill_child import FORM

ROOT = Path(__file__).resolve().parents[3]
LOCAL_ID = "sigkill-7d1c0f3e"


def read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            return ""
    return proc.stdout.readline().strip()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_committed_dossier_survives_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.db"
    wal = tmp_path / "kiosk.db-wal"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    command = [sys.executable, "-m", "tests.unit.store.sigkill_child", str(db), LOCAL_ID]
    with subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        line = read_line(proc, timeout=60)
        if line != "committed":
            proc.kill()
            _, err = proc.communicate(timeout=10)
            pytest.fail(f"child did not commit (said {line!r}):\n{err}")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    # The commit is still only in the write-ahead log: recovery must replay it.
    assert wal.is_file()
    assert LOCAL_ID.encode() in wal.read_bytes()

    engine = make_engine(sqlite_url(db))
    try:
        sessions = session_factory(engine)
        delivery = OutboxRepository(sessions, "kiosk-01").delivery(LOCAL_ID)
        with sessions() as s:
            status, payload = s.execute(
                select(Dossier.status, Dossier.payload).where(Dossier.local_id == LOCAL_ID)
            ).one()
    finally:
        engine.dispose()
    assert delivery is not None and delivery.state == "pending"
    assert status == "queued" and json.loads(payload) == FORM
