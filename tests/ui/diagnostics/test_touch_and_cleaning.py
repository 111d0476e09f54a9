"""The touch grid finds a dead zone; cleaning mode ignores taps for 30 s, then releases, and a
3 s press ends it early (issue 11). Time is the ManualClock's; the timer's tick is called."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.ui.diagnostics.conftest import Rig
from tests.ui.diagnostics.support import idle
from tests.ui.support import settle
from ui.screens.diag_cleaning import DiagCleaningScreen
from ui.screens.diag_touch import DEAD, TOUCHED, DiagTouchScreen


def opened(qtbot: QtBot, rig: Rig) -> None:
    rig.controller.open()
    idle(qtbot, rig.controller)


def touch_screen(rig: Rig) -> DiagTouchScreen:
    screen = rig.window.screen_widget("diag_touch")
    assert isinstance(screen, DiagTouchScreen)
    return screen


def test_the_grid_covers_the_panel_with_big_cells(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    QTest.mouseClick(rig.controller._home_screen().touch, Qt.MouseButton.LeftButton)
    assert rig.window.current_screen_id == "diag_touch"
    screen = touch_screen(rig)
    settle()
    theme = rig.window.theme
    assert len(screen.cells) == rig.controller.touch.total >= 40
    for cell in screen.cells:
        assert theme.mm(cell.width()) >= 20 and theme.mm(cell.height()) >= 20


def test_an_untouched_cell_is_shown_as_a_dead_zone(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.controller.on_touch()
    screen = touch_screen(rig)
    dead = 7
    for index, cell in enumerate(screen.cells):
        if index != dead:
            QTest.mousePress(cell, Qt.MouseButton.LeftButton)
            QTest.mouseRelease(cell, Qt.MouseButton.LeftButton)
    assert screen.cells[0].text() == TOUCHED and screen.cells[dead].text() == ""
    QTest.mouseClick(screen._done, Qt.MouseButton.LeftButton)
    assert screen.cells[dead].text() == DEAD
    assert [i for i, c in enumerate(screen.cells) if c.text() == DEAD] == [dead]
    assert screen._progress.text() == "Chưa chạm được 1 ô (vùng chết?)"
    QTest.mouseClick(screen._done, Qt.MouseButton.LeftButton)
    assert rig.window.current_screen_id == "diag_home"
    qtbot.waitUntil(lambda: "diag_touch_result" in rig.audit.actions())
    detail = next(r[3] for r in rig.audit.rows if r[2] == "diag_touch_result")
    assert detail == f"cells={len(screen.cells)} dead=1 at={dead}"


def test_every_cell_touched_needs_one_done(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.controller.on_touch()
    for index in range(rig.controller.touch.total):
        rig.controller.touch.on_touched(index)
    assert touch_screen(rig)._progress.text().startswith("Đã chạm")
    rig.controller.touch.on_done()
    assert rig.window.current_screen_id == "diag_home"


def cleaning_screen(rig: Rig) -> DiagCleaningScreen:
    screen = rig.window.screen_widget("diag_cleaning")
    assert isinstance(screen, DiagCleaningScreen)
    return screen


def tap(qtbot: QtBot, rig: Rig, hold_s: float = 0.0) -> None:
    screen = cleaning_screen(rig)
    at = QPoint(screen.width() // 2, screen.height() // 2)
    QTest.mousePress(screen, Qt.MouseButton.LeftButton, pos=at)
    rig.clock.advance(hold_s)
    rig.controller.tick()
    QTest.mouseRelease(screen, Qt.MouseButton.LeftButton, pos=at)


def test_cleaning_ignores_taps_for_30_s_then_releases(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    QTest.mouseClick(rig.controller._home_screen().cleaning, Qt.MouseButton.LeftButton)
    assert rig.window.current_screen_id == "diag_cleaning"
    screen = cleaning_screen(rig)
    assert screen._countdown.text() == "Màn hình khóa cảm ứng thêm 30 giây"
    for _ in range(5):  # a wipe is many short touches
        tap(qtbot, rig, hold_s=1.0)
        assert rig.window.current_screen_id == "diag_cleaning"
    # where the home screen's "Đóng" is: nothing there reacts while cleaning
    close = rig.controller._home_screen().close_button
    QTest.mouseClick(screen, Qt.MouseButton.LeftButton, pos=close.mapTo(rig.window, QPoint(5, 5)))
    assert rig.window.current_screen_id == "diag_cleaning"
    assert "diag_closed" not in rig.audit.actions()
    rig.clock.advance(24.0)  # 29 s in
    rig.controller.tick()
    assert screen._countdown.text() == "Màn hình khóa cảm ứng thêm 1 giây"
    assert rig.window.current_screen_id == "diag_cleaning"
    rig.clock.advance(1.0)
    rig.controller.tick()
    assert rig.window.current_screen_id == "diag_home"
    qtbot.waitUntil(lambda: "diag_cleaning_ended" in rig.audit.actions())
    detail = next(r[3] for r in rig.audit.rows if r[2] == "diag_cleaning_ended")
    assert detail == "by=timeout ignored_taps=6"


def test_a_3_s_press_ends_cleaning_early(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.controller.on_cleaning()
    tap(qtbot, rig, hold_s=2.9)  # not long enough
    assert rig.window.current_screen_id == "diag_cleaning"
    screen = cleaning_screen(rig)
    QTest.mousePress(screen, Qt.MouseButton.LeftButton)
    rig.clock.advance(3.0)
    rig.controller.tick()  # still held: the timer notices
    assert rig.window.current_screen_id == "diag_home"
    QTest.mouseRelease(screen, Qt.MouseButton.LeftButton)
    assert rig.window.current_screen_id == "diag_home"
    qtbot.waitUntil(lambda: "diag_cleaning_ended" in rig.audit.actions())
    detail = next(r[3] for r in rig.audit.rows if r[2] == "diag_cleaning_ended")
    assert detail is not None and detail.startswith("by=early")


def test_the_timer_runs_only_while_cleaning(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.controller.on_cleaning()
    assert rig.controller.cleaning_mode.timer.isActive()
    rig.clock.advance(30.0)
    rig.controller.tick()
    assert not rig.controller.cleaning_mode.timer.isActive() and rig.controller.cleaning is None
