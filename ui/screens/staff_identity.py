"""The identity staff enter by hand: a title, then one field at a time shown by the citizen
form's own question screen (keyboard, date wheels, choice rows, number pad, address picker),
with "Quay lại" (previous field) and "Hủy" (leave, nothing kept).

Thin: `show_view(ManualIdentityView)`; emits `answered(value)`, `back_requested()`,
`cancel_requested()`. `reset()` wipes every editor (what was typed is personal data)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.forms.address_picker import AddressBookLike
from ui.forms.question_screen import QuestionScreen
from ui.staff.views import ManualIdentityView
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label


class StaffIdentityScreen(ScreenBase):
    screen_id = "staff_identity"
    answered = Signal(object)
    back_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffIdentityScreen")
        self._title = text_label("StaffIdentityTitle", "body", align="left")
        self.form = QuestionScreen(self)
        self.form.setObjectName("StaffIdentityForm")
        self._back = kiosk_button("StaffIdentityBack", "secondary")
        self._cancel = kiosk_button("StaffIdentityCancel", "secondary")
        self.form.answered.connect(self.answered)
        self._back.clicked.connect(self.back_requested)
        self._cancel.clicked.connect(self.cancel_requested)
        self._top = top = QHBoxLayout()
        top.addWidget(self._back)
        top.addWidget(self._title, 1)
        top.addWidget(self._cancel)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)

    def set_address_book(self, book: AddressBookLike) -> None:
        self.form.set_address_book(book)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px
        self._layout.setContentsMargins(m, m, m, 0)
        self._layout.setSpacing(0)
        self._top.setSpacing(theme.gap_px * 2)
        self.form.apply(theme)

    def show_view(self, view: ScreenView | ManualIdentityView) -> None:
        assert isinstance(view, ManualIdentityView)
        self._title.setText(view.title)
        self._back.setText(view.back_label)
        self._cancel.setText(view.cancel_label)
        self.form.show_view(view.question)

    def reset(self) -> None:
        self.form.reset()
        super().reset()
