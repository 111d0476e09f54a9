"""Goodbye: thanks, "take your card and receipt"; back to attract after goodbye_s."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.theme import Theme
from ui.view_models import GoodbyeView, ScreenView
from ui.widgets import ScreenBase, text_label


class GoodbyeScreen(ScreenBase):
    screen_id = "goodbye"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("GoodbyeScreen")
        self._title = text_label("GoodbyeTitle", "display")
        self._take_card = text_label("GoodbyeTakeCard", "title")
        self._timed_out = text_label("GoodbyeTimedOut", "body", muted=True)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._title)
        layout.addWidget(self._take_card)
        layout.addWidget(self._timed_out)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 4)

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, GoodbyeView)
        self._title.setText(view.title)
        self._take_card.setText(view.take_card)
        self._timed_out.setText(view.timed_out)
        self._timed_out.setVisible(bool(view.timed_out))
