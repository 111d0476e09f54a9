"""The kiosk's `http` portal adapter against the real reference gateway over real HTTP,
with the register in the real PostgreSQL started by `postgres_url`."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from devices.portal_http import HttpPortal
from gateway.server import GatewayServer
from kiosk.domain.devices import HealthState
from kiosk.ports.portal import DossierNotFound, PortalOffline, PortalRejected
from tests.peers.gateway_fixtures import (
    KIOSK_ID,
    TOKEN,
    UNIT,
    register_database,
    running_gateway,
    submission,
)

pytestmark = pytest.mark.peer


@pytest.fixture
def gateway(postgres_url: str) -> Iterator[GatewayServer]:
    with running_gateway(register_database(postgres_url)) as server:
        yield server


def portal_for(server: GatewayServer, token: str = TOKEN, timeout_s: float = 10) -> HttpPortal:
    return HttpPortal(
        f"http://127.0.0.1:{server.port}", token, kiosk_id=KIOSK_ID, timeout_s=timeout_s
    )


def test_submit_status_and_resend(gateway: GatewayServer) -> None:
    portal = portal_for(gateway)
    ack = portal.submit(submission("5d0c1a4e-0001"))
    assert ack.dossier_code.startswith(f"{UNIT}-") and ack.dossier_code.endswith("-0001")
    assert ack.appointment_date is not None and ack.appointment_date >= ack.received_at.date()
    again = portal.submit(submission("5d0c1a4e-0001"))
    assert again.dossier_code == ack.dossier_code
    assert gateway.registry.count() == 1

    status = portal.status(ack.dossier_code)
    assert (status.status, status.procedure_code) == ("received", "1.001193")
    assert status.appointment_date == ack.appointment_date
    gateway.registry.set_status(ack.dossier_code, "done")
    assert portal.status(ack.dossier_code).status == "done"
    with pytest.raises(DossierNotFound):
        portal.status(f"{UNIT}-261123-9999")
    stored = gateway.registry.papers(ack.dossier_code)
    assert stored == dict(submission("x").attachments)
    assert portal.health().ready


def test_concurrent_resends_make_one_dossier(gateway: GatewayServer) -> None:
    portal = portal_for(gateway)
    barrier = threading.Barrier(8)
    codes: list[str] = []
    errors: list[BaseException] = []

    def send() -> None:
        barrier.wait()
        try:
            codes.append(portal.submit(submission("5d0c1a4e-race")).dossier_code)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert len(codes) == 8 and len(set(codes)) == 1
    assert gateway.registry.count() == 1


def test_same_key_other_content_is_rejected(gateway: GatewayServer) -> None:
    portal = portal_for(gateway)
    portal.submit(submission("5d0c1a4e-0002"))
    with pytest.raises(PortalRejected, match="409"):
        portal.submit(submission("5d0c1a4e-0002", name="Người Khác"))
    assert gateway.registry.count() == 1


def test_wrong_token_is_retryable_and_flags_the_technician(gateway: GatewayServer) -> None:
    portal = portal_for(gateway, token="not-the-right-token-at-all")
    with pytest.raises(PortalOffline, match="401"):
        portal.submit(submission("5d0c1a4e-0003"))
    assert portal.health().state is HealthState.NEEDS_TECHNICIAN
    assert gateway.registry.count() == 0


def test_nothing_listening_is_offline() -> None:
    from tests.peers.conftest import free_port

    portal = HttpPortal(f"http://127.0.0.1:{free_port()}", TOKEN, kiosk_id=KIOSK_ID, timeout_s=5)
    with pytest.raises(PortalOffline, match="ConnectionRefused"):
        portal.submit(submission("5d0c1a4e-0004"))
    assert portal.health().state is HealthState.NOT_READY
    portal.close()
    with pytest.raises(PortalOffline, match="closed"):
        portal.submit(submission("5d0c1a4e-0004"))


def test_rating_over_http(gateway: GatewayServer) -> None:
    portal = portal_for(gateway)
    code = portal.submit(submission("5d0c1a4e-rate")).dossier_code
    portal.rate(code, 4)
    portal.rate(code, 5)  # idempotent; the last one wins
    assert gateway.registry.rating(code) == 5
    with pytest.raises(DossierNotFound):
        portal.rate(f"{UNIT}-261123-9999", 3)
    with pytest.raises(PortalRejected, match="422"):
        portal.rate(code, 7)
