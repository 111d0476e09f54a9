"""The touch test: a grid of targets filling the screen; each turns "✓" when touched. After
"Xong" the cells never touched are marked "✕" — the dead zones of the touch panel.

Thin: `show_view(TouchGridView)`; emits `cell_touched(index)` and `done_requested()`. Cells are
at least the 20 mm target of design §4, so a working panel can hit every one with a finger.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.diagnostics.views import TouchGridView
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

TOUCHED = "\u2713"  # ✓
DEAD = "\u2715"  # ✕
CELL_MM = 40.0  # cell pitch the controller sizes the grid by (≥ 20 mm target + gaps)


class DiagTouchScreen(ScreenBase):
    screen_id = "diag_touch"
    cell_touched = Signal(int)
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DiagTouchScreen")
        self._title = text_label("DiagTouchTitle", "header", align="left")
        self._progress = text_label("DiagTouchProgress", "body", align="left")
        self._done = kiosk_button("DiagTouchDone", "primary")
        self._done.clicked.connect(self.done_requested)
        self._grid_box = QWidget()
        self._grid = QGridLayout(self._grid_box)
        self.cells: list[QPushButton] = []
        self._shape = (0, 0)
        self._top = top = QHBoxLayout()
        top.addWidget(self._title, 1)
        top.addWidget(self._progress, 2)
        top.addWidget(self._done)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._grid_box, 1)
        self._theme: Theme | None = None

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        c = theme.colours
        self.setStyleSheet(
            f"QPushButton#DiagTouchCell {{ background: {c.surface}; color: {c.text};"
            f" border: {theme.border_px}px solid {c.rule}; border-radius: 0px; }}"
            f'QPushButton#DiagTouchCell[state="touched"] {{ background: {c.selected_bg};'
            f" border: {theme.border_px}px solid {c.primary}; }}"
            f'QPushButton#DiagTouchCell[state="dead"] {{ background: {c.warning_bg};'
            f" border: {2 * theme.border_px}px solid {c.text}; }}"
        )
        g = theme.gap_px
        # The grid reaches the panel's edges: the edges are where a worn panel dies first.
        self._layout.setContentsMargins(0, g // 2, 0, 0)
        self._top.setContentsMargins(g, 0, g, 0)
        self._layout.setSpacing(g // 2)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(0)  # cells edge to edge: a dead strip cannot hide between them
        for cell in self.cells:
            cell.setFont(theme.font("title"))

    def show_view(self, view: ScreenView | TouchGridView) -> None:
        assert isinstance(view, TouchGridView)
        self._title.setText(view.title)
        self._progress.setText(view.progress)
        self._done.setText(view.done_label)
        if self._shape != (view.rows, view.cols):
            self._build(view.rows, view.cols)
        for index, cell in enumerate(self.cells):
            if index in view.touched:
                state, mark = "touched", TOUCHED
            elif view.finished:
                state, mark = "dead", DEAD
            else:
                state, mark = "", ""
            cell.setText(mark)
            if cell.property("state") != state:
                cell.setProperty("state", state)
                cell.style().unpolish(cell)
                cell.style().polish(cell)

    def _build(self, rows: int, cols: int) -> None:
        for cell in self.cells:
            cell.setParent(None)
            cell.deleteLater()
        self.cells = []
        for index in range(rows * cols):
            cell = QPushButton(self._grid_box)
            cell.setObjectName("DiagTouchCell")
            cell.setProperty("cell", index)
            # a button is fixed-height by default: these must fill their share of the screen
            cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            if self._theme is not None:
                cell.setFont(self._theme.font("title"))
            cell.pressed.connect(self._on_pressed)  # on touch down: a light touch counts
            self._grid.addWidget(cell, index // cols, index % cols)
            self.cells.append(cell)
        for r in range(rows):
            self._grid.setRowStretch(r, 1)
        for c in range(cols):
            self._grid.setColumnStretch(c, 1)
        self._shape = (rows, cols)

    def _on_pressed(self) -> None:
        sender = self.sender()
        if isinstance(sender, QPushButton):
            self.cell_touched.emit(int(sender.property("cell")))
