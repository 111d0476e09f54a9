"""Number pad for ID numbers (12 digits), phone numbers and small numbers.

A read-only display groups the digits so they can be checked at a glance ("001 056 012 345",
"0912 345 678", "1.500"); keys 1–9, Xóa, 0, and Xong, laid out like a phone. The ID keeps its
leading zeros (answered as a string); NUMBER answers an int. A screen too short for the display
above the pad (a 15.6 in panel in big text, with an error shown) puts the display beside it.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QPushButton, QSizePolicy, QWidget

from kiosk.domain.procedure import FieldKind
from ui.forms.base import (
    KEY_MM,
    Editor,
    display_label,
    key_gap_px,
    make_button,
    make_key,
    text_width,
)
from ui.forms.views import QuestionView
from ui.theme import Theme

ID_DIGITS = 12
PHONE_DIGITS = 11  # mobile numbers have 10, landlines 11 (02x…)
KEY_MAX_MM = 22.0  # keys grow up to this when the screen has room
KEY_WIDTH_MM = 36.0


def group_digits(kind: FieldKind, digits: str) -> str:
    """How the display writes the digits: ID in threes, phone 4-3-3(+1), numbers with dots."""
    if kind == FieldKind.ID_NUMBER:
        return " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    if kind == FieldKind.PHONE:
        parts = [digits[:4], digits[4:7], digits[7:]]
        return " ".join(p for p in parts if p)
    if not digits:
        return ""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ".".join(groups)  # Vietnamese thousands separator


def max_digits(view: QuestionView) -> int:
    if view.kind == FieldKind.ID_NUMBER:
        return ID_DIGITS
    if view.kind == FieldKind.PHONE:
        return PHONE_DIGITS
    return view.max_digits


class NumberPad(Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("NumberPad")
        self._kind = FieldKind.NUMBER
        self._digits = ""
        self._max = 6
        self._theme: Theme | None = None
        self.display = display_label("NumberDisplay", "display")
        self.display.setProperty("centred", True)
        self.display.setProperty("data_field", True)  # the citizen's digits
        self.keys: dict[str, QPushButton] = {}
        self._grid = grid = QGridLayout()
        for i, ch in enumerate("123456789"):
            self.keys[ch] = key = make_key(f"Digit_{ch}")
            grid.addWidget(key, i // 3, i % 3)
        self.backspace = make_key("DigitBackspace")
        self.keys["0"] = make_key("Digit_0")
        self.done = make_button("DigitDone", "primary")
        # like a cash machine: Xóa and Xong tall on the right, a wide 0 below the digits
        grid.addWidget(self.keys["0"], 3, 0, 1, 3)
        grid.addWidget(self.backspace, 0, 3, 2, 1)
        grid.addWidget(self.done, 2, 3, 2, 1)
        for ch, key in self.keys.items():
            key.setText(ch)
            key.setProperty("role", "primary")  # digits bigger than other keys' words
            key.clicked.connect(self._on_digit)
        self.backspace.clicked.connect(self._on_backspace)
        self.done.clicked.connect(self._on_done)
        self._layout = layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.display, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(grid, 1)
        layout.addStretch(0)
        self._stacked_height = 0  # display above the pad needs this much height
        self._display_widths = (0, 0)

    def side_by_side(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._orient()

    def _orient(self) -> None:
        beside = 0 < self.height() < self._stacked_height
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        wide = self._display_widths[1 if beside else 0]
        if wide > 0:
            self.display.setFixedWidth(wide)
        if direction != self._layout.direction():
            self._layout.setDirection(direction)
            align = Qt.AlignmentFlag.AlignVCenter if beside else Qt.AlignmentFlag.AlignHCenter
            self._layout.setAlignment(self.display, align)

    def digits(self) -> str:
        return self._digits

    def load(self, view: QuestionView) -> None:
        self._kind = view.kind
        self._max = max_digits(view)
        for ch, key in self.keys.items():
            key.setText(ch)
        self.backspace.setText(view.words.backspace)
        self.done.setText(view.words.done)
        value = view.value
        text = str(value) if isinstance(value, int | str) and not isinstance(value, bool) else ""
        self._set("".join(c for c in text if c.isdigit())[: self._max])
        self._size_display()

    def clear(self) -> None:
        self._set("")

    def _set(self, digits: str) -> None:
        self._digits = digits
        self.display.setText(group_digits(self._kind, digits))

    def _on_digit(self) -> None:
        sender = self.sender()
        ch = next((c for c, k in self.keys.items() if k is sender), "")
        if ch and len(self._digits) < self._max:
            self._set(self._digits + ch)

    def _on_backspace(self) -> None:
        self._set(self._digits[:-1])

    def _on_done(self) -> None:
        if not self._digits:
            self.answered.emit("")  # the controller says it is needed, or skips it if optional
        elif self._kind == FieldKind.NUMBER:
            self.answered.emit(int(self._digits))
        else:
            self.answered.emit(self._digits)

    def apply(self, theme: Theme) -> None:
        g = key_gap_px(theme)
        self._grid.setSpacing(g)
        self._layout.setSpacing(g)
        # keys ≥ 16 mm (Xong spans two rows: ≥ 35 mm), up to 22 mm when the screen has room
        low = max(  # ≥ 16 mm, and never lower than a digit's line
            math.ceil(KEY_MM * theme.px_per_mm),
            math.ceil(theme.line_px["primary"]) + 2 * theme.border_px,
        )
        high = max(low, math.ceil(KEY_MAX_MM * theme.px_per_mm))
        key_w = math.ceil(KEY_WIDTH_MM * theme.px_per_mm)
        for key in [*self.keys.values(), self.backspace, self.done]:
            key.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
            key.setMinimumSize(key_w, low)
            key.setMaximumHeight(high if key not in (self.backspace, self.done) else 2 * high + g)
            key.setMaximumWidth(key_w if key is not self.keys["0"] else 3 * key_w + 2 * g)
        self.keys["0"].setMinimumWidth(3 * key_w + 2 * g)
        self.done.setMinimumHeight(max(2 * low + g, theme.target_px))
        self.backspace.setMinimumHeight(2 * low + g)
        self._theme = theme
        self._size_display()

    def _size_display(self) -> None:
        """As wide as the pad, or as the longest number this question allows, if wider."""
        theme = self._theme
        if theme is None:
            return
        # the right column fits its words ("Xong" is in the big primary type)
        side = max(
            text_width(theme, "primary", self.done.text()),
            text_width(theme, "button", self.backspace.text()),
        )
        side += 2 * (theme.pad_px + theme.border_px)
        key_w = math.ceil(KEY_WIDTH_MM * theme.px_per_mm)
        for button in (self.done, self.backspace):
            button.setMinimumWidth(max(key_w, side))
            button.setMaximumWidth(max(key_w, side))
        gap = key_gap_px(theme)
        pad_width = 4 * key_w + 3 * gap + max(0, side - key_w)
        longest = group_digits(self._kind, "0" * self._max)
        needed = text_width(theme, "display", longest) + 2 * (theme.pad_px + theme.border_px)
        display_h = round(theme.line_px["display"] * 1.1)
        self._display_widths = (max(pad_width, needed), needed)  # (above the pad, beside it)
        self.display.setFixedSize(max(pad_width, needed), display_h)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        low = max(
            math.ceil(KEY_MM * theme.px_per_mm),
            math.ceil(theme.line_px["primary"]) + 2 * theme.border_px,
        )
        self._stacked_height = display_h + 4 * low + 4 * gap
        self._orient()
