"""Build every port from validated settings: the one place that picks adapters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from kiosk.settings.schema import (
    CameraQr,
    Devices,
    PcscCardReader,
    SerialQr,
    Settings,
    SimulatedDevice,
    WedgeQr,
)
from kiosk.settings.summary import device_adapters

if TYPE_CHECKING:
    from kiosk.ports.card_reader import CardReader
    from kiosk.ports.clock import Clock
    from kiosk.ports.document_scanner import DocumentScanner
    from kiosk.ports.mrz_reader import MrzReader
    from kiosk.ports.portal import Portal
    from kiosk.ports.qr_source import QrSource
    from kiosk.ports.receipt_printer import ReceiptPrinter
    from kiosk.ports.speaker import Speaker


class AdapterUnavailable(Exception):
    """The settings name an adapter this build does not have yet."""


@dataclass(slots=True)
class Ports:
    card_reader: CardReader
    qr_source: QrSource
    document_scanner: DocumentScanner
    receipt_printer: ReceiptPrinter
    speaker: Speaker
    portal: Portal
    mrz_reader: MrzReader  # the card back's MRZ: the second BAC key source

    def all(
        self,
    ) -> dict[
        str, CardReader | QrSource | DocumentScanner | ReceiptPrinter | Speaker | Portal | MrzReader
    ]:
        return {name: getattr(self, name) for name in self.__slots__}


def force_simulated(settings: Settings) -> Settings:
    """`kiosk run --simulate`: every port simulated, whatever the file says."""
    sim = {name: SimulatedDevice() for name in Devices.__struct_fields__}
    return msgspec.structs.replace(settings, devices=Devices(**sim))


# (port, adapter) pairs this build can make besides "simulated"; each joins as its issue lands.
AVAILABLE_ADAPTERS = frozenset(
    {
        ("card_reader", "pcsc"),
        ("qr_source", "serial"),
        ("qr_source", "wedge"),
        ("qr_source", "camera"),
    }
)


def unavailable_adapters(settings: Settings) -> list[str]:
    return [
        f"devices.{port}: adapter {adapter!r} is not available in this version yet"
        for port, adapter in device_adapters(settings.devices).items()
        if adapter != "simulated" and (port, adapter) not in AVAILABLE_ADAPTERS
    ]


def build_ports(settings: Settings, clock: Clock) -> Ports:
    """Simulated adapters for now; each real adapter joins here as its issue lands."""
    missing = unavailable_adapters(settings)
    if missing:
        raise AdapterUnavailable("; ".join(missing))
    from devices.simulated.document_scanner import SimulatedDocumentScanner
    from devices.simulated.mrz_reader import SimulatedMrzReader
    from devices.simulated.portal import SimulatedPortal
    from devices.simulated.receipt_printer import SimulatedReceiptPrinter
    from devices.simulated.speaker import SimulatedSpeaker

    d = settings.devices

    def scale(section: object) -> float:
        assert isinstance(section, SimulatedDevice)
        return section.delay_scale

    return Ports(
        card_reader=_card_reader(d.card_reader, clock),
        qr_source=_qr_source(d.qr_source, clock),
        document_scanner=SimulatedDocumentScanner(
            clock, scan_delay_s=2.0 * scale(d.document_scanner)
        ),
        receipt_printer=SimulatedReceiptPrinter(
            clock, print_delay_s=1.0 * scale(d.receipt_printer)
        ),
        speaker=SimulatedSpeaker(clock),
        portal=SimulatedPortal(clock, latency_s=0.5 * scale(d.portal)),
        # Simulated until a real document scanner adapter exists; then
        # devices.mrz_ocr.adapter.ScannerMrzReader(document_scanner) takes its place.
        mrz_reader=SimulatedMrzReader(clock, scan_delay_s=2.0 * scale(d.document_scanner)),
    )


def _card_reader(section: SimulatedDevice | PcscCardReader, clock: Clock) -> CardReader:
    if isinstance(section, PcscCardReader):
        from pathlib import Path

        from devices.pcsc_card.adapter import PcscCardReader as PcscAdapter

        csca = Path(section.csca_dir) if section.csca_dir else None
        return PcscAdapter(section.reader_match, clock=clock, csca_dir=csca)
    from devices.simulated.card_reader import SimulatedCardReader

    return SimulatedCardReader(clock, read_delay_s=1.5 * section.delay_scale)


def _qr_source(section: SimulatedDevice | SerialQr | WedgeQr | CameraQr, clock: Clock) -> QrSource:
    if isinstance(section, CameraQr):
        from devices.qr_camera.camera import CameraQrSource

        return CameraQrSource(
            section.device, clock, section.fps_cap, section.roi, dedup_s=section.dedup_s
        )
    if isinstance(section, SerialQr):
        from devices.qr_serial.adapter import SerialQrSource

        return SerialQrSource(
            section.port,
            section.baudrate,
            section.suffix,
            clock=clock,
            idle_gap_s=section.idle_gap_ms / 1000,
        )
    if isinstance(section, WedgeQr):
        from devices.qr_wedge.detector import WedgeQrSource

        wedge = WedgeQrSource(
            clock=clock,
            gap_s=section.gap_ms / 1000,
            min_chars=section.min_chars,
            flush_after_s=section.flush_after_ms / 1000,
        )
        wedge.open()  # here, on the GUI thread: it installs a Qt event filter (open is idempotent)
        return wedge
    from devices.simulated.qr_source import SimulatedQrSource

    return SimulatedQrSource()
