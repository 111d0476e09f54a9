"""Checklist: the papers to bring, the fee and the processing time — shown (and spoken by the
controller) — with one "Tiếp tục".

Each paper is its name (bold) with its "Không bắt buộc" tag; the longer notes (when a paper is
needed, exemptions) show under it when the screen has room, and give way first (big text)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.procedure_fit import shed_to_fit
from ui.theme import Theme
from ui.view_models import ChecklistView, ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

MAX_PAPERS = 6


class ChecklistScreen(ScreenBase):
    screen_id = "checklist"
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChecklistScreen")
        self._title = text_label("ChecklistTitle", "title")
        self._papers_title = text_label("ChecklistPapersTitle", "body", muted=True, align="left")
        self._papers: list[tuple[QLabel, QLabel]] = [
            (
                text_label(f"ChecklistPaper{i}", "header", align="left"),
                text_label(f"ChecklistPaperNote{i}", "body", muted=True, align="left"),
            )
            for i in range(MAX_PAPERS)
        ]
        self._fee = text_label("ChecklistFee", "header", align="left")
        self._fee_note = text_label("ChecklistFeeNote", "body", muted=True, align="left")
        self._days = text_label("ChecklistDays", "header", align="left")
        self._continue = kiosk_button("ChecklistContinue", "primary", self)
        self._continue.clicked.connect(self.continue_requested)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addWidget(self._papers_title)
        for name, note in self._papers:
            layout.addWidget(name)
            layout.addWidget(note)
        layout.addWidget(self._fee)
        layout.addWidget(self._fee_note)
        layout.addWidget(self._days)
        layout.addStretch(1)
        layout.addWidget(self._continue, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self._view: ChecklistView | None = None
        self._theme: Theme | None = None

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px)
        for _, note in self._papers:
            note.setIndent(theme.gap_px * 5)  # under its paper's name, past the bullet
        if self._view is not None:
            self._fill(self._view)

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, ChecklistView)
        self._view = view
        self._fill(view)

    def reset(self) -> None:
        super().reset()
        self._view = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._view is not None:
            self._fill(self._view)

    def _fill(self, view: ChecklistView) -> None:
        self._title.setText(view.title)
        self._papers_title.setText(view.papers_title)
        self._fee.setText(view.fee)
        self._days.setText(view.days)
        self._continue.setText(view.continue_label)
        for i, (name, _) in enumerate(self._papers):
            paper = view.papers[i] if i < len(view.papers) else None
            name.setText(
                f"•  {paper.name}" + (f" ({paper.tag})" if paper and paper.tag else "")
                if paper
                else ""
            )
            name.setVisible(paper is not None)
        notes = [
            (note, view.papers[i].note if i < len(view.papers) else "")
            for i, (_, note) in enumerate(self._papers)
        ]
        notes.append((self._fee_note, view.fee_note))
        for label, text in notes:
            label.setText(text)
            label.setVisible(bool(text))
        self._papers_title.setVisible(True)
        # the notes give way first, longest first; then the "papers to bring" heading
        optional = [label for label, text in sorted(notes, key=lambda n: -len(n[1])) if text]
        spacing = self._theme.gap_px if self._theme is not None else 0
        shed_to_fit(self, self._layout, [*optional, self._papers_title], spacing)
