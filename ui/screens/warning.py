"""Timeout warning: a screen state (never a modal dialog) with the countdown and one button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.view_models import ScreenView, WarningView
from ui.widgets import ScreenBase, kiosk_button, text_label


class WarningScreen(ScreenBase):
    screen_id = "warning"
    extend_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WarningScreen")
        self._title = text_label("WarningTitle", "display")
        self._countdown = text_label("WarningCountdown", "title")
        self._extend = kiosk_button("WarningExtend", "primary")
        self._ask_staff = text_label("WarningAskStaff", "body")
        self._extend.clicked.connect(self.extend_requested)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._title)
        layout.addWidget(self._countdown)
        self._space = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
        layout.addSpacerItem(self._space)
        layout.addWidget(self._extend, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self._ask_staff)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px)
        self._space.changeSize(
            0, theme.gap_px * 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding
        )
        self._layout.invalidate()

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, WarningView)
        self._title.setText(view.title)
        self._countdown.setText(view.countdown)
        self._extend.setText(view.extend_label)
        self._extend.setVisible(view.can_extend)
        self._ask_staff.setText("" if view.can_extend else view.ask_staff)
        self._ask_staff.setVisible(not view.can_extend)
