"""The staff PIN pad: title, a line of dots (one per digit, never the digits), the forms' big
number pad with "Xóa" and "Vào", and "Hủy".

Thin: `show_view(StaffPinView)`; emits `pin_entered(str)` and `cancel_requested()`. The digits
live only in the pad until "Vào"; `reset()` wipes them.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.procedure import FieldKind
from kiosk.pins import MAX_DIGITS
from ui.forms.base import KEY_MM, form_stylesheet, guard_properties, key_gap_px, text_width
from ui.forms.number_pad import NumberPad
from ui.staff_pin_view import StaffPinView
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label

DOT = "\u25cf"  # ● (in the bundled Noto Sans)


def dots(n: int) -> str:
    """One dot per digit, spaced so they can be counted."""
    return " ".join(DOT * n)


class PinPad(NumberPad):
    """The forms' number pad showing a dot per digit; answers the digits (str) on "Vào"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPinPad")
        self.display.setProperty("data_field", False)  # dots only: nothing personal is shown
        self._kind = FieldKind.ID_NUMBER  # digits kept as a string (leading zeros count)
        self._max = MAX_DIGITS

    def set_words(self, enter: str, backspace: str) -> None:
        for ch, key in self.keys.items():  # the screen's reset() blanks every button
            key.setText(ch)
        self.done.setText(enter)
        self.backspace.setText(backspace)
        self._size_display()

    def set_busy(self, busy: bool) -> None:
        for key in [*self.keys.values(), self.backspace, self.done]:
            key.setEnabled(not busy)

    def _set(self, digits: str) -> None:
        self._digits = digits
        self.display.setText(dots(len(digits)))

    def _on_done(self) -> None:
        self.answered.emit(self._digits)

    def _size_display(self) -> None:
        """The pad sizes its display for grouped digits; 12 dots are wider: widen it to them."""
        super()._size_display()
        theme = self._theme
        if theme is None:
            return
        wide = text_width(theme, "display", dots(self._max)) + 2 * (theme.pad_px + theme.border_px)
        if wide > self.display.width():
            self.display.setFixedWidth(wide)
            self._display_widths = (wide, wide)


class StaffPinScreen(ScreenBase):
    screen_id = "staff_pin"
    pin_entered = Signal(str)
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffPinScreen")
        self._title = text_label("StaffPinTitle", "title")
        self._hint = text_label("StaffPinHint", "body", muted=True)
        self._message = text_label("StaffPinMessage", "body")
        self.pad = PinPad(self)
        self._cancel = kiosk_button("StaffPinCancel", "secondary")
        self.pad.answered.connect(self._on_answered)
        self._cancel.clicked.connect(self.cancel_requested)
        pad_row = QHBoxLayout()
        pad_row.addStretch(1)
        pad_row.addWidget(self.pad)
        pad_row.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._cancel)
        buttons.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addWidget(self._message)
        layout.addLayout(pad_row)
        layout.addLayout(buttons)
        layout.addStretch(1)
        guard_properties(self)

    def apply(self, theme: Theme) -> None:
        self.setStyleSheet(
            form_stylesheet(theme)
            # a problem sits on the warning amber (text pair tested ≥ 7:1); the words carry it
            + f'QLabel#StaffPinMessage[alert="true"] {{ background: {theme.colours.warning_bg};'
            + f" border-radius: {theme.radius_px}px; padding: {theme.pad_px // 2}px; }}"
        )
        m = theme.gap_px
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px)
        self.pad.apply(theme)
        gap = key_gap_px(theme)  # keep the dots above the keys (as in the tracking screen)
        row = max(
            math.ceil(KEY_MM * theme.px_per_mm),
            math.ceil(theme.line_px["primary"]) + 2 * theme.border_px,
        )
        self.pad.setMinimumHeight(round(theme.line_px["display"] * 1.1) + 4 * row + 4 * gap)

    def show_view(self, view: ScreenView | StaffPinView) -> None:
        assert isinstance(view, StaffPinView)
        self._title.setText(view.title)
        self._hint.setText(view.hint)
        self._message.setText(view.message)
        self._message.setVisible(bool(view.message))
        set_flag(self._message, "alert", view.alert)
        self.pad.set_words(view.enter_label, view.backspace_label)
        if view.digits == 0:
            self.pad.clear()
        self.pad.set_busy(view.busy)
        self._cancel.setText(view.cancel_label)

    def entered_count(self) -> int:
        return len(self.pad.digits())

    def reset(self) -> None:
        super().reset()
        self.pad.clear()

    def _on_answered(self, value: object) -> None:
        self.pin_entered.emit(str(value))
