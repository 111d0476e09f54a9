"""The receipt step reads the availability when it starts, never mid-print (issue 11): a
printer reported down while a receipt is printing does not throw the citizen off the step."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.domain.receipt import Receipt
from kiosk.ports.clock import ManualClock
from kiosk.ports.receipt_printer import PrintResult
from kiosk.prompts import PromptCatalogue, load_prompts
from kiosk.services.availability import RECEIPT_ON_SCREEN
from kiosk.services.receipt_qr import encode_receipt_qr
from tests.unit.receipt.samples import LAN
from ui.receipt_controller import ReceiptController

PROMPTS = Path(__file__).resolve().parents[3] / "config" / "prompts" / "vi"


class GatedPrinter(SimulatedReceiptPrinter):
    """Holds each receipt until the test opens the gate: a print "in progress"."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock, print_delay_s=0.0)
        self.gate = threading.Event()
        self.started = threading.Event()
        self.asked = 0

    def print_receipt(self, receipt: Receipt, *, large: bool = False) -> PrintResult:
        self.asked += 1
        self.started.set()
        if not self.gate.wait(10):
            raise AssertionError("the test never opened the gate")
        return super().print_receipt(receipt, large=large)


@pytest.fixture
def prompts() -> PromptCatalogue:
    return load_prompts(PROMPTS)


@pytest.fixture
def printer() -> Iterator[GatedPrinter]:
    p = GatedPrinter(ManualClock())
    p.open()
    yield p
    p.gate.set()
    p.close()


def test_printer_reported_down_mid_print_keeps_the_print(
    qtbot: QtBot, prompts: PromptCatalogue, printer: GatedPrinter
) -> None:
    said: list[str] = []
    controller = ReceiptController(ManualClock(), prompts, said.append)
    controller.attach_printer(printer)
    controller.print_receipt(LAN)
    assert printer.started.wait(5)
    controller.set_printer_down(True)  # the hub settles "down" while the job runs
    assert controller.view().title == prompts.text("receipt.printing")  # no jump
    printer.gate.set()
    qtbot.waitUntil(lambda: said[-1:] == ["receipt.take"], timeout=5000)
    view = controller.view()
    assert view.printed and view.qr_payload == "" and not view.big_code
    assert printer.receipts == ((LAN, False),)
    controller.on_taken()
    # the next receipt step adapts: on screen, nothing asked of the printer
    controller.reset()
    controller.print_receipt(LAN)
    assert printer.asked == 1 and said[-1] == RECEIPT_ON_SCREEN
    view = controller.view()
    assert not view.printed and view.big_code and view.qr_payload == encode_receipt_qr(LAN)
    assert view.title == prompts.text(RECEIPT_ON_SCREEN)
    controller.close()


def test_printer_back_prints_again_at_the_next_step(
    qtbot: QtBot, prompts: PromptCatalogue, printer: GatedPrinter
) -> None:
    said: list[str] = []
    controller = ReceiptController(ManualClock(), prompts, said.append)
    controller.attach_printer(printer)
    controller.set_printer_down(True)
    controller.print_receipt(LAN)
    assert printer.asked == 0 and controller.last_outcome is not None
    assert not controller.last_outcome.printed  # what the goodbye reads: nothing printed
    controller.on_done()
    controller.set_printer_down(False)
    printer.gate.set()
    controller.print_receipt(LAN)
    qtbot.waitUntil(lambda: said[-1:] == ["receipt.take"], timeout=5000)
    assert printer.asked == 1 and controller.view().printed
    controller.close()


def test_on_screen_needs_its_prompts(printer: GatedPrinter) -> None:
    """A catalogue without availability.toml is refused when the mode is first needed."""
    from kiosk.settings.loader import ConfigError

    only_receipt = load_prompts(PROMPTS / "receipt.toml")
    controller = ReceiptController(ManualClock(), only_receipt, lambda _pid: None)
    with pytest.raises(ConfigError, match=r"availability\.receipt_on_screen"):
        controller.set_printer_down(True)
    controller.close()
