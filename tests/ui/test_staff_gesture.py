"""The hidden gesture's Qt filter, fed synthetic mouse and touch events; time is a ManualClock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from kiosk.services.hidden_gesture import Corner, GestureConfig
from ui.staff_gesture import StaffGestureFilter

PPM = 4.0  # px per mm: a 800×400 window is 200×100 mm


@pytest.fixture
def rig(
    qtbot: QtBot, clock: ManualClock
) -> Iterator[tuple[QWidget, QPushButton, StaffGestureFilter]]:
    window = QWidget()
    window.resize(800, 400)
    child = QPushButton("citizen button", window)  # fills the window: touches land on it
    child.setGeometry(0, 0, 800, 400)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    flt = StaffGestureFilter(window, clock, PPM, GestureConfig(Corner.TOP_RIGHT, size_mm=25.0))
    flt.install()
    yield window, child, flt
    flt.uninstall()


CORNER = QPoint(800 - 20, 20)  # 5 mm from the top right edges
MIDDLE = QPoint(400, 200)


def test_mouse_hold_in_the_corner_triggers(
    qtbot: QtBot, clock: ManualClock, rig: tuple[QWidget, QPushButton, StaffGestureFilter]
) -> None:
    _, child, flt = rig
    fired: list[bool] = []
    flt.triggered.connect(lambda: fired.append(True))
    QTest.mousePress(child, Qt.MouseButton.LeftButton, pos=CORNER)
    clock.advance(2.9)
    flt.tick()
    assert fired == []
    clock.advance(0.1)
    flt.tick()
    assert fired == [True]
    QTest.mouseRelease(child, Qt.MouseButton.LeftButton, pos=CORNER)
    assert fired == [True]


def test_the_timer_ticks_by_itself(
    qtbot: QtBot, clock: ManualClock, rig: tuple[QWidget, QPushButton, StaffGestureFilter]
) -> None:
    _, child, flt = rig
    QTest.mousePress(child, Qt.MouseButton.LeftButton, pos=CORNER)
    clock.advance(3.0)
    with qtbot.waitSignal(flt.triggered, timeout=2000):
        pass  # the 100 ms timer polls the (already advanced) clock
    QTest.mouseRelease(child, Qt.MouseButton.LeftButton, pos=CORNER)


def test_release_move_or_elsewhere_cancels(
    qtbot: QtBot, clock: ManualClock, rig: tuple[QWidget, QPushButton, StaffGestureFilter]
) -> None:
    _, child, flt = rig
    fired: list[bool] = []
    flt.triggered.connect(lambda: fired.append(True))
    QTest.mousePress(child, Qt.MouseButton.LeftButton, pos=CORNER)
    clock.advance(1.0)
    QTest.mouseRelease(child, Qt.MouseButton.LeftButton, pos=CORNER)
    clock.advance(3.0)
    flt.tick()
    QTest.mousePress(child, Qt.MouseButton.LeftButton, pos=CORNER)
    QTest.mouseMove(child, CORNER - QPoint(200, 0))  # 50 mm away
    clock.advance(3.0)
    flt.tick()
    QTest.mouseRelease(child, Qt.MouseButton.LeftButton, pos=CORNER - QPoint(200, 0))
    QTest.mousePress(child, Qt.MouseButton.LeftButton, pos=MIDDLE)
    clock.advance(5.0)
    flt.tick()
    QTest.mouseRelease(child, Qt.MouseButton.LeftButton, pos=MIDDLE)
    assert fired == []


def test_touch_hold_triggers_and_a_second_finger_cancels(
    qtbot: QtBot, clock: ManualClock, rig: tuple[QWidget, QPushButton, StaffGestureFilter]
) -> None:
    window, _, flt = rig
    device = QTest.createTouchDevice()
    fired: list[bool] = []
    flt.triggered.connect(lambda: fired.append(True))
    QTest.touchEvent(window, device).press(0, CORNER, window).commit()
    QTest.touchEvent(window, device).move(0, CORNER, window).press(1, MIDDLE, window).commit()
    clock.advance(3.5)
    flt.tick()
    QTest.touchEvent(window, device).release(0, CORNER, window).release(1, MIDDLE, window).commit()
    assert fired == []
    QTest.touchEvent(window, device).press(0, CORNER, window).commit()
    clock.advance(1.5)
    QTest.touchEvent(window, device).move(0, CORNER + QPoint(-8, 8), window).commit()  # 2.8 mm
    clock.advance(1.5)
    flt.tick()
    QTest.touchEvent(window, device).release(0, CORNER, window).commit()
    assert fired == [True]


def test_disabled_filter_ignores_everything(
    qtbot: QtBot, clock: ManualClock, rig: tuple[QWidget, QPushButton, StaffGestureFilter]
) -> None:
    _, child, flt = rig
    flt.enabled = False
    fired: list[bool] = []
    flt.triggered.connect(lambda: fired.append(True))
    QTest.mousePress(child, Qt.MouseButton.LeftButton, pos=CORNER)
    clock.advance(4.0)
    flt.tick()
    QTest.mouseRelease(child, Qt.MouseButton.LeftButton, pos=CORNER)
    assert fired == []
