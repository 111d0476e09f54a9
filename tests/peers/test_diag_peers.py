"""`kiosk diag --json` against the real peers: pcscd + vpcd card, SANE's test backend, the TCP
ESC/POS printer peer and a socat pty QR scanner — each healthy, then each fault when its peer
stops (or says so: paper out)."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from devices.diagnostics.cli import EXIT_HEALTHY, EXIT_UNHEALTHY, main
from devices.simulated.citizens import BA_LAN, CHU_TU
from tests.emrtd.card import EmrtdCard
from tests.emrtd.files import card_files
from tests.emrtd.pki import make_pki
from tests.peers.escpos_peer import PAPER_OUT, EscposPeer, Script
from tests.peers.pcscd import READER, Pcscd, wait_card
from tests.peers.sane import sane_test_dir  # noqa: F401  (fixture)
from tests.peers.serial_pty import SocatScanner
from tests.peers.vpcd import VirtualCard

pytestmark = [pytest.mark.peer, pytest.mark.usefixtures("sane_test_dir")]


@pytest.fixture
def qr_scanner(tmp_path: Path) -> Iterator[SocatScanner]:
    peer = SocatScanner(tmp_path)
    peer.plug()
    yield peer
    peer.unplug()


@pytest.fixture
def printer() -> Iterator[EscposPeer]:
    with EscposPeer() as server:
        yield server


def write_config(
    folder: Path, *, printer_target: str, qr_port: str, scanner: str = "test:0", pcsc: bool = True
) -> Path:
    config = folder / "kiosk.toml"
    card = f'adapter = "pcsc"\nreader_match = "{READER}"' if pcsc else 'adapter = "simulated"'
    config.write_text(
        f"""schema_version = 1
[devices.card_reader]
{card}
[devices.qr_source]
adapter = "serial"
port = "{qr_port}"
[devices.document_scanner]
adapter = "sane"
device = "{scanner}"
[devices.receipt_printer]
adapter = "escpos"
connection = "network"
target = "{printer_target}"
timeout_s = 2
""",
        encoding="utf-8",
    )
    return config


def diag(config: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    out = io.StringIO()
    code = main(["--json", "--config", str(config), "--listen-s", "1", *extra], out)
    text = out.getvalue()
    return code, json.loads(text), text


def devices(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {d["port"]: d for d in body["devices"]}


@contextmanager
def scanning_while(scanner: SocatScanner, payload: bytes) -> Iterator[None]:
    """The scanner sends `payload` every 0.2 s until the block ends (the diag listens then)."""
    stop = threading.Event()

    def keep_scanning() -> None:
        while not stop.wait(0.2):
            scanner.write(payload)

    thread = threading.Thread(target=keep_scanning, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def test_every_real_peer_is_reported_healthy(
    tmp_path: Path, vpcd_slot: VirtualCard, qr_scanner: SocatScanner, printer: EscposPeer
) -> None:
    vpcd_slot.insert(EmrtdCard(card_files(BA_LAN, make_pki("diag")), BA_LAN.bac_key))
    wait_card(present=True)
    config = write_config(
        tmp_path, printer_target=printer.target, qr_port=str(qr_scanner.kiosk_path)
    )
    with scanning_while(qr_scanner, BA_LAN.card_qr.encode("utf-8") + b"\r"):
        code, body, text = diag(config, "--scan", "--test-card-qr", BA_LAN.card_qr)
    found = devices(body)
    assert code == EXIT_HEALTHY, text
    assert body["healthy"] is True
    assert {p: d["state"] for p, d in found.items()} == dict.fromkeys(found, "ready")
    card = found["card_reader"]
    assert card["adapter"] == "pcsc" and card["connection"] == READER
    assert len(card["self_test"]["card_atr"]) >= 4  # hex of a real ATR sent by vpcd
    assert card["self_test"]["bac"] == "opened" and card["self_test"]["apdu_count"] > 0
    qr = found["qr_source"]
    assert qr["adapter"] == "serial" and qr["self_test"]["scans"] >= 1
    assert f"card_qr/{len(BA_LAN.card_qr)} chars" in qr["self_test"]["arrived"]
    scan = found["document_scanner"]["self_test"]
    assert scan["dpi"] == 200 and scan["width_px"] > 0 and scan["height_px"] > 0
    receipt = found["receipt_printer"]["self_test"]
    assert receipt == {"online": True, "paper": "ok", "cover_open": False, "error": False}
    # the report carries no personal data, even though a card QR arrived
    for secret in (BA_LAN.id_number, BA_LAN.full_name, BA_LAN.card_qr):
        assert secret not in text
    system = body["system"]
    assert len(system["config_sha256"]) == 64 and system["disk_free_bytes"] > 0


def test_each_stopped_peer_is_reported(
    tmp_path: Path, pcscd: Pcscd, qr_scanner: SocatScanner
) -> None:
    with EscposPeer() as peer:
        target = peer.target  # then the printer is switched off: nothing listens there
    # libsane is initialised once per process and keeps its backend list, so an unplugged
    # scanner is played by a name the test backend does not have (SANE tells them apart no
    # more than this: the device is not in the list).
    config = write_config(
        tmp_path, printer_target=target, qr_port=str(qr_scanner.kiosk_path), scanner="test:9"
    )
    qr_scanner.unplug()
    pcscd.stop()
    try:
        code, body, text = diag(config)
    finally:
        pcscd.start()
    found = devices(body)
    assert code == EXIT_UNHEALTHY
    assert body["healthy"] is False
    for port in ("card_reader", "qr_source", "document_scanner", "receipt_printer"):
        assert found[port]["state"] != "ready", (port, text)
    assert found["receipt_printer"]["self_test"] == {"answered": False}
    assert found["receipt_printer"]["last_error"]
    assert "pcscd" in found["card_reader"]["detail"]
    assert found["qr_source"]["self_test"]["arrived"] == "nothing"
    assert found["speaker"]["state"] == "ready" and found["portal"]["state"] == "ready"


def test_paper_out_is_reported_for_the_technician(
    tmp_path: Path, qr_scanner: SocatScanner, vpcd_slot: VirtualCard
) -> None:
    with EscposPeer(Script(status=PAPER_OUT)) as peer:
        config = write_config(
            tmp_path, printer_target=peer.target, qr_port=str(qr_scanner.kiosk_path)
        )
        code, body, _ = diag(config)
    printer = devices(body)["receipt_printer"]
    assert code == EXIT_UNHEALTHY
    assert printer["state"] == "needs_technician" and printer["detail"] == "paper out"
    assert printer["self_test"]["paper"] == "out"
    assert devices(body)["card_reader"]["self_test"] == {"card_atr": "no card"}


def test_a_test_card_key_that_does_not_open_the_chip_is_reported(
    tmp_path: Path, vpcd_slot: VirtualCard, qr_scanner: SocatScanner, printer: EscposPeer
) -> None:
    vpcd_slot.insert(EmrtdCard(card_files(BA_LAN, make_pki("diag")), BA_LAN.bac_key))
    wait_card(present=True)
    config = write_config(
        tmp_path, printer_target=printer.target, qr_port=str(qr_scanner.kiosk_path)
    )
    code, body, text = diag(config, "--test-card-qr", CHU_TU.card_qr)  # another citizen's card
    card = devices(body)["card_reader"]
    assert code == EXIT_UNHEALTHY
    assert card["state"] == "needs_technician" and card["self_test"]["bac"] == "refused"
    assert CHU_TU.id_number not in text and CHU_TU.full_name not in text


def test_print_test_prints_a_practice_receipt_on_the_peer(
    tmp_path: Path, qr_scanner: SocatScanner, printer: EscposPeer
) -> None:
    config = write_config(
        tmp_path, printer_target=printer.target, qr_port=str(qr_scanner.kiosk_path), pcsc=False
    )
    code, body, text = diag(config, "--print-test")
    assert code == EXIT_HEALTHY, text
    assert devices(body)["receipt_printer"]["self_test"]["test_receipt"] == "printed"
    assert any(c.name == "GS v 0" for c in printer.all_commands())  # the raster reached it
    _, body, _ = diag(config)
    assert "test_receipt" not in devices(body)["receipt_printer"]["self_test"]  # only when asked
