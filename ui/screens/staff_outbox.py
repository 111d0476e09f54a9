"""The outbox as staff see it: counts, then one row per dossier (reference · procedure, state ·
attempts · error class; "Gửi lại" on a failed one), pages, "Đóng". Nothing personal is ever
given to it (ui.staff.outbox builds the rows from kiosk.services.assisted.outbox_rows).

Thin: `show_view(OutboxView)`; emits `retry_requested(local_id)`, `page_requested(delta)`,
`close_requested()`."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.staff.views import OutboxView
from ui.theme import Theme, apply_theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label

ROWS_PER_PAGE = 5


class StaffOutboxScreen(ScreenBase):
    screen_id = "staff_outbox"
    retry_requested = Signal(str)
    page_requested = Signal(int)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StaffOutboxScreen")
        self._title = text_label("StaffOutboxTitle", "title")
        self._counts = text_label("StaffOutboxCounts", "body", muted=True)
        self._message = text_label("StaffOutboxMessage", "body")
        self._rows = QGridLayout()
        self.row_titles: list[QLabel] = []
        self.row_details: list[QLabel] = []
        self.retry: list[QPushButton] = []
        self._ids: list[str] = [""] * ROWS_PER_PAGE
        for i in range(ROWS_PER_PAGE):
            title = text_label(f"StaffOutboxRow{i}", "body", align="left")
            detail = text_label(f"StaffOutboxDetail{i}", "body", muted=True, align="left")
            retry = kiosk_button(f"StaffOutboxRetry{i}", "secondary")
            retry.setProperty("row", i)
            retry.clicked.connect(self._on_retry)
            self._rows.addWidget(title, 2 * i, 0)
            self._rows.addWidget(detail, 2 * i + 1, 0)
            self._rows.addWidget(retry, 2 * i, 1, 2, 1)
            self.row_titles.append(title)
            self.row_details.append(detail)
            self.retry.append(retry)
        self._prev = kiosk_button("StaffOutboxPrev", "secondary")
        self._page = text_label("StaffOutboxPage", "body")
        self._next = kiosk_button("StaffOutboxNext", "secondary")
        self._close = kiosk_button("StaffOutboxClose", "primary")
        self._prev.clicked.connect(self._on_prev)
        self._next.clicked.connect(self._on_next)
        self._close.clicked.connect(self.close_requested)
        bottom = QHBoxLayout()
        bottom.addWidget(self._prev)
        bottom.addWidget(self._page, 1)
        bottom.addWidget(self._next)
        bottom.addWidget(self._close)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._counts)
        layout.addWidget(self._message)
        layout.addLayout(self._rows)
        layout.addStretch(1)
        layout.addLayout(bottom)

    def apply(self, theme: Theme) -> None:
        m = theme.side_margin_px
        self._layout.setContentsMargins(m, theme.gap_px, m, theme.gap_px)
        self._layout.setSpacing(theme.gap_px)
        self._rows.setHorizontalSpacing(theme.gap_px * 2)
        self._rows.setVerticalSpacing(0)
        self.setStyleSheet(
            f'QLabel[failed="true"] {{ background: {theme.colours.warning_bg}; }}'
            f"QLabel#StaffOutboxMessage {{ background: {theme.colours.warning_bg}; }}"
        )
        apply_theme(self, theme)

    def show_view(self, view: ScreenView | OutboxView) -> None:
        assert isinstance(view, OutboxView)
        self._title.setText(view.title)
        self._counts.setText(view.counts)
        self._message.setText(view.message)
        self._message.setVisible(bool(view.message))
        for i in range(ROWS_PER_PAGE):
            row = view.rows[i] if i < len(view.rows) else None
            self._ids[i] = row.local_id if row is not None else ""
            self.row_titles[i].setText(row.title if row else "")
            self.row_details[i].setText(row.detail if row else "")
            set_flag(self.row_details[i], "failed", bool(row and row.failed))
            self.row_titles[i].setVisible(row is not None)
            self.row_details[i].setVisible(row is not None)
            self.retry[i].setText(row.retry_label if row else "")
            self.retry[i].setVisible(bool(row and row.retry_label))
        self._page.setText(view.page)
        self._prev.setText(view.prev_label)
        self._prev.setVisible(bool(view.prev_label))
        self._next.setText(view.next_label)
        self._next.setVisible(bool(view.next_label))
        self._close.setText(view.close_label)

    def reset(self) -> None:
        self._ids = [""] * ROWS_PER_PAGE
        super().reset()

    def _on_retry(self) -> None:
        sender = self.sender()
        if isinstance(sender, QPushButton):
            local_id = self._ids[int(sender.property("row"))]
            if local_id:
                self.retry_requested.emit(local_id)

    def _on_prev(self) -> None:
        self.page_requested.emit(-1)

    def _on_next(self) -> None:
        self.page_requested.emit(1)
