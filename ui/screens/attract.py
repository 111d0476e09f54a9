"""Attract: the ward's name and "touch the screen to start"; the whole screen is one target.

This is the only screen built before the first paint, so it draws nothing in Python: the
background and the "touch here" mark are stylesheet boxes (a QPainter call with a pen or brush
would make PySide6 create the whole `Qt` namespace's enums, ~20 ms; see ui.main_window).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.view_models import AttractView, ScreenView
from ui.widgets import ScreenBase, text_label


class TouchMark(QFrame):
    """A calm ring with a dot: "touch here". Sized in mm; drawn by the stylesheet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttractTouchMark")  # ignores the mouse: touches reach the screen
        self._dot = QFrame(self)
        self._dot.setObjectName("AttractTouchDot")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self._dot)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)

    def apply(self, theme: Theme) -> None:
        self.setFixedSize(theme.touch_mark_px, theme.touch_mark_px)
        self._dot.setFixedSize(theme.touch_dot_px, theme.touch_dot_px)  # radius is half of it


class AttractScreen(ScreenBase):
    screen_id = "attract"
    touched_requested = Signal()
    painted = Signal()  # once, after the first paint (startup is measured to this point)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttractScreen")
        self.setProperty("clickable", True)
        self._painted = False
        self._ward = text_label("AttractWard", "title")
        self._title = text_label("AttractTitle", "display")
        self._subtitle = text_label("AttractSubtitle", "body")
        self._mark = TouchMark()
        centred = QHBoxLayout()
        centred.addStretch(1)
        centred.addWidget(self._mark)
        centred.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self._ward)
        layout.addStretch(2)
        layout.addLayout(centred)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._subtitle)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        self._mark.apply(theme)

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, AttractView)
        self._ward.setText(view.ward)
        self._title.setText(view.title)
        self._subtitle.setText(view.subtitle)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            self.touched_requested.emit()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()
