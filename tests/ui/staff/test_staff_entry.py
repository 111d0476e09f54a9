"""Staff entry wired into the running kiosk: the corner gesture (or a staff badge QR) opens the
PIN pad over whatever the citizen had; right PIN → staff menu, wrong → attempts left, five wrong
→ locked; cancel returns exactly where the citizen was. Every attempt is in the real audit log."""

from __future__ import annotations

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from kiosk.flows.session import Screen
from kiosk.ports.clock import ManualClock
from tests.ui.staff.rig import CLICK, STAFF_PIN, TECH_PIN, StaffRig, shoot
from tests.ui.support import SimDevices, settle
from ui.main_window import MainWindow


def message(window: MainWindow) -> str:
    label = window.screen_widget("staff_pin").findChild(QLabel, "StaffPinMessage")
    assert label is not None
    return label.text() if label.isVisible() else ""


def test_gesture_right_pin_opens_the_menu_and_exit_returns(
    staff: StaffRig, window: MainWindow
) -> None:
    assert window.current_screen_id == "attract"
    staff.hold_corner()
    assert window.current_screen_id == "staff_pin"
    staff.enter_pin(STAFF_PIN)
    assert window.current_screen_id == "staff_menu"
    assert staff.offered() == ["outbox", "exit"]  # no citizen: nothing to help with
    assert not window.nav_bar().isVisible()  # the citizen's "Quay lại" cannot act on the flow
    shoot(window, "menu_empty")
    staff.menu("exit")
    assert window.current_screen_id == "attract"
    rows = staff.wait_actions(["enter", "exit"])
    assert all(r.actor_kind == "staff" and r.actor_id == "staff-pin" for r in rows)
    pins = staff.reader.entries(["pin_granted"])
    assert len(pins) == 1 and STAFF_PIN not in (pins[0].detail or "")


def test_wrong_pin_says_attempts_left_then_locks(
    staff: StaffRig, window: MainWindow, clock: ManualClock
) -> None:
    staff.hold_corner()
    staff.enter_pin("000000")
    assert window.current_screen_id == "staff_pin"
    assert message(window) == "Mã PIN không đúng. Còn 4 lần thử."
    for _ in range(4):
        staff.enter_pin("111111")
    assert message(window) == "Mã PIN không đúng. Tạm khóa 5 phút."
    staff.enter_pin(STAFF_PIN)  # the right one, but locked: not even checked
    assert window.current_screen_id == "staff_pin"
    assert message(window).startswith("Tạm khóa.")
    shoot(window, "pin_locked")
    actions = [r.action for r in staff.reader.entries(["pin_failed", "pin_locked", "pin_granted"])]
    assert actions == ["pin_failed"] * 5 + ["pin_locked"]
    clock.advance(301)
    staff.enter_pin(STAFF_PIN)
    assert window.current_screen_id == "staff_menu"


def test_cancel_returns_exactly_where_the_citizen_was(
    staff: StaffRig, window: MainWindow, qtbot: QtBot
) -> None:
    QTest.mouseClick(window.attract, CLICK)
    settle()
    assert window.current_screen_id == "welcome"
    controller = staff.controller
    staff.hold_corner()
    assert window.current_screen_id == "staff_pin"
    assert controller.flow.screen is Screen.WELCOME  # underneath, untouched
    cancel = staff.pin_screen().findChild(QPushButton, "StaffPinCancel")
    assert cancel is not None
    QTest.mouseClick(cancel, CLICK)
    settle()
    assert window.current_screen_id == "welcome"
    assert window.nav_bar().isVisible()
    assert staff.staff_actions() == []  # nobody entered


def test_a_staff_badge_qr_opens_the_pad_for_its_role(
    staff: StaffRig, window: MainWindow, sim: SimDevices, qtbot: QtBot
) -> None:
    sim.qr.scan("kiosk:staff:technician:T-7")
    qtbot.waitUntil(lambda: window.current_screen_id == "staff_pin")
    title = window.screen_widget("staff_pin").findChild(QLabel, "StaffPinTitle")
    assert title is not None and title.text() == "Kỹ thuật viên: nhập mã PIN"
    staff.enter_pin(STAFF_PIN)  # the staff PIN does not open the technician's pad
    assert window.current_screen_id == "staff_pin"
    staff.enter_pin(TECH_PIN)
    assert window.current_screen_id == "staff_menu"
    staff.wait_actions(["enter"])
    assert staff.staff_rows()[0].actor_id == "T-7"
    staff.menu("exit")
    assert window.current_screen_id == "attract"  # the badge opened nothing else (tracking)


def test_diagnostics_for_the_technician_and_back_to_the_menu(
    staff: StaffRig, window: MainWindow
) -> None:
    opened: list[bool] = []

    class FakeDiagnostics:  # DIAG's controller: open(), then `closed`
        def open(self) -> None:
            opened.append(True)

    fake = FakeDiagnostics()
    staff.staff.diagnostics_requested.connect(fake.open)
    staff.log_in(TECH_PIN)
    assert "diagnostics" in staff.offered()
    staff.menu("diagnostics")
    assert opened == [True]
    staff.staff.diagnostics_closed()
    assert window.current_screen_id == "staff_menu"


def test_the_recorder_is_offered_when_wired_and_asked_for(
    staff: StaffRig, window: MainWindow, qtbot: QtBot
) -> None:
    assert "recorder" not in staff.offered_after_login()
    staff.menu("exit")
    staff.staff._recorder = True  # as attach_staff(recorder=True) sets it
    staff.log_in()
    with qtbot.waitSignal(staff.staff.recorder_requested, timeout=1000):
        staff.menu("recorder")
    staff.staff.show_menu()  # the recorder's `finished`: the composition root comes back here
    assert window.current_screen_id == "staff_menu"


def test_a_session_ending_under_the_staff_screens_leaves_them_readable(
    staff: StaffRig, window: MainWindow, clock: ManualClock, qtbot: QtBot
) -> None:
    QTest.mouseClick(window.attract, CLICK)
    settle()
    staff.log_in()
    assert staff.offered()[0] == "take_over"
    staff.menu("outbox")
    flow = staff.controller.flow
    while flow.session is not None:  # staff leave it alone: the citizen's session times out
        clock.advance(5)
        staff.controller.tick()
    assert window.current_screen_id == "staff_outbox"
    title = window.screen_widget("staff_outbox").findChild(QLabel, "StaffOutboxTitle")
    assert title is not None and title.text() == "Hộp thư gửi hồ sơ của máy này"
    close = window.screen_widget("staff_outbox").findChild(QPushButton, "StaffOutboxClose")
    assert close is not None
    QTest.mouseClick(close, CLICK)
    assert staff.offered() == ["outbox", "exit"]  # no citizen any more


def test_staff_targets_are_big_enough(staff: StaffRig, window: MainWindow) -> None:
    """Menu buttons and the outbox's buttons ≥ 20 mm high at the configured panel."""
    staff.log_in()
    ppm = window.theme.px_per_mm
    menu = window.screen_widget("staff_menu")
    for button in menu.buttons.values():  # type: ignore[attr-defined]
        assert button.height() >= 20 * ppm - 1, button.objectName()
        assert button.width() >= 20 * ppm - 1, button.objectName()
    staff.menu("outbox")
    close = window.screen_widget("staff_outbox").findChild(QPushButton, "StaffOutboxClose")
    assert close is not None and close.height() >= 20 * ppm - 1


def test_a_card_qr_scanned_under_a_staff_screen_is_not_taken_as_the_citizens(
    staff: StaffRig, window: MainWindow, sim: SimDevices, qtbot: QtBot
) -> None:
    """The technician's "listen 10 s" QR test (or staff showing a card) while the identify step
    is under the staff screens: the citizen's flow must not read it; back on the step, it
    still waits for the citizen's own card."""
    from devices.simulated.citizens import BA_LAN
    from tests.ui.test_procedures_e2e import Citizen

    citizen = Citizen(qtbot, window)
    citizen.tap(window.attract)
    citizen.tap(citizen.button(window, "WelcomeStart"))
    assert window.current_screen_id == "identify"
    identify = staff.controller._identify
    assert identify is not None
    before = identify.flow.status
    staff.log_in()
    sim.qr.scan(BA_LAN.card_qr)
    settle()
    qtbot.wait(50)
    settle()
    assert identify.flow.status == before  # nothing read, nothing said to the citizen
    staff.menu("exit")
    assert window.current_screen_id == "identify"
    sim.qr.scan(BA_LAN.card_qr)  # the citizen's own scan, after staff left, counts
    qtbot.waitUntil(lambda: identify.flow.status != before)
