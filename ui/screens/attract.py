"""Attract: the ward's name and "touch the screen to start"; the whole screen is one target.

When a device is down today (issue 11, Health) a framed notice under the title says so, one
short line per adaptation (`set_notice`, fed by ui.availability); when no one can be identified
at all the screen is "closed": the title says "please go to the counter", the touch mark goes,
and a touch emits `closed_touched` (the hub says it aloud) instead of starting a session.

This is the only screen built before the first paint, so it draws nothing in Python: the
background and the "touch here" mark are stylesheet boxes (a QPainter call with a pen or brush
would make PySide6 create the whole `Qt` namespace's enums, ~20 ms; see ui.main_window).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QMouseEvent, QPaintEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

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
    closed_touched = Signal()  # touched while closed: nothing starts
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
        self._notice = QFrame(self)
        self._notice.setObjectName("AttractNotice")
        self._notice_rows = QVBoxLayout(self._notice)
        self._notice_lines: list[QLabel] = []
        self._notice.hide()
        self._closed_text = ""
        self._view: AttractView | None = None
        self._theme: Theme | None = None
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
        layout.addWidget(self._notice)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        self._mark.apply(theme)
        self._theme = theme
        c, pad = theme.colours, theme.pad_px
        # a calm frame in the attract text colour: information, not an alarm
        self._notice.setStyleSheet(
            f"QFrame#AttractNotice {{ border: {theme.border_px}px solid {c.attract_text};"
            f" border-radius: {theme.radius_px}px; }}"
        )
        self._notice_rows.setContentsMargins(pad, pad // 2, pad, pad // 2)
        self._notice_rows.setSpacing(theme.gap_px)
        for line in self._notice_lines:
            line.setFont(theme.font("body"))

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, AttractView)
        self._view = view
        self._ward.setText(view.ward)
        self._show_title()

    @property
    def closed(self) -> bool:
        return bool(self._closed_text)

    def set_notice(self, lines: tuple[str, ...], closed: str = "") -> None:
        """What is not available today (already worded), and, when `closed` is not empty, the
        text that replaces "touch to start" (no session can start)."""
        for line in self._notice_lines:
            self._notice_rows.removeWidget(line)
            line.deleteLater()
        self._notice_lines = []
        for text in lines:
            label = text_label("AttractNoticeLine", "body", parent=self._notice)
            label.setText(text)
            if self._theme is not None:
                label.setFont(self._theme.font("body"))
            self._notice_rows.addWidget(label)
            self._notice_lines.append(label)
        self._notice.setVisible(bool(lines))
        self._closed_text = closed
        self._show_title()

    def reset(self) -> None:
        """Session end wipes every label; the notice is about the kiosk, not the citizen: it
        stays (the ward, title and subtitle come back with the next view)."""
        lines = self.notice_lines
        super().reset()
        for label, text in zip(self._notice_lines, lines, strict=True):
            label.setText(text)
        self._show_title()

    @property
    def notice_lines(self) -> tuple[str, ...]:
        return tuple(line.text() for line in self._notice_lines)

    def _show_title(self) -> None:
        view = self._view
        if self._closed_text:
            self._title.setText(self._closed_text)
            self._subtitle.setText("")
        elif view is not None:
            self._title.setText(view.title)
            self._subtitle.setText(view.subtitle)
        self._subtitle.setVisible(not self._closed_text)
        self._mark.setVisible(not self._closed_text)  # nothing to touch: no "touch here" mark
        for door in self.findChildren(QPushButton, "AttractPractice"):
            door.setVisible(not self._closed_text)  # practice starts with identifying, too

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.rect().contains(event.position().toPoint()):
            (self.closed_touched if self._closed_text else self.touched_requested).emit()
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()
