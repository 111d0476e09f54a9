"""Receipt: "take your receipt" with one big "Đã nhận" button; or, when nothing could be printed,
the dossier code, the appointment and the receipt's QR on screen (a phone can photograph it),
with "Nhờ cán bộ hỗ trợ" beside "Xong".

Thin: `show_view(ReceiptView)`; the buttons emit `*_requested`.
"""

from __future__ import annotations

import zxingcpp
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.receipt_view import ReceiptView
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

QR_MM = 45.0  # on screen: big enough for a phone held at arm's length


def qr_pixmap(payload: str, side_px: int) -> QPixmap:
    """The receipt QR (level M, 4-module quiet zone) as a pixmap of at least `side_px`, in whole
    pixels per module (sharp edges for a phone camera)."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=True)
    height, width = modules.shape
    data = bytes(memoryview(modules))  # type: ignore[arg-type]  # a buffer; the stubs omit it
    image = QImage(data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    scale = max(2, -(-side_px // width))  # at least side_px: the phone needs the size
    return QPixmap.fromImage(
        image.scaled(width * scale, height * scale, mode=Qt.TransformationMode.FastTransformation)
    )


class ReceiptScreen(ScreenBase):
    screen_id = "receipt"
    taken_requested = Signal()
    done_requested = Signal()
    staff_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReceiptScreen")
        self._title = text_label("ReceiptTitle", "display")
        self._hint = text_label("ReceiptHint", "body", muted=True)
        self._code = text_label("ReceiptCode", "title")
        self._appointment = text_label("ReceiptAppointment", "body")
        self._qr = QLabel(self)
        self._qr.setObjectName("ReceiptQr")
        self._qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._primary = kiosk_button("ReceiptPrimary", "primary")
        self._staff = kiosk_button("ReceiptStaff", "secondary")
        self._primary.clicked.connect(self._on_primary)
        self._staff.clicked.connect(self.staff_requested)
        self._printed = True
        self._big_code = False
        self._theme: Theme | None = None
        self._qr_px = 300
        self._payload = ""

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self._staff)
        buttons.addWidget(self._primary)
        buttons.addStretch(1)
        self._buttons = buttons
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (self._title, self._hint, self._qr, self._code, self._appointment):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        self._buttons.setSpacing(theme.gap_px * 2)
        self._qr_px = round(QR_MM * theme.px_per_mm)
        self._theme = theme
        self._set_code_font()
        self._set_qr()

    def show_view(self, view: ScreenView | ReceiptView) -> None:
        assert isinstance(view, ReceiptView)
        self._printed = view.printed
        self._title.setText(view.title)
        self._hint.setText(view.hint)
        self._code.setText(view.code_line)
        self._appointment.setText(view.appointment_line)
        self._primary.setText(view.primary_label)
        self._primary.setVisible(bool(view.primary_label))  # none while printing
        self._staff.setText(view.staff_label)
        self._staff.setVisible(bool(view.staff_label))
        self._payload = view.qr_payload
        self._big_code = view.big_code
        self._set_code_font()
        self._set_qr()

    def _set_code_font(self) -> None:
        """The code in the biggest type when it is the citizen's only record (no printer)."""
        if self._theme is not None:
            self._code.setFont(self._theme.font("display" if self._big_code else "title"))

    def _set_qr(self) -> None:
        if self._payload:
            pixmap = qr_pixmap(self._payload, self._qr_px)
            self._qr.setPixmap(pixmap)
            self._qr.setMinimumHeight(pixmap.height())  # never squeezed: a cut QR is useless
        else:
            self._qr.clear()
            self._qr.setMinimumHeight(0)
        self._qr.setVisible(bool(self._payload))

    def reset(self) -> None:
        super().reset()
        self._payload = ""
        self._qr.clear()
        self._big_code = False
        self._set_code_font()

    def _on_primary(self) -> None:
        (self.taken_requested if self._printed else self.done_requested).emit()
