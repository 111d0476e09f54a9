"""The staff PIN screen standalone: right PIN → granted(role), wrong PIN → attempts left, five
wrong → locked with the minutes left; the check runs on a worker thread against real argon2
hashes; the PIN is never shown, spoken, logged or audited. Screenshots to docs/screens."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.pins import hash_pin
from kiosk.ports.clock import ManualClock
from kiosk.prompts import load_prompts
from kiosk.services.staff_access import PinHashes, Role, StaffAccess
from kiosk.settings.schema import default_settings
from tests.ui.support import settle
from ui.fonts import load_bundled_fonts
from ui.screens.staff_pin import DOT, StaffPinScreen, dots
from ui.staff_pin_controller import StaffPinController
from ui.theme import Theme, apply_theme

CLICK = Qt.MouseButton.LeftButton
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screens"
STAFF_PIN = "583920"
TECH_PIN = "7192046"


@pytest.fixture(scope="module")
def hashes() -> PinHashes:
    return PinHashes(staff=hash_pin(STAFF_PIN), technician=hash_pin(TECH_PIN))


class Rig:
    def __init__(self, qtbot: QtBot, hashes: PinHashes, big_text: bool = False) -> None:
        self.qtbot = qtbot
        self.clock = ManualClock()
        self.audit: list[tuple[str, str, str, str | None]] = []
        self.checked_on: list[str] = []
        self.said: list[tuple[str, dict[str, object]]] = []
        self.access = StaffAccess(
            hashes,
            max_attempts=5,
            lockout_s=300,
            clock=self.clock,
            audit=self,
            kiosk_id="K-01",
            verify=self._verify,
        )
        settings = default_settings()
        self.theme = Theme.for_panel(settings.panel, load_bundled_fonts(), big_text)
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.window.setObjectName("MainWindow")
        self.window.setStyleSheet(self.theme.stylesheet())
        self.window.resize(1920, 1080)
        self.screen = StaffPinScreen(self.window)
        self.screen.resize(1920, 1080)
        self.controller = StaffPinController(
            self.screen, self.access, load_prompts(ROOT / "config" / "prompts" / "vi"), self.speak
        )
        apply_theme(self.screen, self.theme)
        self.screen.apply(self.theme)
        self.window.show()
        self.granted: list[str] = []
        self.cancelled = 0
        self.controller.granted.connect(self.granted.append)
        self.controller.cancelled.connect(self._cancelled)

    def _cancelled(self) -> None:
        self.cancelled += 1

    def _verify(self, stored: str, pin: str) -> bool:
        from kiosk.pins import verify_pin

        self.checked_on.append(threading.current_thread().name)
        return verify_pin(stored, pin)

    def record(
        self,
        actor_kind: str,
        actor_id: str,
        action: str,
        detail: str | None = None,
        *,
        at: datetime,
    ) -> None:
        self.audit.append((actor_kind, actor_id, action, detail))

    def speak(self, prompt_id: str, /, **values: object) -> None:
        self.said.append((prompt_id, values))

    def type(self, pin: str) -> None:
        for ch in pin:
            QTest.mouseClick(self.screen.pad.keys[ch], CLICK)

    def enter(self, pin: str) -> None:
        self.type(pin)
        QTest.mouseClick(self.screen.pad.done, CLICK)
        self.qtbot.waitUntil(lambda: not self.controller.busy, timeout=10_000)
        settle()

    def texts(self) -> list[str]:
        return [w.text() for w in self.screen.findChildren(QLabel) if w.isVisible()] + [
            b.text() for b in self.screen.findChildren(QPushButton)
        ]

    def message(self) -> str:
        label = self.screen.findChild(QLabel, "StaffPinMessage")
        assert label is not None
        return label.text() if label.isVisible() else ""

    def close(self) -> None:
        self.controller.close()


@pytest.fixture
def rig(qtbot: QtBot, hashes: PinHashes) -> Iterator[Rig]:
    r = Rig(qtbot, hashes)
    r.controller.start()
    yield r
    r.close()


def test_right_pin_grants_the_role_after_a_check_on_a_worker(rig: Rig) -> None:
    rig.type(STAFF_PIN)
    assert rig.screen.pad.display.text() == dots(6) == "● ● ● ● ● ●"  # dots, never digits
    with rig.qtbot.waitSignal(rig.controller.granted, timeout=10_000) as signal:
        QTest.mouseClick(rig.screen.pad.done, CLICK)
    assert signal.args == ["staff"]
    assert rig.checked_on and all(n.startswith("device-staff_pin") for n in rig.checked_on)
    assert rig.screen.entered_count() == 0  # wiped
    assert [a[2] for a in rig.audit] == ["pin_granted"]


def test_technician_badge_asks_the_technicians_pin(qtbot: QtBot, hashes: PinHashes) -> None:
    rig = Rig(qtbot, hashes)
    try:
        rig.controller.start(Role.TECHNICIAN, "T-7")
        title = rig.screen.findChild(QLabel, "StaffPinTitle")
        assert title is not None and title.text() == "Kỹ thuật viên: nhập mã PIN"
        rig.enter(STAFF_PIN)  # the staff PIN is not the technician's
        assert rig.granted == []
        rig.enter(TECH_PIN)
        assert rig.granted == ["technician"]
        assert rig.audit[-1][:3] == ("technician", "T-7", "pin_granted")
    finally:
        rig.close()


def test_wrong_pin_says_attempts_left_then_locks_with_minutes(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rig.enter("111222")
    assert rig.message() == "Mã PIN không đúng. Còn 4 lần thử."
    assert rig.said[-1] == ("staff.pin_wrong", {"left": 4})
    assert rig.screen.entered_count() == 0
    for _ in range(3):
        rig.enter("111222")
    assert rig.message() == "Mã PIN không đúng. Còn 1 lần thử."
    rig.enter("111222")
    assert rig.message() == "Mã PIN không đúng. Tạm khóa 5 phút."
    rig.enter(STAFF_PIN)  # locked: even the right one is refused
    assert rig.granted == []
    assert rig.message() == "Tạm khóa. Mời thử lại sau 5 phút."
    rig.clock.advance(170)
    rig.controller.start()  # reopened later: says so at once
    assert rig.message() == "Tạm khóa. Mời thử lại sau 3 phút."
    rig.clock.advance(130)
    rig.enter(STAFF_PIN)
    assert rig.granted == ["staff"]
    # the PIN is never on screen, in speech, in the log or in the audit
    everything = repr([rig.said, rig.audit, caplog.text, rig.texts()])
    assert STAFF_PIN not in everything and "111222" not in everything
    assert [a[2] for a in rig.audit].count("pin_failed") == 5


def test_too_short_is_not_counted_and_keeps_the_digits(rig: Rig) -> None:
    rig.type("123")
    QTest.mouseClick(rig.screen.pad.done, CLICK)
    assert rig.message() == "Mã PIN gồm ít nhất 6 chữ số. Mời nhập tiếp."
    assert rig.screen.entered_count() == 3 and rig.audit == []
    QTest.mouseClick(rig.screen.pad.backspace, CLICK)
    assert rig.screen.entered_count() == 2


def test_cancel_and_reset_wipe_the_digits(rig: Rig) -> None:
    rig.type("5839")
    rig.controller.reset()
    assert rig.screen.entered_count() == 0 and rig.screen.pad.display.text() == ""
    rig.type("58")
    cancel = rig.screen.findChild(QPushButton, "StaffPinCancel")
    assert cancel is not None and cancel.text() == "Hủy"
    QTest.mouseClick(cancel, CLICK)
    assert rig.cancelled == 1 and rig.screen.entered_count() == 0 and rig.audit == []


def test_disabled_role_says_so(qtbot: QtBot, hashes: PinHashes) -> None:
    rig = Rig(qtbot, PinHashes(staff="", technician=hashes.technician))
    try:
        rig.controller.start(Role.STAFF, "B1")
        assert rig.message() == "Chế độ này chưa được bật. Mời liên hệ kỹ thuật viên."
    finally:
        rig.close()


def test_a_late_answer_after_cancel_is_dropped(rig: Rig) -> None:
    rig.type(STAFF_PIN)
    QTest.mouseClick(rig.screen.pad.done, CLICK)
    rig.controller.on_cancel()  # before the worker answers
    rig.controller.close()  # waits for the running check
    settle()
    assert rig.granted == [] and rig.cancelled == 1


@pytest.mark.parametrize("big_text", [False, True])
def test_screenshots(qtbot: QtBot, hashes: PinHashes, big_text: bool) -> None:
    rig = Rig(qtbot, hashes, big_text)
    try:
        rig.controller.start()
        rig.enter("111222")
        rig.type("5839")
        settle()
        pad = rig.screen.pad
        # the dots are drawn by the bundled font, and every key is ≥ 16 mm
        metrics = QFontMetricsF(pad.display.font())
        assert metrics.inFontUcs4(ord(DOT))
        assert metrics.horizontalAdvance(dots(12)) < pad.display.contentsRect().width()
        assert [pad.keys[c].text() for c in "0123456789"] == list("0123456789")
        for key in [*pad.keys.values(), pad.backspace, pad.done]:
            assert rig.theme.mm(key.height()) >= 16 and rig.theme.mm(key.width()) >= 16
        cancel = rig.screen.findChild(QPushButton, "StaffPinCancel")
        assert cancel is not None and rig.theme.mm(cancel.height()) >= 20
        for label in rig.screen.findChildren(QLabel):
            if label.isVisible() and label.text():
                assert label.sizeHint().width() <= label.width() or label.wordWrap()
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / ("staff_pin-big-text.png" if big_text else "staff_pin.png")
        image = rig.window.grab()
        assert (image.width(), image.height()) == (1920, 1080)
        assert image.save(str(path))
    finally:
        rig.close()
