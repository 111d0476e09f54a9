"""The receipt step standalone: the spoken reminder until "Đã nhận" or 30 s, and the other way
(QR on screen, or staff) when the printer could not print. Screenshots to docs/screens/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.ports.clock import ManualClock
from kiosk.settings.schema import default_settings
from tests.ui.support import settle
from tests.unit.receipt.samples import LAN, PENDING, receipt_prompts
from ui.fonts import load_bundled_fonts
from ui.receipt_controller import ReceiptController
from ui.screens.receipt import ReceiptScreen
from ui.theme import Theme, apply_theme

CLICK = Qt.MouseButton.LeftButton
OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


class Rig:
    def __init__(self, qtbot: QtBot, big_text: bool = False) -> None:
        self.clock = ManualClock()
        self.said: list[str] = []
        self.stops = 0
        self.done = 0
        self.controller = ReceiptController(
            self.clock, receipt_prompts(), self.said.append, self._stop
        )
        self.theme = Theme.for_panel(default_settings().panel, load_bundled_fonts(), big_text)
        # a plain top-level window around the screen, sized once: its layout must not resize
        # the window (the offscreen platform warns when a top-level's size hints change)
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.window.setObjectName("MainWindow")
        self.window.setStyleSheet(self.theme.stylesheet())
        self.window.resize(1920, 860)  # the kiosk window minus its header and nav bars
        self.screen = ReceiptScreen(self.window)
        self.screen.resize(1920, 860)
        self.controller.view_changed.connect(self._render)
        self.controller.done.connect(self._done)
        self.screen.taken_requested.connect(self.controller.on_taken)
        self.screen.done_requested.connect(self.controller.on_done)
        self.screen.staff_requested.connect(self.controller.on_ask_staff)
        self.window.show()

    def _stop(self) -> None:
        self.stops += 1

    def _done(self) -> None:
        self.done += 1

    def _render(self) -> None:
        self.screen.show_view(self.controller.view())
        apply_theme(self.screen, self.theme)
        self.screen.apply(self.theme)

    def run(self, seconds: float) -> None:
        for _ in range(int(seconds * 4)):
            self.clock.advance(0.25)
            self.controller.tick()

    def find(self, cls: type, name: str) -> QWidget:
        found = self.screen.findChild(cls, name)
        assert found is not None, name
        return found  # type: ignore[no-any-return]

    def shoot(self, name: str) -> Path:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{name}.png"
        settle()  # let the layout follow the new fonts before the picture is taken
        assert self.window.grab().save(str(path))
        return path


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    r = Rig(qtbot)
    yield r
    r.controller.close()


def test_printed_reminder_repeats_until_30_s(rig: Rig) -> None:
    rig.controller.show(LAN, printed=True)
    assert rig.said == ["receipt.take"]
    title = rig.find(QLabel, "ReceiptTitle")
    assert isinstance(title, QLabel) and title.text() == "Mời ông/bà nhận biên nhận"
    assert not rig.find(QPushButton, "ReceiptStaff").isVisible()
    assert not rig.find(QLabel, "ReceiptQr").isVisible()  # the paper has it
    rig.run(29)
    assert rig.said == ["receipt.take"] * 4 and rig.done == 0
    rig.run(2)
    assert rig.done == 1 and rig.stops == 1 and not rig.controller.active
    rig.run(30)
    assert rig.said == ["receipt.take"] * 4 and rig.done == 1  # silent once ended


def test_touching_da_nhan_ends_it(rig: Rig, qtbot: QtBot) -> None:
    rig.controller.show(LAN, printed=True)
    rig.run(9)
    primary = rig.find(QPushButton, "ReceiptPrimary")
    assert isinstance(primary, QPushButton) and primary.text() == "Đã nhận"
    qtbot.mouseClick(primary, CLICK)
    assert rig.done == 1 and rig.stops == 1
    rig.run(30)
    assert rig.said == ["receipt.take"] * 2


def test_not_printed_shows_the_qr_and_offers_staff(rig: Rig, qtbot: QtBot) -> None:
    rig.controller.show(LAN, printed=False)
    assert rig.said == ["receipt.print_failed"]
    qr = rig.find(QLabel, "ReceiptQr")
    assert isinstance(qr, QLabel) and qr.isVisible()
    image = qr.pixmap().toImage().convertToFormat(qr.pixmap().toImage().Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(
        image.height(), image.bytesPerLine()
    )
    found = [r.text for r in zxingcpp.read_barcodes(pixels[:, : image.width()].copy())]
    assert found and found[0].startswith("BNHS1|mhs=000.00.12.H29-261123-0001|")
    assert qr.pixmap().width() >= 40 * rig.theme.px_per_mm  # a phone can take it
    code = rig.find(QLabel, "ReceiptCode")
    assert isinstance(code, QLabel) and code.text() == "Mã hồ sơ: 000.00.12.H29-261123-0001"
    staff = rig.find(QPushButton, "ReceiptStaff")
    assert isinstance(staff, QPushButton) and staff.isVisible()
    qtbot.mouseClick(staff, CLICK)
    assert rig.said[-1] == "receipt.staff"
    assert not staff.isVisible()
    rig.run(60)
    assert rig.done == 0  # no reminder and no timeout: the session's own idle timeout applies
    qtbot.mouseClick(rig.find(QPushButton, "ReceiptPrimary"), CLICK)
    assert rig.done == 1


def test_a_pending_receipt_shows_its_local_reference(rig: Rig) -> None:
    rig.controller.show(PENDING, printed=False)
    code = rig.find(QLabel, "ReceiptCode")
    assert isinstance(code, QLabel) and code.text() == "Mã tạm: K01-261123-0007"
    # never "đã được tiếp nhận": it was not received yet, and the citizen hears that it waits
    hint = rig.find(QLabel, "ReceiptHint")
    assert isinstance(hint, QLabel) and hint.text().startswith("Hồ sơ đang chờ gửi")
    assert rig.said == ["receipt.print_failed_pending"]


def test_a_printed_pending_receipt_reminds_that_it_waits_to_be_sent(rig: Rig) -> None:
    rig.controller.show(PENDING, printed=True)
    hint = rig.find(QLabel, "ReceiptHint")
    assert isinstance(hint, QLabel) and hint.text().startswith("Hồ sơ đang chờ gửi")
    rig.run(9)
    assert rig.said == ["receipt.take_pending"] * 2


def test_reset_forgets_the_receipt(rig: Rig) -> None:
    rig.controller.show(LAN, printed=False)
    rig.controller.reset()
    rig.screen.reset()
    assert rig.controller.view().code_line == ""
    code = rig.find(QLabel, "ReceiptCode")
    assert isinstance(code, QLabel) and code.text() == ""


def test_targets_are_big_enough(rig: Rig) -> None:
    rig.controller.show(LAN, printed=False)
    for name in ("ReceiptPrimary", "ReceiptStaff"):
        button = rig.find(QPushButton, name)
        assert button.height() >= 20 * rig.theme.px_per_mm, name
        assert button.width() >= 20 * rig.theme.px_per_mm, name


def test_printing_through_the_port_then_the_reminder(rig: Rig, qtbot: QtBot) -> None:
    printer = SimulatedReceiptPrinter(rig.clock, print_delay_s=0.5)
    printer.open()
    rig.controller.attach_printer(printer)
    rig.controller.print_receipt(LAN, large=True)
    assert rig.said == ["receipt.printing"]
    title = rig.find(QLabel, "ReceiptTitle")
    assert isinstance(title, QLabel) and title.text() == "Đang in giấy biên nhận…"
    assert not rig.find(QPushButton, "ReceiptPrimary").isVisible()  # nothing to press yet
    qtbot.waitUntil(lambda: rig.said[-1:] == ["receipt.take"], timeout=5000)
    assert printer.receipts == ((LAN, True),)
    assert rig.controller.last_outcome is not None and rig.controller.last_outcome.printed
    assert title.text() == "Mời ông/bà nhận biên nhận"
    rig.controller.close()


@pytest.mark.parametrize("fault", ["paper_out", "cover_open", "offline", "drop"])
def test_a_print_the_printer_did_not_confirm_goes_on_screen(
    rig: Rig, qtbot: QtBot, fault: str
) -> None:
    printer = SimulatedReceiptPrinter(rig.clock, print_delay_s=0.5)
    printer.open()
    {
        "paper_out": lambda: printer.load_paper(1.0),
        "cover_open": lambda: printer.set_cover_open(True),
        "offline": lambda: printer.set_offline(True),
        "drop": printer.drop_next_job,
    }[fault]()
    rig.controller.attach_printer(printer)
    rig.controller.print_receipt(LAN)
    qtbot.waitUntil(lambda: rig.said[-1:] == ["receipt.print_failed"], timeout=5000)
    assert rig.controller.last_outcome is not None and not rig.controller.last_outcome.printed
    assert rig.find(QLabel, "ReceiptQr").isVisible()
    assert rig.find(QPushButton, "ReceiptStaff").isVisible()
    rig.controller.close()


def test_no_printer_fitted_shows_the_receipt_on_screen(rig: Rig) -> None:
    rig.controller.attach_printer(None)
    rig.controller.print_receipt(LAN)
    assert rig.said == ["receipt.print_failed"]
    assert rig.find(QLabel, "ReceiptQr").isVisible()


@pytest.mark.parametrize("big_text", [False, True])
def test_screenshots(qtbot: QtBot, big_text: bool) -> None:
    suffix = "-big-text" if big_text else ""
    rig = Rig(qtbot, big_text)
    rig.controller.show(LAN, printed=True)
    saved = [rig.shoot(f"receipt-printed{suffix}")]
    rig.controller.reset()
    rig.controller.show(LAN, printed=False)
    saved.append(rig.shoot(f"receipt-not-printed{suffix}"))
    rig.controller.reset()
    assert all(p.stat().st_size > 10_000 for p in saved)
