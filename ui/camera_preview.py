"""The camera's live picture with the frame guide: the citizen sees where to hold the code.

Frames arrive already on the GUI thread (the identify controller queues them through a Qt
signal); the widget keeps only the latest one, and `wipe()` drops it: a frame may show a face.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, QSize, Qt, QThread
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk.ports.qr_source import QrPreview
from ui.theme import Theme

log = logging.getLogger(__name__)

MIN_WIDTH_MM = 60.0  # smaller and an elderly eye cannot see the code inside the guide
IDEAL_WIDTH_MM = 150.0
ASPECT = 3 / 4  # most USB cameras; the picture keeps its own aspect inside this box
GUIDE_MM = 1.5  # guide line width on the glass
DECODED = "#1E7A34"  # the guide turns green on the frame that read the code


class CameraPreview(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentifyCameraPreview")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._ppm = 4.0
        self._guide = QColor("#0B3A75")
        self.frames_shown = 0  # for tests: frames drawn since the widget was built

    def apply(self, theme: Theme) -> None:
        self._ppm = theme.px_per_mm
        self._guide = QColor(theme.colours.primary)
        self.setMinimumWidth(round(MIN_WIDTH_MM * self._ppm))
        self.setMinimumHeight(round(MIN_WIDTH_MM * ASPECT * self._ppm))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(round(IDEAL_WIDTH_MM * self._ppm), round(IDEAL_WIDTH_MM * ASPECT * self._ppm))

    def show_preview(self, preview: QrPreview | None) -> None:
        """Draw the frame and its guide; None clears the picture."""
        if QThread.currentThread() is not self.thread():  # QPixmap off the GUI thread crashes
            log.error("camera preview: frame delivered off the GUI thread, dropped")
            return
        if preview is None or not self.isVisible():
            self.wipe()
            return
        self.setPixmap(self._render(preview))
        self.frames_shown += 1

    def wipe(self) -> None:
        self.clear()  # drops the pixmap: nothing of the citizen stays on the screen

    def _render(self, preview: QrPreview) -> QPixmap:
        gray = QImage(
            preview.gray,
            preview.width,
            preview.height,
            preview.width,
            QImage.Format.Format_Grayscale8,
        )
        box = self.contentsRect().size()
        scale = min(box.width() / preview.width, box.height() / preview.height)
        w, h = max(1, round(preview.width * scale)), max(1, round(preview.height * scale))
        image = gray.convertToFormat(QImage.Format.Format_RGB32).scaled(
            w, h, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )  # converting copies: the QImage no longer points into the frame's bytes
        gx, gy, gw, gh = preview.guide
        guide = QRectF(gx * scale, gy * scale, gw * scale, gh * scale)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outside = QPainterPath()
        outside.addRect(QRectF(0, 0, w, h))
        inside = QPainterPath()
        inside.addRect(guide)
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 110))  # dim what is outside
        width = GUIDE_MM * self._ppm
        for colour, pen_w in ((QColor("#FFFFFF"), width * 1.8), (self._guide, width)):
            if preview.decoded:
                colour = QColor(DECODED) if pen_w == width else colour
            pen = QPen(colour, pen_w)  # white under the colour: visible on a dark or light scene
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawRect(guide)
        painter.end()
        return QPixmap.fromImage(image)
