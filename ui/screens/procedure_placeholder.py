"""The plain steps: the submit step's "sending"/"failed" states, and the papers, receipt and rating
steps when their controllers are not attached (issues 6, 7, 9): plain words, a boxed notice when
something was NOT done, never a pretend success."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.procedure_fit import shed_to_fit
from ui.theme import Theme
from ui.view_models import ScreenView, StepView
from ui.widgets import ScreenBase, kiosk_button, text_label

MAX_LINES = 7
MAX_ACTIONS = 6


class ProcedureStepScreen(ScreenBase):
    screen_id = "procedure_step"
    action_requested = Signal(str)  # "continue" | "retry" | "skip" | "rate_1" … "rate_5"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProcedureStepScreen")
        self._title = text_label("StepTitle", "title")
        self._notice = text_label("StepNotice", "header")
        self._lines: list[QLabel] = [
            text_label(f"StepLine{i}", "body", align="left") for i in range(MAX_LINES)
        ]
        self._buttons: list[QPushButton] = [
            kiosk_button(f"StepAction{i}", "secondary", self) for i in range(MAX_ACTIONS)
        ]
        self._actions: list[str] = []
        self._theme: Theme | None = None
        self._view: StepView | None = None
        for b in self._buttons:
            b.clicked.connect(self._on_button)
        self._grid = QGridLayout()
        row = QHBoxLayout()
        row.addStretch(1)
        row.addLayout(self._grid)
        row.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._notice)
        for label in self._lines:
            layout.addWidget(label)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        for i, b in enumerate(self._buttons):
            self._grid.addWidget(b, i // 3, i % 3, Qt.AlignmentFlag.AlignHCenter)

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        self._grid.setSpacing(theme.gap_px * 2)
        c = theme.colours
        self._notice.setStyleSheet(
            f"QLabel#StepNotice {{ background: {c.warning_bg}; border: {2 * theme.border_px}px "
            f"solid {c.text}; border-radius: {theme.radius_px}px; padding: {theme.gap_px}px; }}"
        )

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, StepView)
        self.setProperty("step", view.step)
        self._title.setText(view.title)
        self._notice.setText(view.notice)
        self._notice.setVisible(bool(view.notice))
        for i, label in enumerate(self._lines):
            text = view.lines[i] if i < len(view.lines) else ""
            label.setText(text)
            label.setVisible(bool(text))
        self._actions = [a.action for a in view.actions]
        for i, b in enumerate(self._buttons):
            action = view.actions[i] if i < len(view.actions) else None
            b.setText(action.label if action else "")
            b.setVisible(action is not None)
            b.setProperty(
                "kind", "primary" if action and action.action == "continue" else "secondary"
            )
            b.style().unpolish(b)
            b.style().polish(b)
        self._view = view
        # on a short panel the last lines give way (the voice says the step; the notice stays)
        spacing = self._theme.gap_px * 2 if self._theme is not None else 0
        lines = [lb for lb in reversed(self._lines) if not lb.isHidden()]
        shed_to_fit(self, self._layout, lines, spacing)

    def reset(self) -> None:
        super().reset()
        self._view = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._view is not None:
            self.show_view(self._view)

    def _on_button(self) -> None:
        b = self.sender()
        if b in self._buttons:
            i = self._buttons.index(b)
            if i < len(self._actions):
                self.action_requested.emit(self._actions[i])
