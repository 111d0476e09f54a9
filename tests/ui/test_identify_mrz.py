"""The identify step's second key source (the card back's MRZ) and reader unplug/plug events,
with the simulated reader, QR scanner and MRZ reader attached as kiosk/app.py does."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN, SimulatedCitizen
from devices.simulated.mrz_reader import SimulatedMrzReader
from kiosk.domain.identity import IdentitySource
from kiosk.flows.identify import KeySource
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import ScanSettings
from kiosk.ports.mrz_reader import MrzReading
from kiosk.prompts import PromptCatalogue
from tests.ui.support import (
    PANEL_15,
    PANEL_21,
    RecordingSpeaker,
    SimDevices,
    button,
    drive,
    label,
    open_window,
    settings_for,
)
from tests.ui.test_geometry import check_screen
from ui.main_window import MainWindow

CLICK = Qt.MouseButton.LeftButton
# Lan's card re-issued with a dated expiry her QR cannot predict: every QR key is refused.
LAN_REISSUED: SimulatedCitizen = dataclasses.replace(BA_LAN, expiry_date=date(2035, 3, 15))


class GatedMrzReader:
    """The simulated MRZ reader behind a gate, recording the thread each scan runs on."""

    def __init__(self, clock: ManualClock) -> None:
        self.sim = SimulatedMrzReader(clock, scan_delay_s=0)
        self.gate = threading.Event()
        self.gate.set()
        self.threads: list[threading.Thread] = []
        self.broken = False  # an adapter bug: the scan raises instead of answering

    def open(self) -> None:
        self.sim.open()

    def health(self) -> object:
        return self.sim.health()

    def read_mrz_from_scan(self, settings: ScanSettings | None = None) -> MrzReading:
        self.threads.append(threading.current_thread())
        self.gate.wait(timeout=10)
        if self.broken:
            raise RuntimeError("adapter bug")
        return self.sim.read_mrz_from_scan(settings)

    def close(self) -> None:
        self.gate.set()
        self.sim.close()


@pytest.fixture
def mrz(clock: ManualClock) -> GatedMrzReader:
    return GatedMrzReader(clock)


@pytest.fixture
def window(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    mrz: GatedMrzReader,
) -> Iterator[MainWindow]:
    w = open_mrz_window(qtbot, prompts, speaker, clock, sim, mrz)
    yield w
    mrz.close()
    sim.close()
    w.close()


def open_mrz_window(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    mrz: GatedMrzReader,
    panel: dict[str, float] | None = None,
) -> MainWindow:
    w = open_window(qtbot, settings_for(panel), prompts, speaker, clock)
    assert w.controller is not None
    w.controller.attach_devices(sim.reader, sim.qr, mrz)  # type: ignore[arg-type]
    sim.open()
    mrz.open()
    return w


def to_identify(window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.waiting"])


def title(window: MainWindow) -> str:
    return label(window, "IdentifyTitle").text()


def refuse_every_qr_key(window: MainWindow, qtbot: QtBot, sim: SimDevices) -> None:
    sim.qr.scan(LAN_REISSUED.card_qr)
    sim.reader.sim.insert(LAN_REISSUED.card)
    qtbot.waitUntil(lambda: button(window, "IdentifyUseMrz").isVisible())


def test_every_qr_key_refused_the_back_is_scanned_off_the_gui_thread_then_greeting(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    mrz: GatedMrzReader,
    prompts: PromptCatalogue,
) -> None:
    to_identify(window, qtbot, speaker)
    refuse_every_qr_key(window, qtbot, sim)
    assert title(window) == prompts.text("identify.key_refused")
    assert button(window, "IdentifyUseMrz").text() == "Dùng mặt sau thẻ"
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.key_refused"])

    mrz.gate.clear()
    sim.reader.sim.remove()  # from the chip reader to the scanner
    mrz.sim.place(LAN_REISSUED.mrz)
    qtbot.mouseClick(button(window, "IdentifyUseMrz"), CLICK)
    assert title(window) == "Đặt mặt sau của thẻ lên máy quét"
    qtbot.waitUntil(lambda: bool(mrz.threads))
    assert mrz.threads[0] is not threading.main_thread()  # the GUI kept running meanwhile
    controller = window.controller
    assert controller is not None and controller.flow.device_held  # no timeout mid-scan
    mrz.gate.set()
    qtbot.waitUntil(lambda: title(window) == prompts.text("identify.mrz_done"))

    sim.reader.sim.insert(LAN_REISSUED.card)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").isVisible())
    assert label(window, "IdentifyName").text() == "Nguyễn Thị Lan"
    session = controller.flow.session
    assert session is not None and session.identity is not None
    assert session.identity.sources["full_name"] is IdentitySource.CHIP
    assert controller.identify_step().flow.status.qr_only is False


def test_a_card_without_a_qr_is_read_with_the_back(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    mrz: GatedMrzReader,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.reader.sim.insert(BA_LAN.card)
    drive(window, clock, 7)
    qtbot.waitUntil(lambda: button(window, "IdentifyUseMrz").isVisible())
    mrz.sim.place(BA_LAN.mrz)
    with caplog.at_level("INFO", logger="ui.identify_controller"):
        qtbot.mouseClick(button(window, "IdentifyUseMrz"), CLICK)
        qtbot.waitUntil(lambda: label(window, "IdentifyName").isVisible())  # card never left
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"key_source={KeySource.MRZ}" in logged and BA_LAN.id_number not in logged


def test_an_empty_scanner_is_said_with_retry_and_staff(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    mrz: GatedMrzReader,
    prompts: PromptCatalogue,
) -> None:
    to_identify(window, qtbot, speaker)
    refuse_every_qr_key(window, qtbot, sim)
    qtbot.mouseClick(button(window, "IdentifyUseMrz"), CLICK)
    qtbot.waitUntil(lambda: title(window) == prompts.text("mrz_ocr.no_card"))
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["mrz_ocr.no_card"])
    assert button(window, "IdentifyRetry").isVisible()
    assert button(window, "IdentifyAskStaff").isVisible()
    mrz.sim.place(LAN_REISSUED.mrz)
    qtbot.mouseClick(button(window, "IdentifyRetry"), CLICK)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").isVisible())  # the card is still on


def test_an_mrz_reader_that_raises_is_an_unavailable_scan_not_a_crash(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    mrz: GatedMrzReader,
    prompts: PromptCatalogue,
) -> None:
    to_identify(window, qtbot, speaker)
    refuse_every_qr_key(window, qtbot, sim)
    mrz.broken = True
    qtbot.mouseClick(button(window, "IdentifyUseMrz"), CLICK)
    qtbot.waitUntil(lambda: title(window) == prompts.text("mrz_ocr.unavailable"))
    assert button(window, "IdentifyAskStaff").isVisible()


def test_reader_unplugged_mid_step_is_said_and_plugging_it_back_reads_the_card(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    prompts: PromptCatalogue,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.reader.gate.clear()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: bool(sim.reader.reads))
    sim.reader.sim.unplug()
    qtbot.waitUntil(lambda: title(window) == prompts.text("identify.reader_not_ready"))
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.reader_not_ready"])
    sim.reader.gate.set()  # the interrupted read fails late: ignored
    sim.reader.sim.plug()  # back, with the card still on it: read again
    qtbot.waitUntil(lambda: label(window, "IdentifyName").isVisible())


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("state", ["key-refused", "scanning", "mrz-failed", "mrz-done"])
@pytest.mark.parametrize("panel", [PANEL_21, PANEL_15], ids=["21.5in-1080p", "15.6in-768p"])
def test_mrz_states_targets_and_text_sizes(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    mrz: GatedMrzReader,
    panel: dict[str, float],
    state: str,
    big: bool,
) -> None:
    window = open_mrz_window(qtbot, prompts, speaker, clock, sim, mrz, panel)
    try:
        qtbot.mouseClick(window.attract, CLICK)
        if big:
            qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        refuse_every_qr_key(window, qtbot, sim)
        if state != "key-refused":
            sim.reader.sim.remove()
            mrz.gate.clear()
            if state == "mrz-done":
                mrz.sim.place(LAN_REISSUED.mrz)
            qtbot.mouseClick(button(window, "IdentifyUseMrz"), CLICK)
            qtbot.waitUntil(lambda: bool(mrz.threads))
            if state != "scanning":
                mrz.gate.set()
                want = {"mrz-failed": "mrz_ocr.no_card", "mrz-done": "identify.mrz_done"}[state]
                qtbot.waitUntil(lambda: title(window) == prompts.text(want))
        check_screen(window, f"identify:{state}", big)
    finally:
        mrz.close()
        sim.close()
        window.close()
