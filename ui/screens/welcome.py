"""Welcome: greeting, big-text and volume toggles (state in words), one big "Bắt đầu"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QSpacerItem, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.view_models import ScreenView, WelcomeView
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label


class WelcomeScreen(ScreenBase):
    screen_id = "welcome"
    start_requested = Signal()
    big_text_toggle_requested = Signal()
    volume_change_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeScreen")
        self._title = text_label("WelcomeTitle", "title")
        self._instruction = text_label("WelcomeInstruction", "body", muted=True)
        self._big_text = kiosk_button("WelcomeBigText", "secondary")
        self._volume = kiosk_button("WelcomeVolume", "secondary")
        self._start = kiosk_button("WelcomeStart", "primary")
        self._big_text.clicked.connect(self.big_text_toggle_requested)
        self._volume.clicked.connect(self.volume_change_requested)
        self._start.clicked.connect(self.start_requested)

        self._toggles = toggles = QHBoxLayout()
        toggles.addStretch(1)
        toggles.addWidget(self._big_text)
        toggles.addWidget(self._volume)
        toggles.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._title)
        layout.addWidget(self._instruction)
        self._spaces = [_fixed_space(), _fixed_space()]
        layout.addSpacerItem(self._spaces[0])
        layout.addLayout(toggles)
        layout.addSpacerItem(self._spaces[1])
        layout.addWidget(self._start, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px)
        self._toggles.setSpacing(theme.gap_px * 4)
        for spacer in self._spaces:  # room between groups, given up first on a small panel
            spacer.changeSize(
                0, theme.gap_px * 4, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding
            )
        self._layout.invalidate()

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, WelcomeView)
        self._title.setText(view.title)
        self._instruction.setText(view.instruction)
        self._big_text.setText(view.big_text_label)
        set_flag(self._big_text, "on", view.big_text_on)
        self._volume.setText(view.volume_label)
        self._start.setText(view.start_label)


def _fixed_space() -> QSpacerItem:
    return QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
