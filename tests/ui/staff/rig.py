"""Staff mode in the real kiosk window: StaffAccess over real argon2 hashes, the audit written
to the real AuditLog of a migrated SQLite store (the submission rig's), read back by AuditReader."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.pins import hash_pin
from kiosk.ports.clock import ManualClock
from kiosk.services.assisted import audit
from kiosk.services.staff_access import PinHashes, StaffAccess
from kiosk.store.audit_repository import AuditReader, AuditRow
from kiosk.store.db import session_factory
from kiosk.store.repositories import AuditLog
from tests.ui.support import SubmissionRig, settle
from ui.main_window import MainWindow
from ui.screens.staff_pin import StaffPinScreen
from ui.session_controller import SessionController
from ui.staff.mode import StaffMode

CLICK = Qt.MouseButton.LeftButton
STAFF_PIN = "583920"
TECH_PIN = "7192046"
SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"


@functools.cache
def hashes() -> PinHashes:
    return PinHashes(staff=hash_pin(STAFF_PIN), technician=hash_pin(TECH_PIN))


class StaffRig:
    def __init__(
        self, qtbot: QtBot, window: MainWindow, clock: ManualClock, store: SubmissionRig
    ) -> None:
        self.qtbot, self.window, self.clock, self.store = qtbot, window, clock, store
        sessions = session_factory(store.engine)
        self.audit_log = AuditLog(sessions)
        self.reader = AuditReader(sessions)
        self.access = StaffAccess(
            hashes(), max_attempts=5, lockout_s=300, clock=clock, audit=self.audit_log,
            kiosk_id=store.kiosk_id,
        )  # fmt: skip
        controller = window.controller
        assert isinstance(controller, SessionController)
        self.controller = controller
        staff = controller.attach_staff(self.access, self.audit_log, lambda: store.outbox)
        assert staff is not None
        self.staff: StaffMode = staff

    # ---- the way in ----

    def hold_corner(self) -> None:
        """The hidden gesture: 3 s in the top right corner of the kiosk window."""
        corner = QPoint(self.window.width() - 15, 15)
        QTest.mousePress(self.window, CLICK, pos=corner)
        self.clock.advance(3.0)
        gesture = self.staff.gesture
        assert gesture is not None
        gesture.tick()
        QTest.mouseRelease(self.window, CLICK, pos=corner)
        settle()

    def pin_screen(self) -> StaffPinScreen:
        screen = self.window.screen_widget("staff_pin")
        assert isinstance(screen, StaffPinScreen)
        return screen

    def enter_pin(self, pin: str) -> None:
        screen = self.pin_screen()
        assert self.window.current_screen_id == "staff_pin"
        for ch in pin:
            QTest.mouseClick(screen.pad.keys[ch], CLICK)
        QTest.mouseClick(screen.pad.done, CLICK)
        pin_controller = self.staff._pin
        assert pin_controller is not None
        self.qtbot.waitUntil(lambda: not pin_controller.busy, timeout=10_000)
        settle()

    def log_in(self, pin: str = STAFF_PIN) -> None:
        self.hold_corner()
        self.enter_pin(pin)
        assert self.window.current_screen_id == "staff_menu"

    def menu(self, action: str) -> None:
        screen = self.window.screen_widget("staff_menu")
        button = screen.buttons[action]  # type: ignore[attr-defined]
        assert button.isVisible() and button.text(), action
        QTest.mouseClick(button, CLICK)
        settle()

    def offered_after_login(self, pin: str = STAFF_PIN) -> list[str]:
        self.log_in(pin)
        return self.offered()

    def offered(self) -> list[str]:
        screen = self.window.screen_widget("staff_menu")
        return list(screen.buttons)  # type: ignore[attr-defined]

    # ---- the audit ----

    def staff_rows(self) -> list[AuditRow]:
        return [r for r in self.reader.entries(ACTIONS)]

    def staff_actions(self) -> list[str]:
        return [r.action.removeprefix("staff.") for r in self.staff_rows()]

    def wait_actions(self, expected: list[str]) -> list[AuditRow]:
        """The staff audit as written (on its worker) once it reads `expected`."""
        self.qtbot.waitUntil(lambda: self.staff_actions() == expected, timeout=5000)
        return self.staff_rows()


ACTIONS = [f"staff.{a}" for a in sorted(audit.ACTIONS)]


def texts(widget: QWidget) -> list[str]:
    """Every text the widget tree can show or announce (visible or not)."""
    found: list[str] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            found.append(w.text())
        found += [w.toolTip(), w.accessibleName(), w.accessibleDescription()]
    return [t for t in found if t]


def shoot(window: MainWindow, name: str) -> None:
    settle()
    SCREENS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENS / f"staff_{name}.png"))
