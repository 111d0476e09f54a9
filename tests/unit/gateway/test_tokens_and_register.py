"""Token file parsing, and the register's idempotency and numbering (SQLite)."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from gateway.auth import TokenBook, TokenFileError
from kiosk.ports.clock import ManualClock
from kiosk.services.portal_local.registry import (
    IncomingDossier,
    IncomingPaper,
    KeyReused,
    Registry,
)
from kiosk.services.portal_local.working_days import WorkingDayCalendar
from kiosk.store.db import make_engine, sqlite_url


def test_token_file_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    for text, problem in [
        ("kiosk-01\n", "expected"),
        ("kiosk-01 short\n", "shorter"),
        ("kiosk 01 x y\n", "expected"),
        ("k1 aaaaaaaaaaaaaaaaaaaa\nk1 bbbbbbbbbbbbbbbbbbbbbb\n", "twice"),
        ("# nothing\n", "no kiosk tokens"),
    ]:
        path.write_text(text)
        with pytest.raises(TokenFileError, match=problem):
            TokenBook.from_file(path)


def test_token_lookup_plain_and_hashed(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    digest = hashlib.sha256(b"second-secret-token-xyz").hexdigest()
    path.write_text(f"k1 first-secret-token-abc  # ward 1\nk2 sha256:{digest}\n")
    book = TokenBook.from_file(path)
    assert book.kiosk_for("Bearer first-secret-token-abc") == "k1"
    assert book.kiosk_for("bearer second-secret-token-xyz") == "k2"
    assert book.kiosk_for("Bearer nope-nope-nope-nope") is None
    assert book.kiosk_for("Basic Zm9vOmJhcg==") is None
    assert book.kiosk_for(None) is None
    assert book.kiosk_for("Bearer ") is None


@pytest.fixture
def registry(tmp_path: Path) -> Registry:
    clock = ManualClock(wall=datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # 09:00 in Hà Nội
    engine = make_engine(sqlite_url(tmp_path / "ward.db"))
    reg = Registry(engine, clock, "000.00.12.H29", WorkingDayCalendar())
    reg.create_schema()
    return reg


def dossier(key: str, kiosk: str = "k1", name: str = "An") -> IncomingDossier:
    return IncomingDossier(
        idempotency_key=key,
        kiosk_id=kiosk,
        procedure_code="1.001193",
        fields={"ten": name},
        papers=[IncomingPaper("p1", b"%PDF-1.4 x")],
        processing_days=1,
    )


def test_codes_count_up_per_day_and_resend_gets_the_same(registry: Registry) -> None:
    first = registry.accept(dossier("key-00000001"))
    second = registry.accept(dossier("key-00000002"))
    again = registry.accept(dossier("key-00000001"))
    assert first.dossier_code == "000.00.12.H29-261123-0001"
    assert second.dossier_code == "000.00.12.H29-261123-0002"
    assert (again.dossier_code, again.created) == (first.dossier_code, False)
    # Monday 23/11 + 1 working day: 24/11 is Ngày Văn hóa Việt Nam, so Wednesday 25/11.
    assert first.appointment_date == date(2026, 11, 25)
    assert registry.count() == 2
    assert registry.papers(first.dossier_code) == {"p1": b"%PDF-1.4 x"}


def test_same_key_from_another_kiosk_is_another_dossier(registry: Registry) -> None:
    a = registry.accept(dossier("key-00000001", kiosk="k1"))
    b = registry.accept(dossier("key-00000001", kiosk="k2"))
    assert a.dossier_code != b.dossier_code


def test_key_reuse_with_other_content(registry: Registry) -> None:
    registry.accept(dossier("key-00000001"))
    with pytest.raises(KeyReused):
        registry.accept(dossier("key-00000001", name="Bình"))
    assert registry.count() == 1


def test_concurrent_resends_register_once(registry: Registry) -> None:
    codes: list[str] = []
    barrier = threading.Barrier(6)

    def send() -> None:
        barrier.wait()
        codes.append(registry.accept(dossier("key-concurrent")).dossier_code)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(codes) == 6 and len(set(codes)) == 1
    assert registry.count() == 1


def test_status_and_staff_moves(registry: Registry) -> None:
    code = registry.accept(dossier("key-00000001")).dossier_code
    assert registry.status(code).status == "received"  # type: ignore[union-attr]
    registry.set_status(code, "done")
    assert registry.status(code).status == "done"  # type: ignore[union-attr]
    assert registry.status("NOPE-261123-0001") is None
    with pytest.raises(ValueError, match="unknown status"):
        registry.set_status(code, "lost")
    with pytest.raises(LookupError):
        registry.set_status("NOPE-261123-0001", "done")


def test_bad_unit_code(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "x.db"))
    with pytest.raises(ValueError, match="unit code"):
        Registry(engine, ManualClock(), "h29 ward", WorkingDayCalendar())
