"""The simulated portal: codes, idempotency, offline, rejections and status."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest

from devices.simulated.portal import SimulatedPortal
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import (
    DossierSubmission,
    Portal,
    PortalOffline,
    PortalRejected,
)

CODE = re.compile(r"^H29\.12-\d{6}-\d{4}$")


def dossier(local_id: str = "local-1", name: str = "Nguyễn Thị Lan") -> DossierSubmission:
    return DossierSubmission(
        local_id=local_id,
        procedure_code="1.004194",
        fields={"full_name": name},
        attachments={"page-1.png": b"\x89PNG"},
    )


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()  # 2026-11-23 08:00 UTC = 15:00 in Hà Nội


@pytest.fixture
def portal(clock: ManualClock) -> SimulatedPortal:
    return SimulatedPortal(clock)


def test_conforms_to_the_port() -> None:
    _: Portal = SimulatedPortal(ManualClock())


def test_submit_gives_ward_style_codes_in_sequence(
    portal: SimulatedPortal, clock: ManualClock
) -> None:
    t0 = clock.monotonic()
    first = portal.submit(dossier("a"))
    assert clock.monotonic() - t0 == pytest.approx(0.5)
    second = portal.submit(dossier("b"))
    assert first.dossier_code == "H29.12-261123-0001"
    assert second.dossier_code == "H29.12-261123-0002"
    assert CODE.match(first.dossier_code)
    assert first.local_id == "a"
    # received when the request arrives, after the latency
    assert first.received_at == datetime(2026, 11, 23, 8, 0, 0, 500_000, tzinfo=UTC)


def test_the_date_is_vietnams_not_utcs() -> None:
    clock = ManualClock(wall=datetime(2026, 11, 23, 17, 30, tzinfo=UTC))  # 00:30 on the 24th
    ack = SimulatedPortal(clock).submit(dossier())
    assert ack.dossier_code == "H29.12-261124-0001"


def test_the_sequence_restarts_each_day_and_never_repeats_a_code(
    portal: SimulatedPortal, clock: ManualClock
) -> None:
    portal.submit(dossier("a"))
    portal.submit(dossier("b"))
    clock.advance(24 * 3600)
    assert portal.submit(dossier("c")).dossier_code == "H29.12-261124-0001"
    clock.advance(-24 * 3600)  # someone sets the clock back
    assert portal.submit(dossier("d")).dossier_code == "H29.12-261123-0003"


def test_the_unit_code_is_configurable_and_validated(clock: ManualClock) -> None:
    portal = SimulatedPortal(clock, unit_code="000.00.31.H29")
    assert portal.submit(dossier()).dossier_code == "000.00.31.H29-261123-0001"
    for bad in ("", "H29 12"):
        with pytest.raises(ValueError):
            SimulatedPortal(clock, unit_code=bad)
    with pytest.raises(ValueError):
        SimulatedPortal(clock, latency_s=-1)


def test_a_resend_gets_the_same_ack(portal: SimulatedPortal, clock: ManualClock) -> None:
    ack = portal.submit(dossier("outbox-7"))
    clock.advance(3600)
    assert portal.submit(dossier("outbox-7")) == ack
    assert portal.submissions == (dossier("outbox-7"),)
    assert portal.submit(dossier("outbox-8")).dossier_code.endswith("-0002")


def test_reusing_a_local_id_for_another_dossier_is_rejected(portal: SimulatedPortal) -> None:
    portal.submit(dossier("x", name="Nguyễn Thị Lan"))
    with pytest.raises(PortalRejected, match="different dossier"):
        portal.submit(dossier("x", name="Trần Văn Tư"))


def test_offline_submit_and_status_raise_and_health_is_not_ready(
    portal: SimulatedPortal, clock: ManualClock
) -> None:
    code = portal.submit(dossier()).dossier_code
    portal.set_offline(True)
    assert portal.health().state is HealthState.NOT_READY
    assert portal.health().detail == "portal offline"
    with pytest.raises(PortalOffline):
        portal.submit(dossier("later"))
    with pytest.raises(PortalOffline):
        portal.status(code)
    portal.set_offline(False)
    assert portal.health().ready
    assert portal.submit(dossier("later")).dossier_code.endswith("-0002")


def test_going_offline_during_a_request_fails_it() -> None:
    class DroppingClock(ManualClock):
        def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
            remote.set_offline(True)
            return super().wait(seconds, cancel)

    remote = SimulatedPortal(DroppingClock())
    with pytest.raises(PortalOffline):
        remote.submit(dossier())
    assert remote.submissions == ()


def test_reject_next_rejects_exactly_once(portal: SimulatedPortal) -> None:
    portal.reject_next("thiếu giấy tờ")
    with pytest.raises(PortalRejected, match="thiếu giấy tờ"):
        portal.submit(dossier("a"))
    ack = portal.submit(dossier("a"))
    assert ack.dossier_code.endswith("-0001")  # the rejection used no number


def test_reject_next_does_not_hit_a_resend_of_an_accepted_dossier(portal: SimulatedPortal) -> None:
    ack = portal.submit(dossier("a"))
    portal.reject_next("invalid")
    assert portal.submit(dossier("a")) == ack
    with pytest.raises(PortalRejected):
        portal.submit(dossier("b"))


def test_status_of_known_and_unknown_dossiers(portal: SimulatedPortal, clock: ManualClock) -> None:
    ack = portal.submit(dossier())
    report = portal.status(ack.dossier_code)
    assert (report.dossier_code, report.status, report.updated_at) == (
        ack.dossier_code,
        "received",
        ack.received_at,
    )
    with pytest.raises(PortalRejected, match="unknown dossier"):
        portal.status("H29.12-261123-9999")
    clock.advance(60)
    portal.set_status(ack.dossier_code, "processing")
    moved = portal.status(ack.dossier_code)
    assert moved.status == "processing"
    assert moved.updated_at > ack.received_at
    with pytest.raises(KeyError):
        portal.set_status("nope", "done")


def test_close_is_idempotent_and_later_requests_are_offline(portal: SimulatedPortal) -> None:
    assert portal.health().ready
    portal.close()
    portal.close()
    assert portal.health().state is HealthState.NOT_READY
    with pytest.raises(PortalOffline):
        portal.submit(dossier())
    with pytest.raises(PortalOffline):
        portal.status("H29.12-261123-0001")
