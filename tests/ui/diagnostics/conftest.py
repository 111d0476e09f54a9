"""The diagnostics screen on the simulated devices (every one scriptable into its failures)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.simulated.card_reader import SimulatedCardReader
from devices.simulated.document_scanner import SimulatedDocumentScanner
from devices.simulated.portal import SimulatedPortal
from devices.simulated.qr_source import SimulatedQrSource
from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from devices.simulated.speaker import SimulatedSpeaker
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.audit_recorder import AuditRecorder
from tests.ui.support import RecordingSpeaker, open_window
from ui.diagnostics.controller import DiagnosticsController
from ui.main_window import MainWindow


@dataclass
class SimPorts:
    """What kiosk.wiring.Ports holds, simulated, opened as kiosk/app.py opens them."""

    card_reader: SimulatedCardReader
    qr_source: SimulatedQrSource
    document_scanner: SimulatedDocumentScanner
    receipt_printer: SimulatedReceiptPrinter
    speaker: SimulatedSpeaker
    portal: SimulatedPortal

    @classmethod
    def make(cls, clock: ManualClock) -> SimPorts:
        ports = cls(
            SimulatedCardReader(clock, read_delay_s=0.0),
            SimulatedQrSource(clock),
            SimulatedDocumentScanner(clock, scan_delay_s=0.0),
            SimulatedReceiptPrinter(clock, print_delay_s=0.0),
            SimulatedSpeaker(clock),
            SimulatedPortal(clock, latency_s=0.0),
        )
        for device in (ports.card_reader, ports.qr_source, ports.document_scanner):
            device.open()
        ports.receipt_printer.open()
        ports.speaker.open()
        return ports

    def close(self) -> None:
        for device in (
            self.card_reader,
            self.qr_source,
            self.document_scanner,
            self.receipt_printer,
            self.speaker,
        ):
            device.close()
        self.portal.close()


@dataclass
class Rig:
    window: MainWindow
    controller: DiagnosticsController
    ports: SimPorts
    audit: AuditRecorder
    clock: ManualClock
    usb: Path
    state: dict[str, bool] = field(default_factory=lambda: {"ports": True})


@pytest.fixture
def rig(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    tmp_path: Path,
) -> Iterator[Rig]:
    window = open_window(qtbot, settings, prompts, speaker, clock)
    ports = SimPorts.make(clock)
    audit = AuditRecorder()
    usb = tmp_path / "media"
    (usb / "kiosk" / "USBSTICK").mkdir(parents=True)
    config = tmp_path / "kiosk.toml"
    config.write_text("schema_version = 1\n", encoding="utf-8")
    state = {"ports": True}
    controller = DiagnosticsController(
        window,
        prompts,
        clock,
        settings,
        lambda: ports if state["ports"] else None,
        audit=audit,
        export_roots=[usb],
        config_file=config,
        log_folder=tmp_path / "logs",
        journal=lambda: None,
        is_mount=lambda _: True,
    )
    yield Rig(window, controller, ports, audit, clock, usb, state)
    controller.close()
    ports.close()
    window.close()
