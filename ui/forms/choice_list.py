"""A list of big rows: one tap answers with the row's value (no separate "Xong")."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.forms.base import Editor
from ui.forms.paged_grid import PagedGrid
from ui.forms.views import QuestionView
from ui.theme import Theme


class ChoiceList(Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChoiceList")
        self._values: list[str] = []
        self.grid = PagedGrid("Choice", self)
        self.grid.picked.connect(self._on_picked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.grid, 1)

    def load(self, view: QuestionView) -> None:
        self._values = [c.value for c in view.choices]
        w = view.words
        selected = self._values.index(view.value) if view.value in self._values else -1
        self.grid.set_items(
            [c.label for c in view.choices],
            prev_label=w.prev_page,
            next_label=w.next_page,
            page_template=w.page,
            selected=selected,  # an earlier answer is marked (words + border, not colour alone)
        )

    def clear(self) -> None:
        self._values = []
        self.grid.clear()

    def _on_picked(self, index: int) -> None:
        if 0 <= index < len(self._values):
            self.answered.emit(self._values[index])

    def apply(self, theme: Theme) -> None:
        self.grid.apply(theme)
