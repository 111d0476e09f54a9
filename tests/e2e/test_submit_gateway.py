"""Peer (issue 9, citizen path over the real wire): the scripted citizen submits at the kiosk UI;
the real Outbox (SQLite in tmp_path) hands the dossier to the kiosk's `http` adapter, which talks
over real HTTP to the reference gateway started here on 127.0.0.1 with its register in the real
PostgreSQL of `postgres_url` (tests/peers/conftest.py starts it). The receipt printed on the
simulated printer carries the gateway's code and appointment date; its QR, read back from the
thermal raster and scanned on the attract screen, shows the gateway's status; the staff tool
moves the dossier on and the next scan says so."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.portal_http import HttpPortal
from gateway.server import GatewayServer
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.peers.conftest import postgres_url  # noqa: F401 - the session's PostgreSQL peer
from tests.peers.gateway_fixtures import KIOSK_ID, TOKEN, register_database, running_gateway
from tests.peers.test_tracking_gateway import set_status
from tests.ui.conftest import (  # noqa: F401 - the kiosk window, as the UI tests build it
    clock,
    papers,
    prompts,
    settings,
    sim,
    speaker,
    window,
)
from tests.ui.support import SimDevices, SubmissionRig, drive
from tests.ui.test_submit_e2e import (
    WHO,
    finish_receipt_and_rate,
    printed_qr_text,
    shoot,
    to_submit,
    track_by_scan,
)
from ui.main_window import MainWindow

pytestmark = pytest.mark.peer


@pytest.fixture
def register_url(postgres_url: str) -> str:  # noqa: F811
    return register_database(postgres_url)


@pytest.fixture
def gateway(register_url: str) -> Iterator[GatewayServer]:
    with running_gateway(register_url) as server:
        yield server


@pytest.fixture
def over_http(
    window: MainWindow,  # noqa: F811
    clock: ManualClock,  # noqa: F811
    sim: SimDevices,  # noqa: F811
    gateway: GatewayServer,
    tmp_path: Path,
) -> Iterator[SubmissionRig]:
    portal = HttpPortal(f"http://127.0.0.1:{gateway.port}", TOKEN, kiosk_id=KIOSK_ID, timeout_s=10)
    rig = SubmissionRig(clock, tmp_path, portal=portal, kiosk_id=KIOSK_ID)
    assert window.controller is not None
    window.controller.attach_submission(rig.ports(sim.qr))
    yield rig
    rig.close()
    portal.close()


def test_a_citizen_submits_to_the_real_gateway_and_tracks_the_receipt(
    window: MainWindow,  # noqa: F811
    qtbot: QtBot,
    sim: SimDevices,  # noqa: F811
    clock: ManualClock,  # noqa: F811
    settings: Settings,  # noqa: F811
    prompts: PromptCatalogue,  # noqa: F811
    papers: object,  # noqa: F811
    over_http: SubmissionRig,
    register_url: str,
) -> None:
    rig = over_http
    citizen, _ = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    assert rig.deliver() == 1  # over HTTP, to the gateway, which registers it in PostgreSQL
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt", timeout=15_000)
    qtbot.waitUntil(lambda: len(rig.printer.receipts) == 1)
    receipt, qr_text = printed_qr_text(rig, prompts)
    delivery = rig.deliveries()[0]
    assert delivery.state == "acked" and receipt.dossier_code == delivery.dossier_code
    assert receipt.dossier_code.startswith("000.00.12.H29-")  # the gateway's unit code
    assert delivery.appointment_date == receipt.appointment_date  # the gateway's working days
    finish_receipt_and_rate(citizen, window, qtbot, face=1)  # "Hài lòng" → 4
    qtbot.waitUntil(lambda: rig.outbox.delivery(delivery.local_id).rating == 4)  # type: ignore[union-attr]
    assert rig.sender.send_ratings() == 1  # PUT …/rating to the gateway
    drive(window, clock, settings.timeouts.goodbye_s + 1)

    shown = track_by_scan(window, qtbot, sim, qr_text)
    assert prompts.text("tracking.status_received") in shown
    assert (
        prompts.text("tracking.appointment_line", date=f"{receipt.appointment_date:%d/%m/%Y}")
        in shown
    )
    shoot(window, "tracking_gateway")
    citizen.tap(citizen.button(window, "TrackingDone"))
    set_status(register_url, receipt.dossier_code, "done")  # the ward's staff tool
    shown = track_by_scan(window, qtbot, sim, qr_text)
    assert prompts.text("tracking.status_done") in shown
    assert not any(WHO.full_name in t or WHO.id_number[-4:] in t for t in shown)  # no login
