"""Faults between the kiosk's outbox and the real gateway (PostgreSQL register, real HTTP):
gateway down at submit, 500, timeout, reply lost after the gateway committed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devices.portal_http import HttpPortal
from gateway.server import GatewayServer
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import ConsentRecord
from kiosk.services.outbox import Backoff, NewDossier, Outbox, OutboxSender, PaperFolder
from kiosk.store import migrate
from kiosk.store.db import make_engine, session_factory, sqlite_url
from kiosk.store.outbox_repository import OutboxRepository
from tests.peers.conftest import free_port
from tests.peers.gateway_fixtures import (
    KIOSK_ID,
    TOKEN,
    FaultProxy,
    pdf_bytes,
    register_database,
    running_gateway,
)

pytestmark = pytest.mark.peer
NO_JITTER = Backoff(base_s=5, factor=2, max_s=600, jitter=0)
AT = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(wall=AT)


@pytest.fixture
def outbox(tmp_path: Path, clock: ManualClock) -> Iterator[Outbox]:
    url = sqlite_url(tmp_path / "kiosk.db")
    migrate.upgrade(url)
    engine = make_engine(url)
    repo = OutboxRepository(session_factory(engine), KIOSK_ID)
    yield Outbox(repo, PaperFolder(tmp_path / "outbox"), clock, KIOSK_ID)
    engine.dispose()


@pytest.fixture
def gateway(postgres_url: str) -> Iterator[GatewayServer]:
    with running_gateway(register_database(postgres_url)) as server:
        yield server


@pytest.fixture
def proxy(gateway: GatewayServer) -> Iterator[FaultProxy]:
    p = FaultProxy(gateway.port)
    yield p
    p.stop()


def dossier() -> NewDossier:
    return NewDossier(
        procedure_code="1.004194",
        fields={"ho_ten": "Phạm Thị Dung", "dia_chi": "Số 5, Phường Mô Phỏng"},
        papers={"giay_to_nha": pdf_bytes(300 * 1024, seed=3)},
        identity_source="qr",
        consent=ConsentRecord("consent.dossier.v1", AT, ("qr",)),
        processing_days=2,
    )


def http_portal(url: str, timeout_s: float = 10) -> HttpPortal:
    return HttpPortal(url, TOKEN, kiosk_id=KIOSK_ID, timeout_s=timeout_s)


def deliver_until_acked(sender: OutboxSender, outbox: Outbox, clock: ManualClock, key: str) -> str:
    for _ in range(10):
        sender.deliver_due()
        found = outbox.delivery(key)
        assert found is not None
        if found.state == "acked":
            assert found.dossier_code is not None
            return found.dossier_code
        assert found.state == "pending", found
        clock.advance(NO_JITTER.max_s)
    raise AssertionError("never acknowledged")


def test_gateway_down_at_submit_stays_queued_then_delivered(
    outbox: Outbox, clock: ManualClock, postgres_url: str
) -> None:
    port = free_port()
    sender = OutboxSender(outbox, http_portal(f"http://127.0.0.1:{port}"), clock, NO_JITTER)
    queued = outbox.enqueue(dossier())
    sender.deliver_due()
    waiting = outbox.delivery(queued.local_id)
    assert waiting is not None and (waiting.state, waiting.attempts) == ("pending", 1)
    assert "ConnectionRefused" in (waiting.last_error or "")
    assert (outbox.folder.root / queued.local_id).is_dir()  # papers kept while queued

    with running_gateway(register_database(postgres_url), port=port) as gateway:
        clock.advance(5)
        code = deliver_until_acked(sender, outbox, clock, queued.local_id)
        assert gateway.registry.count() == 1
        assert gateway.registry.papers(code) == {"giay_to_nha": pdf_bytes(300 * 1024, seed=3)}
    assert not (outbox.folder.root / queued.local_id).exists()


@pytest.mark.parametrize("fault", ["500", "drop_reply", "refuse"])
def test_fault_then_resend_gives_one_dossier(
    outbox: Outbox, clock: ManualClock, gateway: GatewayServer, proxy: FaultProxy, fault: str
) -> None:
    proxy.plan(fault)
    sender = OutboxSender(outbox, http_portal(proxy.url), clock, NO_JITTER)
    queued = outbox.enqueue(dossier())
    sender.deliver_due()
    after_fault = outbox.delivery(queued.local_id)
    assert after_fault is not None and after_fault.state == "pending"
    # Reply lost: the gateway registered it although the kiosk never heard back.
    assert gateway.registry.count() == (1 if fault == "drop_reply" else 0)

    clock.advance(5)
    code = deliver_until_acked(sender, outbox, clock, queued.local_id)
    assert gateway.registry.count() == 1
    assert gateway.registry.status(code) is not None
    assert proxy.seen[:2] == [fault, "pass"]
    log = outbox.repository.attempt_log(queued.local_id)
    assert [line.split("outcome=")[1].split()[0] for line in log] == ["offline", "acked"]


def test_timeout_then_resend_gives_one_dossier(
    outbox: Outbox, clock: ManualClock, gateway: GatewayServer, proxy: FaultProxy
) -> None:
    proxy.plan("hang")
    sender = OutboxSender(outbox, http_portal(proxy.url, timeout_s=0.5), clock, NO_JITTER)
    queued = outbox.enqueue(dossier())
    sender.deliver_due()
    proxy.release_hung()
    timed_out = outbox.delivery(queued.local_id)
    assert timed_out is not None and timed_out.state == "pending"
    assert "timed out" in (timed_out.last_error or "").lower()
    clock.advance(5)
    deliver_until_acked(sender, outbox, clock, queued.local_id)
    assert gateway.registry.count() == 1


def test_two_dossiers_get_consecutive_codes(
    outbox: Outbox, clock: ManualClock, gateway: GatewayServer
) -> None:
    sender = OutboxSender(outbox, http_portal(f"http://127.0.0.1:{gateway.port}"), clock)
    a, b = outbox.enqueue(dossier()), outbox.enqueue(dossier())
    assert sender.deliver_due() == 2
    codes = [outbox.delivery(q.local_id).dossier_code for q in (a, b)]  # type: ignore[union-attr]
    assert [c[-4:] for c in codes] == ["0001", "0002"]  # type: ignore[index]
    assert gateway.registry.count() == 2
