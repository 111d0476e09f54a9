"""Where each configured device is, as the settings say, and the practice receipt a technician
prints: shared by `kiosk diag` and the diagnostics screen (one copy of each)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kiosk.domain.receipt import Receipt
from kiosk.ports.receipt_printer import ReceiptPrinter
from kiosk.settings import schema


def where(section: object) -> str:
    """Where the device is, as the settings say (never a secret: no token file contents)."""
    if isinstance(section, schema.PcscCardReader):
        return section.reader_match or "first reader"
    if isinstance(section, schema.SerialQr):
        return f"{section.port}@{section.baudrate}"
    if isinstance(section, schema.SaneScanner | schema.CameraScanner | schema.CameraQr):
        return str(section.device) or "first device"
    if isinstance(section, schema.EscposPrinter):
        return f"{section.connection}:{section.target}"
    if isinstance(section, schema.HttpPortal):
        return section.base_url
    if isinstance(section, schema.LocalPortal):
        return f"unit {section.unit_code}"
    if isinstance(section, schema.TtsSpeaker):
        return ",".join(section.engines)
    if isinstance(section, schema.SpeechDispatcherVoice):
        return f"voice {section.voice}"
    return ""


def practice_receipt(settings: schema.Settings, now: datetime) -> Receipt:
    """A practice receipt ("Tập sử dụng" banners, not valid) with made-up test data only."""
    return Receipt(
        dossier_code="TEST-" + now.strftime("%y%m%d") + "-0000",
        procedure_code="1.000000",
        procedure_name="Kiểm tra máy in",
        applicant_name="KIỂM TRA",
        applicant_id="000000000000",
        submitted_at=now,
        appointment_date=now.date(),
        fee_vnd=0,
        ward_name=settings.kiosk.ward,
        kiosk_id=settings.kiosk.id,
        practice=True,
    )


def print_practice(
    settings: schema.Settings, now: Callable[[], datetime]
) -> Callable[[ReceiptPrinter], None]:
    """`selftests.receipt_printer`'s `print_test`: one practice receipt, confirmed or raised."""

    def go(printer: ReceiptPrinter) -> None:
        printer.print_receipt(practice_receipt(settings, now()))

    return go
