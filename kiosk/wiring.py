"""Build every port from validated settings: the one place that picks adapters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from kiosk.settings.schema import (
    CameraQr,
    CameraScanner,
    Devices,
    EscposPrinter,
    HttpPortal,
    LocalPortal,
    PcscCardReader,
    SaneScanner,
    SerialQr,
    Settings,
    SimulatedDevice,
    SpeechDispatcherVoice,
    TtsSpeaker,
    WedgeQr,
)
from kiosk.settings.summary import device_adapters

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.ports.card_reader import CardReader
    from kiosk.ports.clock import Clock
    from kiosk.ports.document_scanner import DocumentScanner
    from kiosk.ports.mrz_reader import MrzReader
    from kiosk.ports.paper_packer import PaperPacker
    from kiosk.ports.portal import Portal
    from kiosk.ports.qr_source import QrSource
    from kiosk.ports.receipt_printer import ReceiptPrinter
    from kiosk.ports.speaker import AudioPlayer, AudioSource, HeadsetDetector, Speaker


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
        ("document_scanner", "sane"),
        ("document_scanner", "camera"),
        ("receipt_printer", "escpos"),
        ("speaker", "speechd"),
        ("speaker", "tts"),
        ("portal", "local"),
        ("portal", "http"),
    }
)


def unavailable_adapters(settings: Settings) -> list[str]:
    return [
        f"devices.{port}: adapter {adapter!r} is not available in this version yet"
        for port, adapter in device_adapters(settings.devices).items()
        if adapter != "simulated" and (port, adapter) not in AVAILABLE_ADAPTERS
    ]


def build_ports(settings: Settings, clock: Clock) -> Ports:
    """Every port from the validated settings: a real adapter or its simulator."""
    missing = unavailable_adapters(settings)
    if missing:
        raise AdapterUnavailable("; ".join(missing))
    d = settings.devices
    document_scanner = document_scanner_port(d.document_scanner, clock)
    return Ports(
        card_reader=card_reader_port(d.card_reader, clock),
        qr_source=qr_source_port(d.qr_source, clock),
        document_scanner=document_scanner,
        receipt_printer=receipt_printer_port(d.receipt_printer, clock),
        speaker=speaker_port(d.speaker, clock),
        portal=portal_port(d.portal, settings, clock),
        mrz_reader=_mrz_reader(d.document_scanner, document_scanner, clock),
    )


def document_scanner_port(
    section: SimulatedDevice | SaneScanner | CameraScanner, clock: Clock
) -> DocumentScanner:
    if isinstance(section, SaneScanner):
        from devices.sane_scanner.adapter import SaneDocumentScanner
        from kiosk.ports.document_scanner import ColourMode, ScanSource

        return SaneDocumentScanner(
            section.device,
            source=ScanSource(section.source) if section.source else None,
            mode=ColourMode(section.mode) if section.mode else None,
            dpi=section.dpi or None,
            max_pages=section.max_pages,
        )
    if isinstance(section, CameraScanner):
        from devices.camera_scanner.scanner import CameraDocumentScanner

        return CameraDocumentScanner(
            section.device,
            clock,
            min_dpi=section.min_dpi,
            hold_s=section.hold_s,
            timeout_s=float(section.timeout_s),
            fps_cap=section.fps_cap,
            paper_mm=section.paper_mm,
        )
    from devices.simulated.document_scanner import SimulatedDocumentScanner

    return SimulatedDocumentScanner(clock, scan_delay_s=2.0 * section.delay_scale)


def _mrz_reader(
    section: SimulatedDevice | SaneScanner | CameraScanner,
    scanner: DocumentScanner,
    clock: Clock,
) -> MrzReader:
    """The card's back is read on a flatbed scanner; a desk camera looks for A4 pages, not
    cards, so with a camera (or no scanner) the MRZ step stays simulated."""
    if isinstance(section, SaneScanner):
        from devices.mrz_ocr.adapter import ScannerMrzReader

        return ScannerMrzReader(scanner)
    from devices.simulated.mrz_reader import SimulatedMrzReader

    delay = section.delay_scale if isinstance(section, SimulatedDevice) else 1.0
    return SimulatedMrzReader(clock, scan_delay_s=2.0 * delay)


def card_reader_port(section: SimulatedDevice | PcscCardReader, clock: Clock) -> CardReader:
    if isinstance(section, PcscCardReader):
        from pathlib import Path

        from devices.pcsc_card.adapter import PcscCardReader as PcscAdapter

        csca = Path(section.csca_dir) if section.csca_dir else None
        return PcscAdapter(section.reader_match, clock=clock, csca_dir=csca)
    from devices.simulated.card_reader import SimulatedCardReader

    return SimulatedCardReader(clock, read_delay_s=1.5 * section.delay_scale)


def qr_source_port(
    section: SimulatedDevice | SerialQr | WedgeQr | CameraQr, clock: Clock
) -> QrSource:
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


def receipt_printer_port(section: SimulatedDevice | EscposPrinter, clock: Clock) -> ReceiptPrinter:
    if isinstance(section, EscposPrinter):
        from printing.escpos import EscposReceiptPrinter

        return EscposReceiptPrinter(
            section.connection,
            section.target,
            paper_mm=section.paper_width_mm,
            profile=section.profile or None,
            native_qr=section.native_qr,
            timeout_s=section.timeout_s,
            baudrate=section.baudrate,
        )
    from devices.simulated.receipt_printer import SimulatedReceiptPrinter

    return SimulatedReceiptPrinter(clock, print_delay_s=1.0 * section.delay_scale)


def speaker_port(
    section: SimulatedDevice | SpeechDispatcherVoice | TtsSpeaker, clock: Clock
) -> Speaker:
    if isinstance(section, SimulatedDevice):
        from devices.simulated.speaker import SimulatedSpeaker

        return SimulatedSpeaker(clock)
    from devices.tts.factory import TtsOptions, build_speaker

    if isinstance(section, SpeechDispatcherVoice):
        return build_speaker(TtsOptions(engines=("speechd", "chime"), voice=section.voice), clock)
    return build_speaker(
        TtsOptions(
            engines=section.engines,
            pack_dir=section.pack_dir,
            piper_model=section.piper_model,
            speechd_socket=section.speechd_socket,
            speechd_module=section.speechd_module,
            voice=section.voice,
            output=section.output,
        ),
        clock,
    )


def headset_detector(settings: Settings) -> HeadsetDetector | None:
    """Only a real voice adapter can tell a plugged headset (private mode); else never private."""
    section = settings.devices.speaker
    if isinstance(section, TtsSpeaker) and section.headset == "auto":
        from devices.tts.headset import SystemHeadsetDetector

        return SystemHeadsetDetector()
    return None


def portal_port(
    section: SimulatedDevice | LocalPortal | HttpPortal, settings: Settings, clock: Clock
) -> Portal:
    if isinstance(section, HttpPortal):
        from pathlib import Path

        from devices.portal_http import HttpPortal as HttpPortalAdapter

        return HttpPortalAdapter.from_token_file(
            section.base_url,
            Path(section.token_file),
            kiosk_id=settings.kiosk.id,
            ca_bundle=Path(section.ca_bundle) if section.ca_bundle else None,
            timeout_s=section.timeout_s,
        )
    if isinstance(section, LocalPortal):
        from datetime import time

        from kiosk import paths
        from kiosk.services.portal_local.adapter import LocalPortal as LocalPortalAdapter

        hours, minutes = section.office_hours_end.split(":")
        return LocalPortalAdapter(
            paths.resolve_database_url(section.register_url),
            clock,
            unit_code=section.unit_code,
            kiosk_id=settings.kiosk.id,
            cutoff=time(int(hours), int(minutes)),
        )
    from devices.simulated.portal import SimulatedPortal

    return SimulatedPortal(clock, latency_s=0.5 * section.delay_scale)


def paper_packer() -> PaperPacker:
    """Scanned pages → one PDF per paper (img2pdf; bitonal text, small colour patches)."""
    from printing.paper_pdf import Img2PdfPaperPacker

    return Img2PdfPaperPacker()


def recorder_audio() -> tuple[AudioSource, AudioPlayer]:
    """The staff prompt recorder's microphone (arecord / sox rec) and playback (first player
    found; silent when none)."""
    from devices.tts.audio import make_sink
    from devices.tts.microphone import ProcessAudioSource, SinkPlayer

    sink = make_sink("auto") or make_sink("null")
    assert sink is not None  # "null" always makes one
    return ProcessAudioSource(), SinkPlayer(sink)


def card_atr_probe(settings: Settings) -> Callable[[], str | None] | None:
    """The diagnostics' "card ATR" check for a PC/SC reader (None for other readers)."""
    card = settings.devices.card_reader
    if not isinstance(card, PcscCardReader):
        return None
    from devices.diagnostics.card_atr import card_atr

    match = card.reader_match
    return lambda: card_atr(match)
