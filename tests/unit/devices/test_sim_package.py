"""The simulated package: every adapter satisfies its port, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

from devices.simulated import (
    SimulatedCardReader,
    SimulatedDocumentScanner,
    SimulatedPortal,
    SimulatedQrSource,
    SimulatedReceiptPrinter,
    SimulatedSpeaker,
)
from kiosk.ports.card_reader import CardReader
from kiosk.ports.clock import Clock, ManualClock, SystemClock
from kiosk.ports.document_scanner import DocumentScanner
from kiosk.ports.portal import Portal
from kiosk.ports.qr_source import QrSource
from kiosk.ports.receipt_printer import ReceiptPrinter
from kiosk.ports.speaker import Speaker


def test_every_adapter_satisfies_its_port_on_either_clock() -> None:
    # mypy checks these assignments; at run time they prove the constructors' defaults work.
    clocks: list[Clock] = [ManualClock(), SystemClock()]
    for clock in clocks:
        reader: CardReader = SimulatedCardReader(clock)
        qr: QrSource = SimulatedQrSource(clock)
        scanner: DocumentScanner = SimulatedDocumentScanner(clock)
        printer: ReceiptPrinter = SimulatedReceiptPrinter(clock)
        speaker: Speaker = SimulatedSpeaker(clock)
        portal: Portal = SimulatedPortal(clock)
        for device in (reader, qr, scanner, printer, speaker):
            device.open()
            assert device.health().ready
            device.close()
        assert portal.health().ready
        portal.close()


def test_importing_the_package_pulls_in_no_qt_or_heavy_libraries() -> None:
    code = (
        "import sys, devices.simulated\n"
        "heavy = {'PySide6', 'shiboken6', 'numpy', 'sqlalchemy', 'PIL', 'cv2', 'smartcard'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
