"""Staff screen: record each prompt in a staff member's own voice into a new prompt pack.

Left, every prompt with its state; right, the sentence to read in large type, what is happening,
and the buttons (Ghi âm/Dừng, Nghe thử, Ghi lại, Câu trước/Câu tiếp theo, Xong). Opened from the
staff menu (issue 11); thin like every screen: it shows a `RecorderView` and emits intents.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.recorder_views import RecorderView
from ui.theme import Theme
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label


class RecorderScreen(ScreenBase):
    screen_id = "recorder"
    record_requested = Signal()  # start, or stop and save, a take
    play_requested = Signal()
    retake_requested = Signal()
    previous_requested = Signal()
    next_requested = Signal()
    row_selected = Signal(int)
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RecorderScreen")
        self._title = text_label("RecorderTitle", "title", align="left")
        self._intro = text_label("RecorderIntro", "body", muted=True, align="left")
        self._voice = text_label("RecorderVoice", "body", align="left")
        self._progress = text_label("RecorderProgress", "body", align="left")
        self._list = QListWidget(self)
        self._list.setObjectName("RecorderList")
        self._list.setProperty("role", "body")
        self._list.setWordWrap(True)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._sentence = text_label("RecorderSentence", "title")
        self._prompt_id = text_label("RecorderPromptId", "body", muted=True)
        self._status = text_label("RecorderStatus", "body")
        self._record = kiosk_button("RecorderRecord", "primary")
        self._play = kiosk_button("RecorderPlay", "secondary")
        self._retake = kiosk_button("RecorderRetake", "secondary")
        self._previous = kiosk_button("RecorderPrevious", "secondary")
        self._next = kiosk_button("RecorderNext", "secondary")
        self._done = kiosk_button("RecorderDone", "secondary")
        self._record.clicked.connect(self.record_requested)
        self._play.clicked.connect(self.play_requested)
        self._retake.clicked.connect(self.retake_requested)
        self._previous.clicked.connect(self.previous_requested)
        self._next.clicked.connect(self.next_requested)
        self._done.clicked.connect(self.done_requested)
        self._list.currentRowChanged.connect(self._on_row)
        self._rendering = False

        left = QVBoxLayout()
        left.addWidget(self._title)
        left.addWidget(self._intro)
        left.addWidget(self._voice)
        left.addWidget(self._progress)
        left.addWidget(self._list, 1)
        self._actions = actions = QHBoxLayout()
        for b in (self._play, self._retake):
            actions.addWidget(b)
        self._moves = moves = QHBoxLayout()
        for b in (self._previous, self._next):
            moves.addWidget(b)
        right = QVBoxLayout()
        right.addStretch(1)
        right.addWidget(self._prompt_id)
        right.addWidget(self._sentence)
        right.addWidget(self._status)
        right.addStretch(1)
        right.addWidget(self._record)
        right.addLayout(actions)
        right.addLayout(moves)
        right.addWidget(self._done)
        self._layout = layout = QHBoxLayout(self)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)

    def apply(self, theme: Theme) -> None:
        m = theme.margin_px
        self._layout.setContentsMargins(m, m, m, m)
        self._layout.setSpacing(theme.gap_px * 3)
        for row in (self._actions, self._moves):
            row.setSpacing(theme.gap_px)
        self._list.setFont(theme.font("body"))
        self._left_width = round(theme.panel_width_px * 0.4)
        for w in (self._title, self._intro, self._voice, self._progress, self._list):
            w.setFixedWidth(self._left_width)
        row_px = max(round(16 * theme.px_per_mm), round(theme.line_px["body"] * 2.4))
        self._list.setStyleSheet(f"QListWidget::item {{ min-height: {row_px}px; }}")

    def show_view(self, view: object) -> None:
        assert isinstance(view, RecorderView)
        self._rendering = True
        try:
            self._title.setText(view.title)
            self._intro.setText(view.intro)
            self._voice.setText(view.voice)
            self._progress.setText(view.progress)
            if self._list.count() != len(view.rows):
                self._list.clear()
                for _ in view.rows:
                    self._list.addItem(QListWidgetItem())
            for i, row in enumerate(view.rows):
                mark = "✓" if row.recorded else "○"
                self._list.item(i).setText(f"{mark}  {row.prompt_id}\n{row.state}: {row.text}")
            self._list.setCurrentRow(view.current)
            current = view.rows[view.current]
            self._prompt_id.setText(current.prompt_id)
            self._sentence.setText(current.text)
            self._status.setText(view.status)
            self._record.setText(view.record_label)
            set_flag(self._record, "on", view.recording)
            self._play.setText(view.play_label)
            self._retake.setText(view.retake_label)
            self._previous.setText(view.previous_label)
            self._next.setText(view.next_label)
            self._done.setText(view.done_label)
            self._play.setEnabled(view.can_play and not view.recording)
            self._retake.setEnabled(current.recorded and not view.recording)
            for b in (self._previous, self._next, self._done):
                b.setEnabled(not view.recording)
            self._list.setEnabled(not view.recording)
        finally:
            self._rendering = False

    def _on_row(self, row: int) -> None:
        if not self._rendering and row >= 0:
            self.row_selected.emit(row)
