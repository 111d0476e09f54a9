"""The adapter through python-escpos's Serial transport (pyserial) on a pty, with the same
scripted printer on the other side."""

from __future__ import annotations

import pytest

from kiosk.ports.receipt_printer import CoverOpen
from printing.escpos import EscposReceiptPrinter
from tests.escpos_decode import decode, native_qr, rebuild_raster
from tests.peers.escpos_peer import COVER_OPEN, Script, SerialPrinterPeer
from tests.unit.receipt.samples import LAN, receipt_prompts

pytestmark = pytest.mark.peer


def test_a_receipt_over_serial() -> None:
    with SerialPrinterPeer() as peer:
        printer = EscposReceiptPrinter(
            "serial", peer.path, receipt_prompts(), paper_mm=58, timeout_s=1.0
        )
        printer.open()
        result = printer.print_receipt(LAN)
        printer.close()
        received = bytes(peer.connection.received)
    assert result.status_after.can_print
    commands = decode(received)
    assert rebuild_raster(commands).width == 384
    qr = native_qr(commands)
    assert qr is not None and qr.data.startswith(b"BNHS1|mhs=000.00.12.H29-261123-0001|")


def test_cover_open_over_serial() -> None:
    with SerialPrinterPeer(Script(status=COVER_OPEN)) as peer:
        printer = EscposReceiptPrinter("serial", peer.path, receipt_prompts(), timeout_s=1.0)
        printer.open()
        with pytest.raises(CoverOpen):
            printer.print_receipt(LAN)
        printer.close()
        assert "GS v 0" not in [c.name for c in peer.connection.commands]
