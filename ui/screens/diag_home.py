"""The technician's diagnostics home: one row a configured device (name, adapter and where,
what the last check found, "Kiểm tra" and the device's own test), the kiosk's version, config
hash, disk, memory and uptime, and the touch test, screen cleaning, log export and "Đóng".

Thin: `show_view(DiagHomeView)`, `show_picture(image)`; emits `check_requested(port)`,
`action_requested(port, action)` and the bottom buttons' signals.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.diagnostics.views import DiagHomeView, DiagRowView
from ui.theme import Theme, apply_theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label

NAME_MM = 85.0  # the longest device name ("Máy in biên nhận") on one line
BUTTON_MM = 55.0  # "Kiểm tra", "Xuất…": wide enough for the label, ≥ 20 mm high from the theme
PICTURE_MM = 70.0  # the scan thumbnail / camera frame: big enough to judge a page at arm's length


class DiagRow(QFrame):
    """One device: name and where on the left, status in the middle, its buttons on the right."""

    def __init__(self, port: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.port = port
        self.setObjectName("DiagRow")
        self.name = text_label("DiagRowName", "button", align="left")
        self.where = text_label("DiagRowWhere", "body", muted=True, align="left")
        self.where.setProperty("data_field", True)  # settings values, not catalogue text
        self.status = text_label("DiagRowStatus", "body", align="left")
        self.detail = text_label("DiagRowDetail", "body", muted=True, align="left")
        self.detail.setProperty("data_field", True)
        self.check = kiosk_button("DiagRowCheck", "secondary")
        self.extra = kiosk_button("DiagRowExtra", "secondary")
        keep = self.extra.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # the "Kiểm tra" buttons stay in one column
        self.extra.setSizePolicy(keep)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.name, 0, 0)
        grid.addWidget(self.where, 1, 0)
        grid.addWidget(self.status, 0, 1)
        grid.addWidget(self.detail, 1, 1)
        grid.addWidget(self.check, 0, 2, 2, 1)
        grid.addWidget(self.extra, 0, 3, 2, 1)
        grid.setColumnStretch(1, 1)
        self.grid = grid

    def show_row(self, view: DiagRowView) -> None:
        self.name.setText(view.name)
        self.where.setText(view.where)
        self.status.setText(view.status)
        self.detail.setText(view.detail)
        self.detail.setVisible(bool(view.detail))
        if self.property("severity") != view.severity:  # the stylesheet keys on it: re-polish
            self.setProperty("severity", view.severity)
            self.style().unpolish(self)
            self.style().polish(self)
        self.check.setText(view.check_label)
        self.check.setEnabled(not view.busy)
        self.extra.setText(view.extra_label)
        self.extra.setVisible(bool(view.extra_action))
        self.extra.setEnabled(not view.busy)
        self.extra.setProperty("action", view.extra_action)


class DiagHomeScreen(ScreenBase):
    screen_id = "diag_home"
    check_requested = Signal(str)  # port
    action_requested = Signal(str, str)  # port, action
    touch_requested = Signal()
    cleaning_requested = Signal()
    export_requested = Signal()
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("DiagHomeScreen")
        self._title = text_label("DiagTitle", "title", align="left")
        self._system = text_label("DiagSystem", "body", muted=True, align="left")
        self._system.setProperty("data_field", True)  # version, hash, sizes: values, not words
        self._message = text_label("DiagMessage", "body")
        self._rows_box = QWidget()
        self._rows_box.setObjectName("DiagRows")
        self._rows_layout = QVBoxLayout(self._rows_box)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setObjectName("DiagScroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._rows_box)
        self.rows: dict[str, DiagRow] = {}
        self.picture = QLabel()
        self.picture.setObjectName("DiagPicture")
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._caption = text_label("DiagPictureCaption", "body")
        self._picture_box = QWidget()
        pic = QVBoxLayout(self._picture_box)
        pic.setContentsMargins(0, 0, 0, 0)
        pic.addWidget(self.picture, 1)
        pic.addWidget(self._caption)
        self._picture_box.setVisible(False)
        self.touch = kiosk_button("DiagTouch", "nav")
        self.cleaning = kiosk_button("DiagCleaning", "nav")
        self.export = kiosk_button("DiagExport", "nav")
        self.close_button = kiosk_button("DiagClose", "primary")
        self.touch.clicked.connect(self.touch_requested)
        self.cleaning.clicked.connect(self.cleaning_requested)
        self.export.clicked.connect(self.export_requested)
        self.close_button.clicked.connect(self.close_requested)
        self._theme: Theme | None = None

        top = QHBoxLayout()
        top.addWidget(self._title, 2)
        top.addWidget(self._system, 5)
        middle = QHBoxLayout()
        middle.addWidget(self._scroll, 1)
        middle.addWidget(self._picture_box)
        bottom = QHBoxLayout()
        for b in (self.touch, self.cleaning, self.export):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self._message)
        layout.addLayout(bottom)

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        c = theme.colours
        self.setStyleSheet(
            f"QFrame#DiagRow {{ background: {c.surface}; border: {theme.border_px}px solid"
            f" {c.rule}; border-radius: {theme.radius_px}px; }}"
            f'QFrame#DiagRow[severity="broken"] {{ background: {c.warning_bg};'
            f" border: {2 * theme.border_px}px solid {c.text}; }}"
            f'QLabel#DiagMessage[alert="true"] {{ background: {c.warning_bg};'
            f" border-radius: {theme.radius_px}px; padding: {theme.pad_px // 2}px; }}"
            f"QWidget#DiagRows, QScrollArea#DiagScroll {{ background: transparent; }}"
        )
        m, g = theme.margin_px, theme.gap_px
        self._layout.setContentsMargins(m, g, m, g)
        self._layout.setSpacing(g // 2)
        self._rows_layout.setSpacing(g // 2)
        side = round(PICTURE_MM * theme.px_per_mm)
        self.picture.setFixedSize(side, side)
        for row in self.rows.values():
            self._apply_row(row, theme)

    def _apply_row(self, row: DiagRow, theme: Theme) -> None:
        apply_theme(row, theme)
        # Same columns in every row, so a technician reads down one column of states.
        row.name.setFixedWidth(round(NAME_MM * theme.px_per_mm))
        row.where.setFixedWidth(round(NAME_MM * theme.px_per_mm))
        for button in (row.check, row.extra):
            button.setMinimumWidth(round(BUTTON_MM * theme.px_per_mm))
            button.setMaximumWidth(round(BUTTON_MM * theme.px_per_mm))
        p = theme.pad_px // 2
        row.grid.setContentsMargins(p, p // 2, p, p // 2)
        row.grid.setHorizontalSpacing(theme.gap_px)
        row.grid.setVerticalSpacing(0)

    def show_view(self, view: ScreenView | DiagHomeView) -> None:
        assert isinstance(view, DiagHomeView)
        self._title.setText(view.title)
        self._system.setText(view.system)
        self._message.setText(view.message)
        self._message.setVisible(bool(view.message))
        set_flag(self._message, "alert", view.alert)
        self._caption.setText(view.picture_caption)
        if not view.picture_caption:
            self._picture_box.setVisible(False)
        wanted = [r.port for r in view.rows]
        if wanted != list(self.rows):
            self._rebuild(wanted)
        for row_view in view.rows:
            self.rows[row_view.port].show_row(row_view)
        self.touch.setText(view.touch_label)
        self.cleaning.setText(view.cleaning_label)
        self.export.setText(view.export_label)
        self.export.setEnabled(not view.busy_export)
        self.close_button.setText(view.close_label)

    def show_picture(self, image: QImage | None) -> None:
        """The scan thumbnail or the camera frame (None hides it)."""
        if image is None or image.isNull():
            self.picture.clear()
            self._picture_box.setVisible(False)
            return
        size = self.picture.size()
        pixmap = QPixmap.fromImage(image).scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(pixmap)
        self._picture_box.setVisible(True)

    def reset(self) -> None:
        super().reset()
        self.show_picture(None)

    def _rebuild(self, ports: list[str]) -> None:
        for row in self.rows.values():
            row.setParent(None)
            row.deleteLater()
        self.rows = {}
        for index, port in enumerate(ports):
            row = DiagRow(port, self._rows_box)
            row.check.clicked.connect(self._on_check)
            row.extra.clicked.connect(self._on_extra)
            self._rows_layout.insertWidget(index, row)
            self.rows[port] = row
            if self._theme is not None:
                self._apply_row(row, self._theme)

    def _on_check(self) -> None:
        row = self._row_of(self.sender())
        if row is not None:
            self.check_requested.emit(row.port)

    def _on_extra(self) -> None:
        row = self._row_of(self.sender())
        if row is not None:
            self.action_requested.emit(row.port, str(row.extra.property("action") or ""))

    def _row_of(self, sender: object) -> DiagRow | None:
        if isinstance(sender, QPushButton) and isinstance(sender.parent(), DiagRow):
            parent = sender.parent()
            assert isinstance(parent, DiagRow)
            return parent
        return None
