"""Tracking against the real reference gateway over real HTTP (register in the real PostgreSQL
of `postgres_url`): submit through the kiosk's `http` adapter, then track by the receipt's QR
payload and by the typed code; move the dossier on with the gateway's own `set-status` tool
(a subprocess, as ward staff run it) and see the new words."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from devices.portal_http import HttpPortal
from gateway.server import GatewayServer
from kiosk.prompts import load_prompts
from kiosk.services.receipt_qr import encode_receipt_qr
from kiosk.services.tracking import (
    TrackingOutcome,
    TrackingQuery,
    look_up,
    query_from_scan,
    query_from_typed,
)
from tests.peers.gateway_fixtures import (
    KIOSK_ID,
    TOKEN,
    UNIT,
    register_database,
    running_gateway,
    submission,
)
from tests.unit.receipt.samples import LAN

pytestmark = pytest.mark.peer
ROOT = Path(__file__).resolve().parents[2]
PROMPTS = load_prompts(ROOT / "config" / "prompts" / "vi")


@pytest.fixture
def register_url(postgres_url: str) -> str:
    return register_database(postgres_url)


@pytest.fixture
def gateway(register_url: str) -> Iterator[GatewayServer]:
    with running_gateway(register_url) as server:
        yield server


@pytest.fixture
def portal(gateway: GatewayServer) -> Iterator[HttpPortal]:
    client = HttpPortal(f"http://127.0.0.1:{gateway.port}", TOKEN, kiosk_id=KIOSK_ID, timeout_s=10)
    yield client
    client.close()


def set_status(register_url: str, code: str, status: str) -> None:
    """The gateway's staff tool, `kiosk gateway set-status`, in its own process."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "gateway",
            "set-status",
            "--db",
            register_url,
            "--unit-code",
            UNIT,
            code,
            status,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def test_track_by_receipt_qr_and_typed_code(
    portal: HttpPortal, gateway: GatewayServer, register_url: str
) -> None:
    ack = portal.submit(submission("track-0001"))
    assert ack.appointment_date is not None
    receipt = msgspec.structs.replace(
        LAN,
        dossier_code=ack.dossier_code,
        procedure_code="1.001193",
        submitted_at=ack.received_at.astimezone(LAN.submitted_at.tzinfo),
        appointment_date=ack.appointment_date,
    )
    by_qr = query_from_scan(encode_receipt_qr(receipt))
    by_typed = query_from_typed(ack.dossier_code.removeprefix(f"{UNIT}-"), UNIT)
    assert by_qr == TrackingQuery(ack.dossier_code, "qr")
    assert by_typed == TrackingQuery(ack.dossier_code, "typed")
    names = {"1.001193": "Đăng ký khai sinh"}.get

    for query in (by_qr, by_typed):
        result = look_up(portal, query, procedure_name=names)
        assert result.outcome is TrackingOutcome.FOUND
        assert result.prompt_id == "tracking.status_received" and not result.ready
        assert result.appointment_date == ack.appointment_date
        assert result.procedure_name == "Đăng ký khai sinh"
        assert PROMPTS.text(result.prompt_id) == "Hồ sơ đã được tiếp nhận"

    set_status(register_url, ack.dossier_code, "processing")
    moved = look_up(portal, by_qr)
    assert PROMPTS.text(moved.prompt_id) == "Hồ sơ đang được giải quyết"
    set_status(register_url, ack.dossier_code, "done")
    done = look_up(portal, by_typed)
    assert done.ready and done.prompt_id == "tracking.status_done"
    assert PROMPTS.text(done.prompt_id).startswith("Đã có kết quả")


def test_unknown_code_and_gateway_down(portal: HttpPortal, gateway: GatewayServer) -> None:
    unknown = query_from_typed("261123-9999", UNIT)
    assert isinstance(unknown, TrackingQuery)
    assert look_up(portal, unknown).outcome is TrackingOutcome.NOT_FOUND
    gateway.stop()
    assert look_up(portal, unknown).outcome is TrackingOutcome.OFFLINE
