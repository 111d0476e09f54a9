"""Transports from the settings' target strings; a printer that is not there is NOT_READY and
typed errors, never a crash; the file transport writes but never claims a confirmed print."""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos.printer import File, Network, Serial, Usb

from kiosk.domain.devices import HealthState
from kiosk.ports.receipt_printer import PrinterError, PrinterOffline, PrintNotConfirmed, RasterJob
from printing.escpos import EscposReceiptPrinter
from printing.escpos.transport import make_printer, parse_network_target, parse_usb_target
from tests.escpos_decode import decode, rebuild_raster
from tests.unit.receipt.samples import LAN, receipt_prompts


def test_targets() -> None:
    assert parse_network_target("192.0.2.10:9100") == ("192.0.2.10", 9100)
    assert parse_network_target("printer.local") == ("printer.local", 9100)
    assert parse_usb_target("0x04b8:0x0202") == (0x04B8, 0x0202)
    with pytest.raises(ValueError, match="TCP port"):
        parse_network_target("h:99999")
    with pytest.raises(ValueError, match="vendor:product"):
        parse_usb_target("epson")


@pytest.mark.parametrize(
    ("connection", "target", "cls"),
    [
        ("network", "127.0.0.1:9100", Network),
        ("serial", "/dev/ttyUSB0", Serial),
        ("usb", "0x04b8:0x0202", Usb),
        ("file", "/dev/usb/lp0", File),
    ],
)
def test_each_connection_is_a_python_escpos_transport(
    connection: str, target: str, cls: type
) -> None:
    printer = make_printer(connection, target, dots=576)  # type: ignore[arg-type]
    assert isinstance(printer, cls)
    assert printer.profile.profile_data["media"]["width"]["pixels"] == 576


@pytest.mark.parametrize(
    ("connection", "target"),
    [("usb", "0x04b8:0x0202"), ("usb", "epson"), ("serial", "/dev/ttyNOPE"), ("file", "/nope/lp0")],
)
def test_an_absent_printer_is_not_ready_and_typed(connection: str, target: str) -> None:
    printer = EscposReceiptPrinter(connection, target, receipt_prompts())  # type: ignore[arg-type]
    printer.open()
    assert printer.health().state is HealthState.NOT_READY
    with pytest.raises(PrinterError) as caught:
        printer.print_receipt(LAN)
    assert isinstance(caught.value, PrinterOffline | PrintNotConfirmed)
    printer.close()


def test_the_file_transport_writes_but_never_confirms(tmp_path: Path) -> None:
    out = tmp_path / "lp0"
    out.touch()
    printer = EscposReceiptPrinter("file", str(out), receipt_prompts(), paper_mm=58)
    printer.open()
    with pytest.raises(PrintNotConfirmed, match="cannot read status"):
        printer.print_receipt(LAN)
    pattern = bytes(range(96))  # any bits: they must reach the printer exactly
    with pytest.raises(PrintNotConfirmed):
        printer.print_raster(RasterJob(384, 2, pattern))
    printer.close()
    commands = decode(out.read_bytes())
    assert [c.name for c in commands].count("GS V") == 2
    assert rebuild_raster(commands).width == 384
    last_raster = [c for c in commands if c.name == "GS v 0"][-1]
    assert last_raster.args == (0, 48, 2) and last_raster.data == pattern


def test_printing_when_closed_is_refused() -> None:
    printer = EscposReceiptPrinter("network", "127.0.0.1:9", receipt_prompts())
    with pytest.raises(PrinterError, match="not open"):
        printer.print_receipt(LAN)
    with pytest.raises(PrinterOffline):
        printer.status()


def test_the_shipped_receipt_labels_are_the_default(tmp_path: Path) -> None:
    out = tmp_path / "lp0"
    out.touch()
    printer = EscposReceiptPrinter("file", str(out), native_qr=False)  # no catalogue given
    printer.open()
    with pytest.raises(PrintNotConfirmed):
        printer.print_receipt(LAN)
    printer.close()
    raster = rebuild_raster(decode(out.read_bytes()))
    assert raster.width == 576 and raster.height > 1000
