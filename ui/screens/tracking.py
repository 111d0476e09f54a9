"""Track a dossier: scan the receipt QR or type the code's digits on a big pad; then the status
in plain words with the non-personal details, "Tra mã khác" and a big "Xong".

Thin: `show_view(TrackingView)`; emits `code_entered(str)`, `again_requested()`,
`done_requested()`. The pad is the forms' NumberPad (never the system keyboard), showing the
digits the way the receipt prints them ("261123-0001") after the ward's unit code.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.procedure import FieldKind
from ui.forms.base import KEY_MM, form_stylesheet, guard_properties, key_gap_px
from ui.forms.number_pad import NumberPad
from ui.theme import Theme
from ui.tracking_view import TrackingView
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

CODE_DIGITS = 10  # YYMMDD and the 4-digit sequence of the day
MAX_LINES = 5


def group_code(digits: str) -> str:
    """As the receipt prints it: "2611230001" → "261123-0001"."""
    return digits if len(digits) <= 6 else f"{digits[:6]}-{digits[6:]}"


class CodePad(NumberPad):
    """The forms' number pad, grouping a dossier code's digits; answers the digits (str)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrackingPad")
        self._kind = FieldKind.ID_NUMBER  # digits as a string, sized for 12
        self._max = CODE_DIGITS

    def set_words(self, search: str, backspace: str) -> None:
        self.done.setText(search)
        self.backspace.setText(backspace)
        self._size_display()

    def set_digits(self, digits: str) -> None:
        self._set("".join(c for c in digits if c.isdigit())[: self._max])

    def _set(self, digits: str) -> None:
        self._digits = digits
        self.display.setText(group_code(digits))

    def _on_done(self) -> None:
        self.answered.emit(self._digits)  # even empty: the controller says how to fix it


class TrackingScreen(ScreenBase):
    screen_id = "tracking"
    code_entered = Signal(str)
    again_requested = Signal()
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TrackingScreen")
        self._title = text_label("TrackingTitle", "title")
        self._hint = text_label("TrackingHint", "body", muted=True)
        self._lines = [text_label(f"TrackingLine{i}", "body") for i in range(MAX_LINES)]
        self._prefix = text_label("TrackingPrefix", "display", align="right")
        self._prefix.setWordWrap(False)
        self.pad = CodePad(self)
        self._again = kiosk_button("TrackingAgain", "secondary")
        self._done = kiosk_button("TrackingDone", "primary")
        self.pad.answered.connect(self._on_answered)
        self._again.clicked.connect(self.again_requested)
        self._done.clicked.connect(self.done_requested)

        entry = QHBoxLayout()
        entry.addStretch(1)
        entry.addWidget(self._prefix, 0, Qt.AlignmentFlag.AlignTop)  # on the display's line
        entry.addWidget(self.pad)
        entry.addStretch(1)
        self._entry = entry
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._again)
        buttons.addWidget(self._done)
        buttons.addStretch(1)
        self._buttons = buttons
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        for line in self._lines:
            layout.addWidget(line)
        layout.addLayout(entry)
        layout.addLayout(buttons)
        layout.addStretch(1)
        guard_properties(self)

    def apply(self, theme: Theme) -> None:
        self.setStyleSheet(form_stylesheet(theme))
        m = theme.gap_px
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px)
        self._entry.setSpacing(theme.gap_px * 2)
        self._buttons.setSpacing(theme.gap_px * 3)
        self.pad.apply(theme)
        # The pad puts its display beside the keys when squeezed; here there is room for it
        # above them (where the receipt's code reads left to right after the prefix), so keep
        # the stacked height: the display line, four key rows ≥ 16 mm, the gaps.
        gap = key_gap_px(theme)
        row = max(
            math.ceil(KEY_MM * theme.px_per_mm),
            math.ceil(theme.line_px["primary"]) + 2 * theme.border_px,
        )
        display_h = round(theme.line_px["display"] * 1.1)
        self.pad.setMinimumHeight(display_h + 4 * row + 4 * gap)
        self._prefix.setFixedHeight(display_h)

    def show_view(self, view: ScreenView | TrackingView) -> None:
        assert isinstance(view, TrackingView)
        self._title.setText(view.title)
        self._hint.setText(view.hint)
        self._hint.setVisible(bool(view.hint))
        for i, line in enumerate(self._lines):
            text = view.lines[i] if i < len(view.lines) else ""
            line.setText(text)
            line.setVisible(bool(text))
        pad = view.pad_visible
        self.pad.setVisible(pad)
        self._prefix.setVisible(pad and bool(view.prefix))
        self._prefix.setText(view.prefix)
        if pad:
            self.pad.set_words(view.search_label, view.backspace_label)
            self.pad.set_digits(view.typed)
        self._again.setText(view.again_label)
        self._again.setVisible(bool(view.again_label))
        self._done.setText(view.done_label)
        self._done.setVisible(bool(view.done_label))

    def reset(self) -> None:
        super().reset()
        self.pad.clear()

    def _on_answered(self, value: object) -> None:
        self.code_entered.emit(str(value))
