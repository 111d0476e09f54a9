"""The staff menu: a title, one line on the citizen's session, then one big button per action
(two columns), the last action's outcome. Thin: `show_view(StaffMenuView)`; emits
`action_requested(action)` with the button's action value."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from ui.staff.views import StaffMenuView
from ui.theme import Theme, apply_theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

COLUMNS = 2


class StaffMenuScreen(ScreenBase):
    screen_id = "staff_menu"
    action_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffMenuScreen")
        self._title = text_label("StaffMenuTitle", "title")
        self._status = text_label("StaffMenuStatus", "body", muted=True)
        self._message = text_label("StaffMenuMessage", "body")
        self._grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        self._theme: Theme | None = None
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._status)
        layout.addLayout(self._grid)
        layout.addWidget(self._message)
        layout.addStretch(1)

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.side_margin_px
        self._layout.setContentsMargins(m, theme.gap_px, m, theme.gap_px)
        self._layout.setSpacing(theme.gap_px * 2)
        self._grid.setHorizontalSpacing(theme.gap_px * 2)
        self._grid.setVerticalSpacing(theme.gap_px * 2)
        for button in self.buttons.values():
            apply_theme(button, theme)

    def show_view(self, view: ScreenView | StaffMenuView) -> None:
        assert isinstance(view, StaffMenuView)
        self._title.setText(view.title)
        self._status.setText(view.status)
        self._message.setText(view.message)
        self._message.setVisible(bool(view.message))
        wanted = [b.action for b in view.buttons]
        if wanted != list(self.buttons):
            self._rebuild(wanted)
        for b in view.buttons:
            self.buttons[b.action].setText(b.label)

    def _rebuild(self, actions: list[str]) -> None:
        for button in self.buttons.values():
            self._grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for i, action in enumerate(actions):
            kind = "secondary" if action == "exit" else "primary"
            button = kiosk_button(f"StaffMenu_{action}", kind, self)
            button.clicked.connect(self._on_clicked)
            button.setProperty("action", action)
            if self._theme is not None:
                apply_theme(button, self._theme)
            self._grid.addWidget(button, i // COLUMNS, i % COLUMNS)
            self.buttons[action] = button

    def _on_clicked(self) -> None:
        sender = self.sender()
        if isinstance(sender, QPushButton):
            self.action_requested.emit(str(sender.property("action")))
