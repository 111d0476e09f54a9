"""A grid of big rows that pages instead of scrolling (no flick, no accidental scroll).

As many rows as fit the height are shown; "Trang trước" / "Trang sau" and "Trang 1/3" appear
only when there is more than one page. Rows are placed by hand (no layout), so their sizes are
exactly what the theme asks: ≥ 22 mm tall (primary targets), ≥ 3 mm apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QWidget

from ui.forms.base import guard_properties, make_button, name_for_voice, text_width
from ui.theme import Theme, apply_theme
from ui.widgets import text_label


class PagedGrid(QWidget):
    """Signals: `picked(int)` with the index of the tapped item (GUI thread)."""

    picked = Signal(int)

    def __init__(
        self, name: str, parent: QWidget | None = None, *, data_rows: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._data_rows = data_rows  # rows show data (place names), not catalogue words
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._name = name
        self._labels: list[str] = []
        self._selected = -1
        self._page = 0
        self._per_page = 1
        self._max_columns = 2
        self._paging = True
        self._show_selected = False
        self._theme: Theme | None = None
        self._rows: list[QPushButton] = []
        self._prev = make_button(f"{name}Prev", "secondary", self)
        self._next = make_button(f"{name}Next", "secondary", self)
        self._indicator: QLabel = text_label(f"{name}Page", "body", muted=True, parent=self)
        self._prev.clicked.connect(self._on_prev)
        self._next.clicked.connect(self._on_next)
        self._page_template = "{page}/{pages}"
        guard_properties(self)

    # ---- content -------------------------------------------------------------------------

    def set_items(
        self,
        labels: Sequence[str],
        *,
        prev_label: str,
        next_label: str,
        page_template: str,
        max_columns: int = 2,
        selected: int = -1,
        paging: bool = True,
    ) -> None:
        """Show `labels`; without `paging`, as many as fit and no page buttons (search hits)."""
        self._labels = list(labels)
        self._paging = paging
        self._selected = selected
        self._max_columns = max(1, max_columns)
        self._prev.setText(prev_label)
        self._next.setText(next_label)
        name_for_voice(self._prev, "forms.prev_page", prev_label)
        name_for_voice(self._next, "forms.next_page", next_label)
        self._page_template = page_template
        self._page = 0
        self._show_selected = selected >= 0  # open on the selected row's page once laid out
        self._relayout()

    def clear(self) -> None:
        self._labels = []
        self._selected = -1
        self._page = 0
        for row in self._rows:
            row.setText("")
            row.hide()
        for w in (self._prev, self._next):
            w.setText("")
            w.hide()
        self._indicator.clear()
        self._indicator.hide()

    def visible_rows(self) -> list[QPushButton]:
        return [r for r in self._rows if not r.isHidden()]

    @property
    def page(self) -> int:
        return self._page

    @property
    def pages(self) -> int:
        return max(1, -(-len(self._labels) // self._per_page))

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        apply_theme(self, theme)
        self._relayout()

    def minimumSizeHint(self) -> QSize:
        if self._theme is None:
            return QSize(0, 0)
        return QSize(0, self._theme.target_px)  # one row; the rest page

    def sizeHint(self) -> QSize:
        if self._theme is None:
            return QSize(0, 0)
        rows = min(len(self._labels), 6) or 1
        return QSize(0, rows * (self._theme.target_px + self._theme.gap_px))

    # ---- paging --------------------------------------------------------------------------

    def _on_prev(self) -> None:
        if self._page > 0:
            self._show_selected = False
            self._page -= 1
            self._relayout()

    def _on_next(self) -> None:
        if self._page + 1 < self.pages:
            self._show_selected = False
            self._page += 1
            self._relayout()

    def _on_row(self) -> None:
        sender = self.sender()
        if isinstance(sender, QPushButton) and sender in self._rows:
            index = self._page * self._per_page + self._rows.index(sender)
            if index < len(self._labels):
                self.picked.emit(index)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _row(self, i: int) -> QPushButton:
        while len(self._rows) <= i:
            row = make_button(f"{self._name}Row{len(self._rows)}", "secondary", self)
            if self._theme is not None:
                row.setFont(self._theme.font("button"))
            row.clicked.connect(self._on_row)
            row.setProperty("on", False)
            row.setProperty("data_field", self._data_rows)
            self._rows.append(row)
        return self._rows[i]

    def _relayout(self) -> None:
        theme = self._theme
        if theme is None or self.width() <= 0:
            return
        gap, row_h = theme.gap_px, theme.target_px
        width, height = self.width(), self.height()
        longest = max((text_width(theme, "button", s) for s in self._labels), default=0)
        cell_needed = longest + 2 * theme.pad_px + 2 * theme.border_px
        fit_rows = max(1, (height + gap) // (row_h + gap))
        columns = 1
        if len(self._labels) > fit_rows:  # more than one column only when one would page
            while (
                columns < self._max_columns and (columns + 1) * cell_needed + columns * gap <= width
            ):
                columns += 1
        one_page = len(self._labels) <= fit_rows * columns or not self._paging
        rows = fit_rows if one_page else max(1, (height - row_h) // (row_h + gap))
        self._per_page = rows * columns
        if self._show_selected:  # until the citizen turns a page, the selected row's page
            self._page = self._selected // self._per_page
        self._page = min(self._page, self.pages - 1)
        col_w = min((width - (columns - 1) * gap) // columns, max(cell_needed, width // 2))
        left0 = (width - (columns * col_w + (columns - 1) * gap)) // 2
        start = self._page * self._per_page
        shown = self._labels[start : start + self._per_page]
        for i, text in enumerate(shown):
            row = self._row(i)
            r, c = divmod(i, columns)
            row.setGeometry(left0 + c * (col_w + gap), r * (row_h + gap), col_w, row_h)
            row.setText(text)
            row.setProperty("on", start + i == self._selected)
            row.style().unpolish(row)
            row.style().polish(row)
            row.show()
        for row in self._rows[len(shown) :]:
            row.setText("")
            row.hide()
        paged = not one_page
        self._prev.setVisible(paged and self._page > 0)
        self._next.setVisible(paged and self._page + 1 < self.pages)
        self._indicator.setVisible(paged)
        if paged:
            y = height - row_h
            nav_w = max(theme.secondary_min_width_px, self._prev.sizeHint().width())
            nav_w = max(nav_w, self._next.sizeHint().width())
            self._prev.setGeometry(0, y, nav_w, row_h)
            self._next.setGeometry(width - nav_w, y, nav_w, row_h)
            self._indicator.setText(
                self._page_template.format(page=self._page + 1, pages=self.pages)
            )
            self._indicator.setGeometry(nav_w + gap, y, width - 2 * (nav_w + gap), row_h)
