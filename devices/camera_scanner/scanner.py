"""The DocumentScanner port over a document camera (OpenCV), with live page previews.

`scan_page` blocks (run it in a worker): it reads frames, finds the page and checks it in each,
publishes a small preview with the outline and the current advice, and takes the page by itself
once it has passed every check and stayed still for `hold_s`. Until then the citizen hears the
advice; after `timeout_s` without a good page it raises PoorCapture with that advice — never an
empty page. A camera that cannot reach `min_dpi` on the page raises ResolutionTooLow and tells
the technician through health(), instead of handing on a page too coarse to submit.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol, cast

import cv2
import numpy as np

from devices.camera_scanner.detect import Detection, find_page
from devices.camera_scanner.process import correct_page
from devices.camera_scanner.quality import Quality, assess
from devices.camera_scanner.steady import Steadiness
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock
from kiosk.ports.document_scanner import (
    CaptureAdvice,
    ColourMode,
    DeviceBusy,
    NoDevice,
    PagePreview,
    PoorCapture,
    ResolutionTooLow,
    ScanCancelled,
    ScannedPage,
    ScanSettings,
)

log = logging.getLogger(__name__)


class Capture(Protocol):
    def isOpened(self) -> bool: ...
    def read(self) -> tuple[bool, np.ndarray | None]: ...
    def release(self) -> None: ...


def open_capture(device: int | str) -> Capture:
    """A camera by index or device path (/dev/video0), or a video file (tests, the bench)."""
    return cast(Capture, cv2.VideoCapture(device))


class CameraDocumentScanner:
    def __init__(
        self,
        device: int | str,
        clock: Clock,
        *,
        min_dpi: int = 200,
        hold_s: float = 1.0,
        min_still_frames: int = 3,
        timeout_s: float = 60.0,
        fps_cap: float = 10.0,
        paper_mm: tuple[float, float] = (210.0, 297.0),
        stall_frames: int = 30,
        capture_factory: Callable[[int | str], Capture] = open_capture,
        name: str = "document-camera",
    ) -> None:
        if fps_cap <= 0 or timeout_s <= 0 or min_dpi < 0:
            raise ValueError("fps_cap and timeout_s must be > 0, min_dpi >= 0")
        self._device = device
        self._clock = clock
        self._min_dpi = min_dpi
        self._hold_s = hold_s
        self._min_frames = min_still_frames
        self._timeout_s = timeout_s
        self._period = 1.0 / fps_cap
        self._paper_inch = (paper_mm[0] / 25.4, paper_mm[1] / 25.4)
        self._stall_frames = stall_frames
        self._factory = capture_factory
        self._name = name
        self._lock = threading.Lock()
        self._scan_lock = threading.Lock()
        self._cancel = threading.Event()
        self._capture: Capture | None = None
        self._open = False
        self._health = HealthReport(HealthState.NOT_READY, "not open")
        self._previews: list[Callable[[PagePreview], None]] = []
        self.last_quality: Quality | None = None  # diagnostics: the last frame's checks

    # --- port -------------------------------------------------------------------------------

    def open(self) -> None:
        """Idempotent; never raises (a missing camera shows in health(), the scan retries)."""
        with self._lock:
            if self._open:
                return
            self._open = True
        try:
            self._ensure_capture()
        except NoDevice as error:
            log.warning("document camera: %s", error)

    def health(self) -> HealthReport:
        with self._lock:
            return self._health

    def subscribe_page_preview(self, callback: Callable[[PagePreview], None]) -> None:
        with self._lock:
            self._previews.append(callback)

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        with self._lock:
            if not self._open:
                raise NoDevice("document camera is not open")
        if not self._scan_lock.acquire(blocking=False):
            raise DeviceBusy("another capture is in progress on this camera")
        try:
            self._cancel.clear()
            return self._capture_page(settings)
        finally:
            self._scan_lock.release()

    def scan_pages(
        self,
        settings: ScanSettings,
        max_pages: int | None = None,
        on_page: Callable[[ScannedPage], None] | None = None,
    ) -> list[ScannedPage]:
        """A camera has no feeder: one page per call, whatever the source (the UI asks again
        for the next page, with its own "Chụp trang tiếp" button)."""
        if max_pages is not None and max_pages < 1:
            raise ValueError(f"max_pages must be >= 1, got {max_pages}")
        page = self.scan_page(settings)
        if on_page is not None:
            on_page(page)
        return [page]

    def cancel(self) -> None:
        self._cancel.set()

    def close(self) -> None:
        with self._lock:
            if not self._open:
                return
            self._open = False
        self._cancel.set()
        with self._scan_lock:
            with self._lock:
                capture, self._capture = self._capture, None
                self._health = HealthReport(HealthState.NOT_READY, "not open")
            if capture is not None:
                capture.release()

    # --- the capture loop -------------------------------------------------------------------

    def _capture_page(self, settings: ScanSettings) -> ScannedPage:
        capture = self._ensure_capture()
        steady = Steadiness(self._clock, self._hold_s, self._min_frames)
        deadline = self._clock.monotonic() + self._timeout_s
        advice: tuple[CaptureAdvice, ...] = (CaptureAdvice.NO_PAGE,)
        misses = 0
        while True:
            if self._cancel.is_set():
                raise ScanCancelled("capture cancelled")
            if self._clock.monotonic() >= deadline:
                log.info("document camera: no good page in %.0f s: %s", self._timeout_s, advice)
                raise PoorCapture(advice or (CaptureAdvice.HOLD_STILL,))
            started = self._clock.monotonic()
            ok, frame = capture.read()
            if not ok or frame is None:
                misses += 1
                if misses >= self._stall_frames:
                    self._drop_capture(f"camera {self._device!r} gives no frames")
                    raise NoDevice(f"camera {self._device!r} gives no frames")
                self._pause(started)
                continue
            misses = 0
            # grey once per frame, shared: detection shrinks one channel instead of three
            gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
            detection = find_page(gray)
            quality = assess(
                frame, detection, min_dpi=self._min_dpi, gray=gray, paper_inch=self._paper_inch
            )
            self.last_quality = quality
            long_side = float(max(detection.small_gray.shape))
            moving = detection.quad is not None and steady.moved(detection.quad, long_side)
            blocking = tuple(a for a in quality.advice if a is not CaptureAdvice.LOW_RESOLUTION)
            progress = steady.update(detection.quad, not blocking, long_side)
            advice = quality.advice
            if not advice and moving:
                advice = (CaptureAdvice.HOLD_STILL,)
            self._publish(detection, advice[0] if advice else None, progress)
            if progress >= 1.0:
                if CaptureAdvice.LOW_RESOLUTION in quality.advice:
                    raise self._too_coarse(quality, frame.shape)
                return self._take(frame, gray, detection, quality, settings)
            self._pause(started)

    def _take(
        self,
        frame: np.ndarray,
        gray: np.ndarray,
        detection: Detection,
        quality: Quality,
        settings: ScanSettings,
    ) -> ScannedPage:
        quad = detection.frame_quad
        assert quad is not None
        mode = settings.mode if frame.ndim == 3 else ColourMode.GRAY  # no colour to give
        page = correct_page(
            frame,
            quad,
            mode,
            gray=gray,
            view=quality.view,
            paper_inch=self._paper_inch,
            # the page is kept at the resolution asked for (never under min_dpi); a 12 MP
            # camera has more, and warping straight to it halves the work downstream
            page_dpi=max(settings.dpi, self._min_dpi),
        )
        image = page.image
        with self._lock:
            self._health = READY
        log.info(
            "document camera: page %dx%d at %d dpi (skew %.1f°)",
            image.shape[1],
            image.shape[0],
            page.dpi,
            page.skew_deg,
        )
        return ScannedPage(image.shape[1], image.shape[0], page.dpi, mode, image.tobytes())

    def _too_coarse(self, quality: Quality, shape: tuple[int, ...]) -> ResolutionTooLow:
        detail = (
            f"camera {self._device!r} frame {shape[1]}x{shape[0]} gives {quality.effective_dpi} "
            f"dpi on the paper, {self._min_dpi} needed: use a higher-resolution camera or "
            "bring it closer"
        )
        log.warning("document camera: %s", detail)
        with self._lock:
            self._health = HealthReport(HealthState.NEEDS_TECHNICIAN, detail)
        return ResolutionTooLow(quality.effective_dpi, self._min_dpi, detail)

    def _publish(self, detection: Detection, advice: CaptureAdvice | None, steady: float) -> None:
        with self._lock:
            callbacks = list(self._previews)
        if not callbacks:
            return
        small = detection.small_gray
        outline = None
        if detection.quad is not None:
            outline = tuple((round(float(x)), round(float(y))) for x, y in detection.quad)
        preview = PagePreview(
            small.shape[1], small.shape[0], small.tobytes(), outline, advice, steady
        )
        for callback in callbacks:
            try:
                callback(preview)
            except Exception:  # a broken screen must not stop the capture
                log.exception("document camera: preview subscriber %r raised", callback)

    def _pause(self, started: float) -> None:
        left = self._period - (self._clock.monotonic() - started)
        if left > 0:
            self._clock.wait(left, self._cancel)

    # --- the camera -------------------------------------------------------------------------

    def _ensure_capture(self) -> Capture:
        with self._lock:
            if self._capture is not None:
                return self._capture
        capture = self._factory(self._device)
        if not capture.isOpened():
            capture.release()
            detail = f"camera {self._device!r} cannot be opened"
            with self._lock:
                self._health = HealthReport(HealthState.NOT_READY, detail)
            raise NoDevice(detail)
        with self._lock:
            self._capture = capture
            self._health = READY
        return capture

    def _drop_capture(self, detail: str) -> None:
        with self._lock:
            capture, self._capture = self._capture, None
            self._health = HealthReport(HealthState.NOT_READY, detail)
        if capture is not None:
            capture.release()
