"""The header (ward, citizen greeting) and the persistent navigation bar (built after the first
paint)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from ui.theme import Theme
from ui.view_models import HeaderView, NavView
from ui.widgets import kiosk_button, text_label


class HeaderBar(QWidget):
    """The ward's name, and the citizen's greeting once identified."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HeaderBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.ward = text_label("HeaderWard", "header", align="left")
        self.greeting = text_label("HeaderGreeting", "header", align="right")
        self.ward.setWordWrap(False)
        self.greeting.setWordWrap(False)
        self._layout = layout = QHBoxLayout(self)
        layout.addWidget(self.ward, 1)
        layout.addWidget(self.greeting, 1)

    def apply(self, theme: Theme) -> None:
        self._layout.setContentsMargins(theme.margin_px, 0, theme.margin_px, 0)
        self.setFixedHeight(round(max(14 * theme.px_per_mm, theme.line_px["header"] * 1.4)))

    def show_view(self, view: HeaderView) -> None:
        self.ward.setText(view.ward)
        self.greeting.setText(view.greeting)
        self.setVisible(view.visible)

    def reset(self) -> None:
        self.greeting.clear()


class NavBar(QWidget):
    """'Quay lại' left, 'Nghe lại' centre, 'Làm lại từ đầu' right: always the same places.

    A button that does not apply is hidden but keeps its place, so nothing ever moves.
    """

    back_requested = Signal()
    replay_requested = Signal()
    start_over_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NavBar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.back = kiosk_button("NavBack", "nav")
        self.replay = kiosk_button("NavReplay", "nav")
        self.start_over = kiosk_button("NavStartOver", "nav")
        self._min_width = 0
        self.back.clicked.connect(self.back_requested)
        self.replay.clicked.connect(self.replay_requested)
        self.start_over.clicked.connect(self.start_over_requested)
        self._layout = layout = QHBoxLayout(self)
        for i, button in enumerate((self.back, self.replay, self.start_over)):
            policy = button.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            button.setSizePolicy(policy)
            if i:
                layout.addStretch(1)
            layout.addWidget(button)

    def apply(self, theme: Theme) -> None:
        g = round(theme.gap_px * 1.5)
        self._layout.setContentsMargins(theme.margin_px, g, theme.margin_px, g)
        self.setFixedHeight(theme.target_px + 2 * g + theme.border_px)
        self._min_width = theme.nav_min_width_px
        self._equalise()

    def show_view(self, view: NavView) -> None:
        self.back.setText(view.back)
        self.replay.setText(view.replay)
        self.start_over.setText(view.start_over)
        self._equalise()
        self.back.setVisible(view.show_back)
        self.replay.setVisible(view.show_replay)
        self.start_over.setVisible(view.show_start_over)
        self.setVisible(view.visible)

    def _equalise(self) -> None:
        """One width for all three, so 'Nghe lại' stays in the middle whatever the labels."""
        buttons = (self.back, self.replay, self.start_over)
        for button in buttons:
            button.setMinimumWidth(0)
        width = max([self._min_width, *(b.sizeHint().width() for b in buttons)])
        for button in buttons:
            button.setMinimumWidth(width)
