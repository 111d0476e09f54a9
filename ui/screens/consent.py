"""Consent before anything is sent: what, to whom, why, how long, the citizen's rights — in plain
words — then "Không đồng ý" / "Đồng ý". Silence is not consent: nothing is pre-selected."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.procedure_fit import shed_to_fit
from ui.theme import Theme
from ui.view_models import ConsentView, ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

MAX_POINTS = 6


class ConsentScreen(ScreenBase):
    screen_id = "consent"
    agree_requested = Signal()
    decline_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConsentScreen")
        self._title = text_label("ConsentTitle", "title")
        self._points: list[QLabel] = [
            text_label(f"ConsentPoint{i}", "body", align="left") for i in range(MAX_POINTS)
        ]
        self._declined = text_label("ConsentDeclined", "body")
        self._declined.setProperty("notice", True)
        # both answers the same size and look: the words decide, the screen does not nudge
        self._decline = kiosk_button("ConsentDecline", "primary", self)
        self._agree = kiosk_button("ConsentAgree", "primary", self)
        self._decline.clicked.connect(self.decline_requested)
        self._agree.clicked.connect(self.agree_requested)
        self._theme: Theme | None = None
        self._view: ConsentView | None = None
        self._buttons = buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._decline)
        buttons.addWidget(self._agree)
        buttons.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        for label in self._points:
            layout.addWidget(label)
        layout.addWidget(self._declined)
        layout.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        self._buttons.setSpacing(theme.gap_px * 6)  # far apart: yes and no are never confused
        c = theme.colours
        self._declined.setStyleSheet(
            f"QLabel#ConsentDeclined {{ background: {c.warning_bg}; border: {theme.border_px}px "
            f"solid {c.text}; border-radius: {theme.radius_px}px; padding: {theme.gap_px}px; }}"
        )

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, ConsentView)
        self._title.setText(view.title)
        for i, label in enumerate(self._points):
            text = f"•  {view.points[i]}" if i < len(view.points) else ""
            label.setText(text)
            label.setVisible(bool(text))
        self._declined.setText(view.declined_text)
        self._declined.setVisible(view.declined)
        self._agree.setText(view.agree_label)
        self._decline.setText(view.decline_label)
        self._view = view
        self._fit()

    def reset(self) -> None:
        super().reset()
        self._view = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._view is not None:
            self.show_view(self._view)

    def _fit(self) -> None:
        """On a short panel the points the voice also says give way: how long it is kept,
        then the legal basis; what is sent, to whom, and the rights always stay."""
        spacing = self._theme.gap_px * 2 if self._theme is not None else 0
        shed_to_fit(self, self._layout, [self._points[3], self._points[2]], spacing)
