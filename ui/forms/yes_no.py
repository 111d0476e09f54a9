"""Two big buttons, "Có" and "Không": one tap answers True or False."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ui.forms.base import Editor, make_button
from ui.forms.views import QuestionView
from ui.theme import Theme
from ui.widgets import set_flag

YES_NO_WIDTH_MM = 110.0


class YesNo(Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("YesNo")
        self.yes = make_button("AnswerYes", "secondary")
        self.no = make_button("AnswerNo", "secondary")
        for button in (self.yes, self.no):
            button.setProperty("role", "primary")  # the whole answer: as big as a main action
            button.setProperty("on", False)
        self.yes.clicked.connect(self._on_yes)
        self.no.clicked.connect(self._on_no)
        self._row = row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.yes)
        row.addWidget(self.no)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def load(self, view: QuestionView) -> None:
        self.yes.setText(view.words.yes)
        self.no.setText(view.words.no)
        # an earlier answer shows as the thicker 'on' border (the words say which)
        set_flag(self.yes, "on", view.value is True)
        set_flag(self.no, "on", view.value is False)

    def clear(self) -> None:
        set_flag(self.yes, "on", False)
        set_flag(self.no, "on", False)

    def _on_yes(self) -> None:
        self.answered.emit(True)

    def _on_no(self) -> None:
        self.answered.emit(False)

    def apply(self, theme: Theme) -> None:
        width = round(YES_NO_WIDTH_MM * theme.px_per_mm)
        self._row.setSpacing(theme.gap_px * 6)
        for button in (self.yes, self.no):
            button.setFixedSize(width, theme.primary_height_px)
