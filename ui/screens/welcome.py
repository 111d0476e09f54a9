"""Welcome: greeting, big-text toggle, volume "−" [level in words] "+", one big "Bắt đầu".

The level button in the middle still cycles (quiet → normal → loud) for whoever taps it; the
big "−" and "+" beside it are what most people reach for. At the quietest "−" is disabled, at the
loudest "+" is, so the state is also shown without colour.
"""

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
    volume_change_requested = Signal()  # the level button: cycle
    volume_step_requested = Signal(int)  # "−": -1, "+": +1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("WelcomeScreen")
        self._title = text_label("WelcomeTitle", "title")
        self._instruction = text_label("WelcomeInstruction", "body", muted=True)
        self._big_text = kiosk_button("WelcomeBigText", "secondary")
        self._volume = kiosk_button("WelcomeVolume", "secondary")
        self._volume_down = kiosk_button("WelcomeVolumeDown", "secondary")
        self._volume_up = kiosk_button("WelcomeVolumeUp", "secondary")
        for sign in (self._volume_down, self._volume_up):
            sign.setProperty("role", "title")  # a bigger glyph: "−"/"+" are thin at body size
        self._volume_down.clicked.connect(self._on_volume_down)
        self._volume_up.clicked.connect(self._on_volume_up)
        self._start = kiosk_button("WelcomeStart", "primary")
        self._big_text.clicked.connect(self.big_text_toggle_requested)
        self._volume.clicked.connect(self.volume_change_requested)
        self._start.clicked.connect(self.start_requested)

        self._toggles = toggles = QHBoxLayout()
        toggles.addStretch(1)
        toggles.addWidget(self._big_text)
        toggles.addStretch(1)
        self._volume_row = volume_row = QHBoxLayout()
        volume_row.addStretch(1)
        volume_row.addWidget(self._volume_down)
        volume_row.addWidget(self._volume)
        volume_row.addWidget(self._volume_up)
        volume_row.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._title)
        layout.addWidget(self._instruction)
        self._spaces = [_fixed_space(), _fixed_space()]
        layout.addSpacerItem(self._spaces[0])
        layout.addLayout(toggles)
        layout.addLayout(volume_row)
        layout.addSpacerItem(self._spaces[1])
        layout.addWidget(self._start, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px)
        self._toggles.setSpacing(theme.gap_px * 4)
        self._volume_row.setSpacing(theme.gap_px * 2)
        for button in (self._volume_down, self._volume_up):  # square, at least the target size
            button.setMinimumWidth(theme.target_px)
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
        self._volume_down.setText(view.volume_down_label)
        self._volume_up.setText(view.volume_up_label)
        self._volume_down.setEnabled(view.volume_level > 0)
        self._volume_up.setEnabled(view.volume_level < view.volume_max_level)
        self._start.setText(view.start_label)

    def _on_volume_down(self) -> None:
        self.volume_step_requested.emit(-1)

    def _on_volume_up(self) -> None:
        self.volume_step_requested.emit(1)


def _fixed_space() -> QSpacerItem:
    return QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)
