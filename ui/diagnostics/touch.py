"""The touch test's controller: a grid of ≥ 20 mm cells over the whole screen; each touch
marks its cell; "Xong" shows the cells never touched as dead zones, and a second "Xong" goes
back (the result is audited: how many cells, which were dead)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Panel
from ui.diagnostics.views import TouchGridView
from ui.screens.diag_touch import CELL_MM, DiagTouchScreen

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def grid_shape(width_mm: float, height_mm: float, cell_mm: float = CELL_MM) -> tuple[int, int]:
    """Rows and columns of cells about `cell_mm` square covering the panel (top bar excluded)."""
    usable_h = max(cell_mm, height_mm - cell_mm)  # the title bar with "Xong"
    return max(1, math.floor(usable_h / cell_mm)), max(1, math.floor(width_mm / cell_mm))


class TouchTest(QObject):
    finished = Signal()

    def __init__(
        self,
        window: MainWindow,
        panel: Panel,
        prompts: PromptCatalogue,
        audit: Callable[[str, str | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window, self._prompts, self._audit = window, prompts, audit
        self.rows, self.cols = grid_shape(panel.width_mm, panel.height_mm)
        self.touched: set[int] = set()
        self.finished_once = False
        self._connected = False

    @property
    def total(self) -> int:
        return self.rows * self.cols

    def dead_cells(self) -> list[int]:
        return [i for i in range(self.total) if i not in self.touched]

    def start(self) -> None:
        screen = self._window.screen_widget("diag_touch")
        assert isinstance(screen, DiagTouchScreen)
        if not self._connected:
            screen.cell_touched.connect(self.on_touched)
            screen.done_requested.connect(self.on_done)
            self._connected = True
        self.touched = set()
        self.finished_once = False
        self._audit("diag_touch_started", None)
        self._show()

    def on_touched(self, index: int) -> None:
        if 0 <= index < self.total:
            self.touched.add(index)
            self._show()

    def on_done(self) -> None:
        if self.finished_once or not self.dead_cells():
            dead = self.dead_cells()
            self._audit(
                "diag_touch_result",
                f"cells={self.total} dead={len(dead)}"
                + (f" at={','.join(map(str, dead[:40]))}" if dead else ""),
            )
            self.finished.emit()
            return
        self.finished_once = True
        self._show()

    def view(self) -> TouchGridView:
        t = self._prompts.text
        dead = len(self.dead_cells())
        if self.finished_once:
            progress = t("diag.touch_dead", count=dead) if dead else t("diag.touch_all")
        else:
            progress = t("diag.touch_progress", done=len(self.touched), total=self.total)
        return TouchGridView(
            title=t("diag.touch_title"),
            progress=progress,
            rows=self.rows,
            cols=self.cols,
            touched=frozenset(self.touched),
            finished=self.finished_once,
            done_label=t("diag.touch_done"),
        )

    def _show(self) -> None:
        self._window.navigate("diag_touch", self.view())
