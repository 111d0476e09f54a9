"""Enqueue: papers moved in, one transaction, idempotent key; bad input writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from kiosk.services.outbox import Backoff, Outbox
from kiosk.store.models import AuditEntry, Dossier, OutboxEntry

from .conftest import new_dossier


def count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_bad_paper_id_writes_nothing(outbox: Outbox, engine: Engine) -> None:
    with pytest.raises(ValueError, match="paper id"):
        outbox.enqueue(new_dossier({"../../etc/passwd": b"%PDF-"}))
    assert count(engine, Dossier) == 0
    assert [p for p in outbox.folder.root.iterdir()] == []


def test_bad_rating_writes_nothing(outbox: Outbox, engine: Engine) -> None:
    with pytest.raises(ValueError, match="rating"):
        outbox.enqueue(new_dossier(rating=7))
    assert count(engine, Dossier) == 0


def test_store_failure_removes_the_papers(
    outbox: Outbox, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> bool:
        raise OSError("disk full")

    monkeypatch.setattr(outbox.repository, "add", broken)
    with pytest.raises(OSError, match="disk full"):
        outbox.enqueue(new_dossier(local_id="a1b2c3d4"))
    assert not (outbox.folder.root / "a1b2c3d4").exists()
    assert count(engine, Dossier) == 0


def test_enqueue_moves_papers_and_writes_everything(
    outbox: Outbox, engine: Engine, tmp_path: Path
) -> None:
    session_dir = tmp_path / "session"
    session_dir.mkdir()
    scan = session_dir / "scan-1.pdf"
    scan.write_bytes(b"%PDF-1.4 birth certificate")
    queued = outbox.enqueue(new_dossier({"giay_chung_sinh": scan}, rating=5))
    assert queued.created
    assert not scan.exists()  # moved, not copied: the session dir keeps no personal data
    stored = outbox.folder.root / queued.local_id / "giay_chung_sinh.pdf"
    assert stored.read_bytes() == b"%PDF-1.4 birth certificate"

    with Session(engine) as s:
        dossier = s.scalars(select(Dossier)).one()
        payload = json.loads(dossier.payload or "")
        outbox_row = s.scalars(select(OutboxEntry)).one()
        audit = s.scalars(select(AuditEntry)).one()
    assert dossier.local_id == queued.local_id and dossier.status == "queued"
    assert payload["fields"]["ho_ten_con"] == "Nguyễn Văn An"
    assert payload["identity_source"] == "chip"
    assert payload["consent"]["notice_id"] == "consent.dossier.v1"
    assert payload["kiosk_id"] == "kiosk-unit-01" and payload["rating"] == 5
    assert payload["papers"][0]["size"] == len(b"%PDF-1.4 birth certificate")
    assert (outbox_row.state, outbox_row.attempts) == ("pending", 0)
    assert audit.action == "outbox.enqueued" and "consent=consent.dossier.v1" in (
        audit.detail or ""
    )
    assert "Nguyễn" not in (audit.detail or "")


def test_same_key_twice_writes_once(outbox: Outbox, engine: Engine) -> None:
    first = outbox.enqueue(new_dossier(local_id="0f0e0d0c-key"))
    second = outbox.enqueue(new_dossier(local_id="0f0e0d0c-key"))
    assert (first.created, second.created) == (True, False)
    assert count(engine, Dossier) == 1 and count(engine, OutboxEntry) == 1


def test_generated_keys_are_uuids(outbox: Outbox) -> None:
    a, b = outbox.enqueue(new_dossier()), outbox.enqueue(new_dossier())
    assert a.local_id != b.local_id and len(a.local_id) == 36


def test_backoff_grows_caps_and_jitters() -> None:
    import random

    plain = Backoff(base_s=5, factor=2, max_s=60, jitter=0)
    assert [plain.delay(n) for n in range(1, 7)] == [5, 10, 20, 40, 60, 60]
    assert plain.ceiling(500) == 60
    jittery = Backoff(base_s=5, max_s=60, jitter=0.5, rng=random.Random(7))
    delays = [jittery.delay(3) for _ in range(200)]
    assert all(10 <= d <= 20 for d in delays)
    assert len({round(d, 6) for d in delays}) > 100  # spread, not one value
    for bad in ({"base_s": 0}, {"max_s": 1, "base_s": 2}, {"factor": 0.5}, {"jitter": 2}):
        with pytest.raises(ValueError):
            Backoff(**bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        plain.delay(0)
