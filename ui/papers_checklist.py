"""The checklist column of the papers screen: which papers are needed, done, or still missing.

With many papers in big text the rows do not fit the column. They then scroll, by two big
buttons under them ("▲ Lên", "▼ Xuống", ≥ 22 mm targets) — no thin scroll bar and no flick
(an unsteady finger would scroll by accident, as ui/forms/paged_grid.py explains) — and the
paper being scanned is always scrolled into view. The buttons are there only when needed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.papers_view import ChecklistRow
from ui.theme import Theme, apply_theme
from ui.widgets import set_flag, text_label

CURRENT_MARK = "▶ "
STEP_SHARE = 0.8  # one press moves most of a view: the last row seen stays in sight


def _scroll_button(name: str) -> QPushButton:
    """Looks like a secondary button; no `kind`, so the theme's 120 mm minimum width (two of
    them side by side would not fit the column) is not applied: `apply` sizes them."""
    button = QPushButton()
    button.setObjectName(name)
    button.setProperty("role", "button")
    button.setAutoDefault(False)
    # the room stays when hidden: showing them must not shrink the list it scrolls (that
    # would change the scroll range from inside its own change signal)
    policy = button.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    button.setSizePolicy(policy)
    return button


class _Row(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PapersChecklistRow")
        self.name = text_label("PapersRowName", "body", align="left")
        self.status = text_label("PapersRowStatus", "body", muted=True, align="left")
        self.box = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.name)
        layout.addWidget(self.status)


class PapersChecklist(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PapersChecklist")
        self._theme: Theme | None = None
        self._rows: list[_Row] = []
        self._current: _Row | None = None
        self._title = text_label("PapersChecklistTitle", "button", align="left")

        self._inner = QWidget()
        self._inner.setObjectName("PapersChecklistRows")
        self._list = QVBoxLayout(self._inner)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.addStretch(1)
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("PapersChecklistScroll")
        self._scroll.setWidget(self._inner)
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        for policy in (
            self._scroll.setVerticalScrollBarPolicy,
            self._scroll.setHorizontalScrollBarPolicy,
        ):
            policy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the big buttons scroll instead
        bar = self._scroll.verticalScrollBar()
        bar.rangeChanged.connect(self.show_current)  # resized, or rows changed
        bar.valueChanged.connect(self._update_buttons)

        self._up = _scroll_button("PapersScrollUp")
        self._down = _scroll_button("PapersScrollDown")
        self._up.clicked.connect(lambda: self._step(-1))
        self._down.clicked.connect(lambda: self._step(1))
        self._buttons = QHBoxLayout()
        self._buttons.addWidget(self._up, 1)
        self._buttons.addWidget(self._down, 1)

        self._column = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._title)
        layout.addWidget(self._scroll, 1)
        layout.addLayout(self._buttons)
        self._update_buttons()

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        for button in (self._up, self._down):  # half the column each, a full target high
            button.setMinimumSize(0, theme.target_px)
        self._list.setSpacing(theme.gap_px)
        self._buttons.setSpacing(theme.gap_px)
        self._column.setSpacing(theme.gap_px)
        # the rows' own background: the scroll area's viewport would otherwise paint white
        self._scroll.setStyleSheet(
            "QScrollArea, QWidget#PapersChecklistRows { background: transparent; }"
        )
        self._scroll.viewport().setAutoFillBackground(False)
        for row in self._rows:
            self._style_row(row)

    def show_rows(
        self, title: str, rows: tuple[ChecklistRow, ...], up_label: str, down_label: str
    ) -> None:
        self._title.setText(title)
        self._up.setText(up_label)
        self._down.setText(down_label)
        while len(self._rows) > len(rows):
            row = self._rows.pop()
            self._list.removeWidget(row)
            row.deleteLater()
        while len(self._rows) < len(rows):
            row = _Row(self._inner)
            self._rows.append(row)
            self._list.insertWidget(self._list.count() - 1, row)  # before the stretch
            self._style_row(row)
        self._current = None
        for widget, data in zip(self._rows, rows, strict=True):
            mark = CURRENT_MARK if data.current else ""
            widget.name.setText(f"{mark}{data.name} {data.mark}".strip())
            widget.status.setText(data.status_text)
            set_flag(widget, "current", data.current)
            if data.current:
                self._current = widget
        self.show_current()

    def show_current(self) -> None:
        """Scroll so the paper being scanned is in sight (it may be the sixth of six)."""
        if self._current is not None:
            self._scroll.ensureWidgetVisible(self._current, 0, 0)
        self._update_buttons()

    def reset(self) -> None:
        self.show_rows("", (), "", "")
        self._scroll.verticalScrollBar().setValue(0)

    # ---- scrolling ---------------------------------------------------------------------------

    def _step(self, direction: int) -> None:
        bar = self._scroll.verticalScrollBar()
        step = max(1, round(self._scroll.viewport().height() * STEP_SHARE))
        bar.setValue(bar.value() + direction * step)

    def _update_buttons(self) -> None:
        bar = self._scroll.verticalScrollBar()
        overflow = bar.maximum() > 0
        for button, enabled in (
            (self._up, bar.value() > 0),
            (self._down, bar.value() < bar.maximum()),
        ):
            button.setVisible(overflow)
            button.setEnabled(enabled)

    def _style_row(self, row: _Row) -> None:
        if self._theme is None:
            return
        apply_theme(row, self._theme)
        pad = self._theme.gap_px
        row.box.setContentsMargins(pad + 3 * self._theme.border_px, pad // 2, pad, pad // 2)

    # for tests
    def scroll_position(self) -> tuple[int, int]:
        bar = self._scroll.verticalScrollBar()
        return bar.value(), bar.maximum()

    def row_in_sight(self, index: int) -> bool:
        row = self._rows[index]
        top = row.mapTo(self._scroll.viewport(), row.rect().topLeft()).y()
        return top >= 0 and top + row.height() <= self._scroll.viewport().height()
