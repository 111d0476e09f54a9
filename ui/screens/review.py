"""Review: every answer, big, with "Sửa" on each row (that question, then back here), paged when
the answers do not fit one screen, and one "Tiếp tục"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.procedure_fit import fits, shed_to_fit
from ui.theme import Theme
from ui.view_models import ReviewView, ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

PAGE_ROWS = 4  # rows on one page: each is a question line over a big answer, and a 22 mm "Sửa"
BIG_PAGE_ROWS = 3


class _Row(QWidget):
    def __init__(self, i: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = text_label(f"ReviewQuestion{i}", "body", muted=True, align="left")
        self.answer = text_label(f"ReviewAnswer{i}", "header", align="left")
        self.edit = kiosk_button(f"ReviewEdit{i}", "nav", self)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.setSpacing(0)
        texts.addWidget(self.question)
        texts.addWidget(self.answer)
        self.layout_ = row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(texts, 1)
        row.addWidget(self.edit, 0, Qt.AlignmentFlag.AlignVCenter)


class ReviewScreen(ScreenBase):
    screen_id = "review"
    edit_requested = Signal(str)  # field id
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReviewScreen")
        self._title = text_label("ReviewTitle", "title")
        self._hint = text_label("ReviewHint", "body", muted=True)
        self._rows = [_Row(i, self) for i in range(PAGE_ROWS)]
        for i, row in enumerate(self._rows):
            row.edit.clicked.connect(lambda _=False, i=i: self._on_edit(i))
        self._papers = text_label("ReviewPapers", "body", align="left")
        self._prev = kiosk_button("ReviewPrev", "nav", self)
        self._next = kiosk_button("ReviewNext", "nav", self)
        self._page_label = text_label("ReviewPage", "body", muted=True)
        self._prev.clicked.connect(lambda: self._turn(-1))
        self._next.clicked.connect(lambda: self._turn(1))
        self._continue = kiosk_button("ReviewContinue", "primary", self)
        self._continue.clicked.connect(self.continue_requested)
        pager = QHBoxLayout()
        pager.addWidget(self._prev)
        pager.addWidget(self._page_label, 1)
        pager.addWidget(self._next)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        for row in self._rows:
            layout.addWidget(row)
        layout.addWidget(self._papers)
        layout.addStretch(1)
        layout.addLayout(pager)
        layout.addWidget(self._continue, 0, Qt.AlignmentFlag.AlignHCenter)
        self._view: ReviewView | None = None
        self._page = 0
        self._per_page = self._max_rows = PAGE_ROWS
        self._theme: Theme | None = None

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        for row in self._rows:
            row.layout_.setSpacing(theme.gap_px * 3)
        self._theme = theme
        self._max_rows = BIG_PAGE_ROWS if theme.big_text else PAGE_ROWS
        if self._view is not None:
            self._fill()

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, ReviewView)
        if self._view is None or [r.field_id for r in self._view.rows] != [
            r.field_id for r in view.rows
        ]:
            self._page = 0
        self._view = view
        self._title.setText(view.title)
        self._hint.setText(view.hint)
        self._papers.setText(view.papers)
        self._papers.setVisible(bool(view.papers))
        self._continue.setText(view.continue_label)
        self._fill()

    def reset(self) -> None:
        super().reset()
        self._view = None
        self._page = 0

    @property
    def pages(self) -> int:
        n = len(self._view.rows) if self._view is not None else 0
        return max(1, -(-n // self._per_page))

    def _turn(self, delta: int) -> None:
        self._page = max(0, min(self.pages - 1, self._page + delta))
        self._fill_page()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fill()

    def _fill(self) -> None:
        """As many rows per page as fit the panel (a short panel pages sooner)."""
        if self._view is None:
            return
        first = self._page * self._per_page  # keep the first row shown on the page shown
        spacing = self._theme.gap_px * 2 if self._theme is not None else 0
        if spacing:
            self._layout.setSpacing(spacing)
        self._hint.setVisible(bool(self._hint.text()))
        for per_page in range(self._max_rows, 0, -1):
            self._per_page = per_page
            self._page = first // per_page
            self._fill_page()
            if fits(self, self._layout):
                return
        # one row still does not fit (big text on a short panel): the hint goes, lines close up
        shed_to_fit(self, self._layout, [self._hint], spacing)

    def _fill_page(self) -> None:
        view = self._view
        assert view is not None
        self._page = min(self._page, self.pages - 1)
        start = self._page * self._per_page
        for i, row in enumerate(self._rows):
            spec = (
                view.rows[start + i] if i < self._per_page and start + i < len(view.rows) else None
            )
            row.setVisible(spec is not None)
            row.question.setText(spec.question if spec else "")
            row.answer.setText(spec.answer if spec else "")
            row.edit.setText(spec.edit_label if spec else "")
            self._fit_row(row)
        paged = self.pages > 1
        self._prev.setText("◀")  # symbols, not words: set again after a wipe cleared them
        self._next.setText("▶")
        template = view.page_template
        self._page_label.setText(
            template.format(page=self._page + 1, pages=self.pages) if paged else ""
        )
        self._page_label.setVisible(paged)
        for b, ok in ((self._prev, self._page > 0), (self._next, self._page < self.pages - 1)):
            b.setVisible(paged)
            b.setEnabled(ok)

    def _fit_row(self, row: _Row) -> None:
        """A wrapped label nested in the row's layout does not pass its height-for-width up:
        say it, so a long answer (an address in big text) takes two lines instead of
        squeezing its neighbours."""
        t = self._theme
        if t is None:
            return
        width = t.panel_width_px - 2 * t.side_margin_px
        width -= max(row.edit.minimumWidth(), row.edit.sizeHint().width()) + 3 * t.gap_px
        texts = sum(w.heightForWidth(width) for w in (row.question, row.answer) if w.text())
        row.setMinimumHeight(max(t.target_px, texts))

    def _on_edit(self, i: int) -> None:
        view = self._view
        index = self._page * self._per_page + i
        if view is not None and index < len(view.rows):
            self.edit_requested.emit(view.rows[index].field_id)

    def row_buttons(self) -> list[QPushButton]:
        """The visible "Sửa" buttons, in order (for tests)."""
        return [r.edit for r in self._rows if r.isVisible()]
