"""The diagnostics screen against the real peers (not fakes): pcscd + vpcd with our ICAO card
emulator, SANE's `test` backend, and the TCP ESC/POS printer peer — built by kiosk.wiring from
settings, exactly as the kiosk builds them. The screen's own code paths (the presence probe
through the real PC/SC adapter, the page thumbnail from a real SANE scan, the status bytes and
the practice receipt over TCP 9100) are what is tested here.

(Here, not in tests/ui/diagnostics: the PC/SC peer's session fixtures live in this folder's
conftest, and one pcscd serves the whole run.)"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk import paths, wiring
from kiosk.ports.clock import ManualClock, SystemClock
from kiosk.prompts import PromptCatalogue, load_prompts
from kiosk.settings.schema import Settings
from tests.emrtd.card import EmrtdCard
from tests.emrtd.files import card_files
from tests.emrtd.pki import make_pki
from tests.peers.escpos_peer import PAPER_OUT, EscposPeer, Script
from tests.peers.pcscd import READER, wait_card
from tests.peers.sane import sane_test_dir  # noqa: F401  (fixture)
from tests.peers.vpcd import VirtualCard
from tests.ui.diagnostics.support import press_check, press_extra, row_view, shown
from tests.ui.support import RecordingSpeaker, open_window
from ui.diagnostics.controller import DiagnosticsController

pytestmark = [pytest.mark.peer, pytest.mark.usefixtures("sane_test_dir", "pcscd")]


def settings_for(printer_target: str) -> Settings:
    return msgspec.convert(
        {
            "devices": {
                "card_reader": {"adapter": "pcsc", "reader_match": READER},
                "document_scanner": {"adapter": "sane", "device": "test:0"},
                "receipt_printer": {
                    "adapter": "escpos",
                    "connection": "network",
                    "target": printer_target,
                    "timeout_s": 2,
                },
            }
        },
        Settings,
    )


class Screen:
    def __init__(self, controller: DiagnosticsController, ports: wiring.Ports) -> None:
        self.controller, self.ports = controller, ports


@pytest.fixture
def prompts() -> PromptCatalogue:
    return load_prompts(paths.prompts_file())


@pytest.fixture
def speaker() -> RecordingSpeaker:
    return RecordingSpeaker()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def screen_on(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    tmp_path: Path,
) -> Iterator[object]:
    made: list[tuple[DiagnosticsController, wiring.Ports]] = []

    def make(printer_target: str) -> Screen:
        settings = settings_for(printer_target)
        window = open_window(qtbot, settings, prompts, speaker, clock)
        ports = wiring.build_ports(settings, SystemClock())
        for port in (ports.card_reader, ports.document_scanner, ports.receipt_printer):
            port.open()  # as kiosk/app.py opens them after the first paint
        config = tmp_path / "kiosk.toml"
        config.write_text("schema_version = 1\n", encoding="utf-8")
        controller = DiagnosticsController(
            window,
            prompts,
            SystemClock(),
            settings,
            lambda: ports,
            config_file=config,
            journal=lambda: None,
        )
        made.append((controller, ports))
        controller.open()
        qtbot.waitUntil(lambda: not controller._busy, timeout=30_000)
        return Screen(controller, ports)

    yield make
    for controller, ports in made:
        controller.close()
        for port in (ports.card_reader, ports.document_scanner, ports.receipt_printer):
            port.close()


def wait_idle(qtbot: QtBot, controller: DiagnosticsController) -> None:
    qtbot.waitUntil(lambda: not controller._busy, timeout=60_000)


def test_real_peers_healthy_card_scan_and_test_receipt(
    qtbot: QtBot,
    screen_on: object,
    vpcd_slot: VirtualCard,
) -> None:
    with EscposPeer() as printer:
        s = screen_on(printer.target)  # type: ignore[operator]
        c = s.controller
        for port in ("card_reader", "document_scanner", "receipt_printer"):
            assert row_view(c, port).status == "Sẵn sàng", shown(c, port)
        assert "pcsc" in row_view(c, "card_reader").where

        press_check(qtbot, c, "card_reader")
        assert "chưa có thẻ trên đầu đọc" in shown(c, "card_reader")
        vpcd_slot.insert(EmrtdCard(card_files(BA_LAN, make_pki("diag-screen")), BA_LAN.bac_key))
        wait_card(present=True)
        press_check(qtbot, c, "card_reader")
        assert "có thẻ trên đầu đọc" in shown(c, "card_reader"), shown(c, "card_reader")

        press_extra(qtbot, c, "document_scanner")
        assert c.home_view().picture_caption.startswith("Đã quét 1 trang:"), shown(
            c, "document_scanner"
        )
        assert not c._home_screen().picture.pixmap().isNull()

        press_extra(qtbot, c, "receipt_printer")
        assert "Đã in biên nhận thử" in shown(c, "receipt_printer"), shown(c, "receipt_printer")
        assert sum(len(conn.received) for conn in printer.connections) > 1000  # a raster went


def test_real_printer_paper_out_then_switched_off(qtbot: QtBot, screen_on: object) -> None:
    with EscposPeer(Script(status=PAPER_OUT)) as printer:
        s = screen_on(printer.target)  # type: ignore[operator]
        c = s.controller
        press_check(qtbot, c, "receipt_printer")
        assert "Hết giấy" in shown(c, "receipt_printer"), shown(c, "receipt_printer")
        assert row_view(c, "receipt_printer").severity == "broken"
    press_check(qtbot, c, "receipt_printer")  # the printer switched off
    assert "Không trả lời" in shown(c, "receipt_printer"), shown(c, "receipt_printer")
