"""The simulated kiosk can be played from the keyboard: F1 brings Bà Lan with her card."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.card_reader import SimulatedCardReader
from devices.simulated.citizens import BA_LAN
from devices.simulated.mrz_reader import SimulatedMrzReader
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrScan
from kiosk.simulation_keys import SimulationKeys


def test_function_keys_script_the_citizen(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    reader = SimulatedCardReader(ManualClock(), read_delay_s=0)
    qr = SimulatedQrSource()
    reader.open()
    qr.open()
    scans: list[QrScan] = []
    qr.subscribe(scans.append)
    glass = SimulatedMrzReader(ManualClock(), scan_delay_s=0)
    glass.open()
    keys = SimulationKeys(window, reader, qr, glass)
    window.show()

    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert reader.card == BA_LAN.card
    assert [s.payload for s in scans] == [BA_LAN.card_qr]

    assert glass.read_mrz_from_scan().text is not None  # her card's back is on the glass

    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert not reader.health().ready
    qtbot.keyClick(window, Qt.Key.Key_F8)
    assert reader.health().ready

    qtbot.keyClick(window, Qt.Key.Key_F4)
    assert reader.card is None
    app = QCoreApplication.instance()
    assert app is not None
    app.removeEventFilter(keys)
    reader.close()
    glass.close()
    qr.close()
