"""What the papers step runs on the scanner's worker thread; none of it touches a widget.

Each job returns a JobResult and never raises: a scanner or adapter failure becomes an Outcome
with a prompt id, so the citizen always hears something and the step can go on.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

from kiosk.ports.document_scanner import (
    ColourMode,
    DocumentScanner,
    PagePreview,
    ScanError,
    ScannedPage,
    ScanSettings,
    ScanSource,
)
from kiosk.services.papers import Outcome, PapersService, PapersState

log = logging.getLogger("ui.papers_controller")

THUMB_HEIGHT_PX = 240  # the strip scales it down; enough for a crisp 35 mm thumbnail
PREVIEW_HEIGHT_PX = 900  # the last page, shown big while no live preview exists
OUTLINE = QColor("#1E7A34")


@dataclass(frozen=True, slots=True)
class JobResult:
    generation: int
    kind: str  # "capture" | "retake" | "finish" | "counter" | "staff"
    outcome: Outcome
    state: PapersState
    images: tuple[tuple[QImage, QImage], ...] = ()  # (thumbnail, preview) per page added


def page_image(page: ScannedPage, height: int) -> QImage:
    """A scaled copy of the page (grey or RGB) as a QImage of `height` pixels."""
    if page.mode is ColourMode.GRAY:
        fmt, line = QImage.Format.Format_Grayscale8, page.width
    else:
        fmt, line = QImage.Format.Format_RGB888, page.width * 3
    image = QImage(page.pixels, page.width, page.height, line, fmt)
    # scaled() copies, so the QImage no longer points into the page's bytes
    return image.scaledToHeight(
        min(height, page.height), Qt.TransformationMode.SmoothTransformation
    )


def preview_image(preview: PagePreview) -> QImage:
    """A camera frame with the page outline the scanner found, drawn in green."""
    gray = QImage(
        preview.gray, preview.width, preview.height, preview.width, QImage.Format.Format_Grayscale8
    )
    image = gray.convertToFormat(QImage.Format.Format_RGB32)  # a copy we may draw on
    if preview.outline is not None:
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(OUTLINE, max(2.0, preview.width / 160))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in preview.outline]))
        painter.end()
    return image


class CaptureJob:
    """Scan (one page, or the feeder's batch) and attach it: added, or replacing the last page."""

    def __init__(
        self,
        scanner: DocumentScanner,
        service: PapersService,
        settings: ScanSettings,
        generation: int,
        replace: bool,
        max_pages: int,
    ) -> None:
        self._scanner, self._service, self._settings = scanner, service, settings
        self._generation, self._replace, self._max_pages = generation, replace, max_pages

    def __call__(self) -> JobResult:
        kind = "retake" if self._replace else "capture"
        before = _pages_now(self._service.state)
        try:
            if self._settings.source is ScanSource.ADF and not self._replace:
                pages = self._scanner.scan_pages(self._settings, max_pages=self._max_pages)
            else:
                pages = [self._scanner.scan_page(self._settings)]
        except ScanError as exc:
            outcome = self._service.scan_failed(exc)  # keeps a feeder's pages scanned so far
            state = self._service.state
            kept = exc.pages[: max(0, _pages_now(state) - before)]
            return JobResult(self._generation, kind, outcome, state, _images(kept))
        except Exception as exc:  # an adapter bug must become a spoken problem, not a crash
            log.exception("papers: scanner raised")
            outcome = self._service.scan_failed(exc)
            return JobResult(self._generation, kind, outcome, self._service.state)
        added: list[ScannedPage] = []
        outcome = Outcome(False, "papers.no_pages", "scanner returned no page")
        for page in pages:
            if self._replace:
                outcome = self._service.replace_last(page)
            else:
                outcome = self._service.add_page(page)
            if not outcome.ok:
                break
            added.append(page)
        return JobResult(self._generation, kind, outcome, self._service.state, _images(added))


def _pages_now(state: PapersState) -> int:
    item = state.current_item
    return 0 if item is None else item.pages


class ServiceJob:
    """A call on the service (finish, counter, wipe) with its state afterwards."""

    def __init__(
        self, kind: str, call: Callable[[], Outcome], service: PapersService, generation: int
    ) -> None:
        self._kind, self._call, self._service, self._generation = kind, call, service, generation

    def __call__(self) -> JobResult:
        try:
            outcome = self._call()
        except Exception as exc:
            log.exception("papers: %s failed", self._kind)
            outcome = Outcome(False, "papers.page_unreadable", type(exc).__name__)
        return JobResult(self._generation, self._kind, outcome, self._service.state)


def _images(
    pages: list[ScannedPage] | tuple[ScannedPage, ...],
) -> tuple[tuple[QImage, QImage], ...]:
    return tuple((page_image(p, THUMB_HEIGHT_PX), page_image(p, PREVIEW_HEIGHT_PX)) for p in pages)


class PreviewInbox:
    """What the scanning thread calls with camera frames. After `close()` nothing reaches Qt."""

    def __init__(self, emit: Callable[[object], None]) -> None:
        self._emit = emit
        self._lock = threading.Lock()
        self._open = True
        self.wants = False  # set on the GUI thread while the papers step shows

    def on_preview(self, preview: PagePreview) -> None:
        with self._lock:
            if not (self._open and self.wants):
                return
        try:
            image = preview_image(preview)
        except Exception:
            log.exception("papers: preview frame dropped")
            return
        with self._lock:
            if self._open and self.wants:
                self._emit((image, preview.prompt_id))

    def close(self) -> None:
        with self._lock:
            self._open = False
