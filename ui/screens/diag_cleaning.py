"""Screen-cleaning mode: the whole screen ignores touch while it is wiped; a countdown shows how
long is left; holding a finger on it for 3 s ends it early.

Thin: every press and release anywhere on it is reported (`pressed()`, `released()`) and
otherwise swallowed; the controller times them on the injected clock.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.diagnostics.views import CleaningView
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, text_label


class DiagCleaningScreen(ScreenBase):
    screen_id = "diag_cleaning"
    pressed = Signal()
    released = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DiagCleaningScreen")
        self._title = text_label("DiagCleaningTitle", "title")
        self._countdown = text_label("DiagCleaningCountdown", "display")
        self._hint = text_label("DiagCleaningHint", "body")
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._countdown)
        layout.addWidget(self._hint)
        layout.addStretch(1)
        for label in (self._title, self._countdown, self._hint):
            label.installEventFilter(self)  # a press on a label is a press on the screen

    def apply(self, theme: Theme) -> None:
        c = theme.colours
        # Dark, so smudges show against it while wiping; white text on it is > 7:1.
        self.setStyleSheet(
            f"QFrame#DiagCleaningScreen {{ background: {c.attract_bg}; }}"
            f"QFrame#DiagCleaningScreen QLabel {{ color: {c.attract_text}; }}"
        )
        self._layout.setContentsMargins(theme.margin_px, 0, theme.margin_px, 0)
        self._layout.setSpacing(theme.gap_px)

    def show_view(self, view: ScreenView | CleaningView) -> None:
        assert isinstance(view, CleaningView)
        self._title.setText(view.title)
        self._countdown.setText(view.countdown)
        self._hint.setText(view.hint)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.pressed.emit()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.released.emit()
        event.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress:
            self.pressed.emit()
            return True
        if event.type() == QEvent.Type.MouseButtonRelease:
            self.released.emit()
            return True
        return super().eventFilter(watched, event)
