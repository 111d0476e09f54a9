"""Child process of test_store_sigkill: migrate, commit one dossier, say so, then hang.

    python -m tests.unit.store.sigkill_child DB_PATH LOCAL_ID

The engine is deliberately left open, so SQLite never checkpoints: the dossier lives only in
the -wal file when the parent kills this process.
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import UTC, datetime

from kiosk.store import migrate
from kiosk.store.db import make_engine, session_factory, sqlite_url
from kiosk.store.outbox_repository import OutboxRepository

FORM = {"ho_ten": "Trần Văn Bình", "noi_dung": "Đăng ký thường trú"}


def main(db_path: str, local_id: str) -> None:
    url = sqlite_url(db_path)
    migrate.upgrade(url)
    engine = make_engine(url)
    store = OutboxRepository(session_factory(engine), "kiosk-01")
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    store.add(local_id, "1.004194", json.dumps(FORM), at, consent_notice="consent-v1")
    print("committed", flush=True)
    threading.Event().wait()  # until SIGKILL


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
