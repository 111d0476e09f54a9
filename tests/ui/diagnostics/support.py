"""Helpers for driving the diagnostics screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from ui.diagnostics.controller import DiagnosticsController
from ui.diagnostics.views import DiagRowView
from ui.screens.diag_home import DiagHomeScreen, DiagRow


def idle(qtbot: QtBot, controller: DiagnosticsController) -> None:
    """Wait until every worker's result is back on the GUI thread (never a sleep)."""
    qtbot.waitUntil(lambda: not controller._busy and not controller._exporting, timeout=10_000)
    qtbot.waitUntil(lambda: controller._system is not None, timeout=10_000)


def home(controller: DiagnosticsController) -> DiagHomeScreen:
    return controller._home_screen()


def row_widget(controller: DiagnosticsController, port: str) -> DiagRow:
    return home(controller).rows[port]


def row_view(controller: DiagnosticsController, port: str) -> DiagRowView:
    return next(r for r in controller.home_view().rows if r.port == port)


def press_check(qtbot: QtBot, controller: DiagnosticsController, port: str) -> None:
    QTest.mouseClick(row_widget(controller, port).check, Qt.MouseButton.LeftButton)
    idle(qtbot, controller)


def press_extra(qtbot: QtBot, controller: DiagnosticsController, port: str) -> None:
    QTest.mouseClick(row_widget(controller, port).extra, Qt.MouseButton.LeftButton)
    idle(qtbot, controller)


def shown(controller: DiagnosticsController, port: str) -> str:
    """What the row's labels say (what the technician reads)."""
    row = row_widget(controller, port)
    return " | ".join(label.text() for label in (row.name, row.status, row.detail) if label.text())
