"""Day–month–year wheels moved by taps on big up/down buttons (no flick, no scroll).

Shaky hands: only taps change a value (wheel and drag events are ignored), each arrow is a ≥ 22 mm
target, and no key repeats when held. The year column also has a 10-year step, so a birth year 70
years back is 7 taps, not 70. An impossible date (31/02, 29/02 in 2023) or one outside the
question's range can never be shown: every step keeps a valid date in [min_date, max_date].
"Xong" stands beside the wheels (not below them), so a short screen in big text still fits.
Each arrow's spoken name ("Tăng ngày", "Giảm 10 năm") is its accessible name, from the catalogue.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.forms.base import (
    ArrowButton,
    Editor,
    display_label,
    key_gap_px,
    make_button,
    name_for_voice,
    text_width,
)
from ui.forms.views import FormWords, QuestionView
from ui.theme import Theme
from ui.widgets import text_label

WHEEL_WIDTH_MM = 44.0
DONE_WIDTH_MM = 60.0


def clamp_date(day: int, month: int, year: int, low: date, high: date) -> date:
    """The nearest valid date in [low, high] to day/month/year (the day shrinks to fit a month)."""
    year = min(max(year, low.year), high.year)
    month = min(max(month, 1), 12)
    day = min(max(day, 1), calendar.monthrange(year, month)[1])
    return min(max(date(year, month, day), low), high)


def step(current: date, part: str, delta: int, low: date, high: date) -> date:
    """One tap on a wheel: days and months wrap round, years move and stop at the range."""
    d, m, y = current.day, current.month, current.year
    if part == "day":
        days = calendar.monthrange(y, m)[1]
        d = (d - 1 + delta) % days + 1
    elif part == "month":
        m = (m - 1 + delta) % 12 + 1
    else:
        y += delta
    return clamp_date(d, m, y, low, high)


def arrow_words(words: FormWords, part: str, delta: int) -> tuple[str, str]:
    """(prompt id, spoken name) of a wheel's arrow: "Tăng ngày", "Giảm 10 năm"."""
    if abs(delta) == 10:
        key = "ten_years_up" if delta > 0 else "ten_years_down"
        return f"forms.{key}", words.ten_years_up if delta > 0 else words.ten_years_down
    label = {"day": words.day, "month": words.month, "year": words.year}[part].lower()
    template = words.wheel_up if delta > 0 else words.wheel_down
    return f"forms.wheel_{'up' if delta > 0 else 'down'}", template.format(part=label)


class DateWheels(Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DateWheels")
        self._low = date(1900, 1, 1)
        self._high = date(2100, 12, 31)
        self._value: date | None = None
        self._theme: Theme | None = None
        self.headers: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        self.arrows: dict[tuple[str, int], ArrowButton] = {}
        self._columns = QHBoxLayout()
        self._grids: list[QGridLayout] = []
        for part in ("day", "month", "year"):
            grid = QGridLayout()
            self._grids.append(grid)
            big = part == "year"
            self.headers[part] = header = text_label(f"Wheel{part.title()}Header", "body")
            self.values[part] = value = display_label(f"Wheel{part.title()}Value", "display")
            value.setProperty("centred", True)
            value.setProperty("data_field", True)  # a birth date is the citizen's own
            up = self._arrow(part, +1, up=True)
            down = self._arrow(part, -1, up=False)
            span = 2 if big else 1
            grid.addWidget(header, 0, 0, 1, span)
            grid.addWidget(up, 1, 0)
            grid.addWidget(value, 2, 0, 1, span)
            grid.addWidget(down, 3, 0)
            if big:  # ten years a tap, beside the one-year arrows
                grid.addWidget(self._arrow(part, +10, up=True, double=True), 1, 1)
                grid.addWidget(self._arrow(part, -10, up=False, double=True), 3, 1)
            self._columns.addLayout(grid)
        self.done = make_button("DateDone", "primary")
        self.done.clicked.connect(self._on_done)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._columns.insertStretch(0, 1)
        self._columns.addWidget(self.done, 0, Qt.AlignmentFlag.AlignVCenter)
        self._columns.addStretch(1)
        layout.addLayout(self._columns)
        layout.addStretch(1)

    def _arrow(self, part: str, delta: int, *, up: bool, double: bool = False) -> ArrowButton:
        name = f"Wheel{part.title()}{'Up' if up else 'Down'}{'10' if double else ''}"
        arrow = ArrowButton(name, up, double=double)
        arrow.clicked.connect(self._on_arrow)
        self.arrows[(part, delta)] = arrow
        return arrow

    # ---- state ---------------------------------------------------------------------------

    def value(self) -> date | None:
        return self._value

    def load(self, view: QuestionView) -> None:
        w = view.words
        for part, word in (("day", w.day), ("month", w.month), ("year", w.year)):
            self.headers[part].setText(word)
        self.done.setText(w.done)
        for (part, delta), arrow in self.arrows.items():
            if abs(delta) == 10:
                arrow.setText(w.ten_years)
            name_for_voice(arrow, *arrow_words(w, part, delta))
        self._size()
        self._low, self._high = view.min_date, max(view.min_date, view.max_date)
        start = view.value if isinstance(view.value, date) else view.start_date
        if start is None:
            start = min(max(date.today(), self._low), self._high)
        self._show(clamp_date(start.day, start.month, start.year, self._low, self._high))

    def clear(self) -> None:
        self._value = None
        for label in self.values.values():
            label.clear()

    def _show(self, value: date) -> None:
        self._value = value
        self.values["day"].setText(f"{value.day:02d}")
        self.values["month"].setText(f"{value.month:02d}")
        self.values["year"].setText(str(value.year))

    def _on_arrow(self) -> None:
        sender = self.sender()
        for (part, delta), arrow in self.arrows.items():
            if arrow is sender:
                self._on_step(part, delta)

    def _on_step(self, part: str, delta: int) -> None:
        if self._value is not None:
            self._show(step(self._value, part, delta, self._low, self._high))

    def _on_done(self) -> None:
        if self._value is not None:
            self.answered.emit(self._value)

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.accept()  # a brushed or scrolled wheel changes nothing: only taps do

    # ---- geometry ------------------------------------------------------------------------

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        gap = theme.gap_px
        self._columns.setSpacing(gap * 3)
        self._layout.setSpacing(gap * 2)
        for grid in self._grids:
            grid.setSpacing(key_gap_px(theme))  # ≥ 3 mm; the height goes to the targets
        for arrow in self.arrows.values():
            arrow.set_colour(theme.colours.primary)
        self._size()

    def _size(self) -> None:
        """Arrow and value sizes; the ten-year arrows also fit their words ("10 năm")."""
        theme = self._theme
        if theme is None:
            return
        width = round(WHEEL_WIDTH_MM * theme.px_per_mm)
        ten_width = width
        for (_, delta), arrow in self.arrows.items():
            if abs(delta) == 10 and arrow.text():  # a square for the triangles, then the words
                words = text_width(theme, "button", arrow.text())
                ten_width = max(width, theme.target_px + words + theme.pad_px + 2 * theme.border_px)
                arrow.setStyleSheet(f"padding-left: {theme.target_px}px;")
            arrow.setFixedSize(ten_width if abs(delta) == 10 else width, theme.target_px)
        value_h = round(theme.line_px["display"] * 1.05)
        for part, value in self.values.items():
            wide = width + key_gap_px(theme) + ten_width if part == "year" else width
            value.setFixedSize(wide, value_h)
        words = text_width(theme, "primary", self.done.text()) + 2 * (
            theme.pad_px + theme.border_px
        )
        done_w = max(round(DONE_WIDTH_MM * theme.px_per_mm), words)
        self.done.setMinimumSize(done_w, theme.primary_height_px)
        self.done.setMaximumWidth(done_w)
