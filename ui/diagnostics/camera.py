"""Camera frames for the live view: they arrive on the camera's thread; the bridge scores their
focus there and hands them to the GUI thread by a signal (queued to a bound method)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.ports.document_scanner import PagePreview
from kiosk.ports.qr_source import QrPreview
from kiosk.services.diagnostics.focus import laplacian_variance
from ui.diagnostics.jobs import gray_image


class FrameBridge(QObject):
    frame = Signal(object, float)  # QImage, focus score

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.live = False

    def page(self, preview: PagePreview) -> None:  # camera thread
        self._send(preview.gray, preview.width, preview.height)

    def qr(self, preview: QrPreview) -> None:  # camera thread
        self._send(preview.gray, preview.width, preview.height)

    def _send(self, gray: bytes, width: int, height: int) -> None:
        if not self.live:  # subscriptions cannot be undone: frames outside the view are dropped
            return
        score = laplacian_variance(gray, width, height)
        self.frame.emit(gray_image(gray, width, height), score)
