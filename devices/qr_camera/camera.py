"""Camera QR source: OpenCV capture on its own worker thread, decoded by `QrPipeline`.

A video file path works as the camera (tests and the bench play clips through it).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, cast

import cv2
import numpy as np

from devices.qr_camera.accumulate import FrameAccumulator
from devices.qr_camera.decoders import Decoded
from devices.qr_camera.pipeline import decode_frame
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock
from kiosk.ports.qr_source import QrPreview, QrScan

log = logging.getLogger(__name__)

Roi = tuple[float, float, float, float]  # x, y, w, h as fractions of the frame: the frame guide


class Capture(Protocol):
    def isOpened(self) -> bool: ...
    def read(self) -> tuple[bool, np.ndarray | None]: ...
    def release(self) -> None: ...


def open_capture(device: int | str) -> Capture:
    return cast(Capture, cv2.VideoCapture(device))


@dataclass(frozen=True, slots=True)
class PreviewFrame:
    frame: np.ndarray  # the frame as captured (BGR or gray), not drawn on
    guide: tuple[int, int, int, int]  # x, y, w, h in frame pixels: where to hold the code
    decoded: bool  # this frame gave a payload (the UI can flash the guide)


class CameraQrSource:
    def __init__(
        self,
        device: int | str,
        clock: Clock,
        fps_cap: float = 15.0,
        roi: Roi | None = (0.15, 0.1, 0.7, 0.8),
        *,
        max_width: int = 1920,
        dedup_s: float = 3.0,
        stall_frames: int = 30,
        reopen_s: float | None = 2.0,
        accumulate: int = 6,
        decode: Callable[[np.ndarray], list[Decoded]] = decode_frame,
        capture_factory: Callable[[int | str], Capture] = open_capture,
        name: str = "camera",
        preview_fps: float = 10.0,
        preview_width: int = 640,
    ) -> None:
        self._device = device
        self._clock = clock
        self._period = 1.0 / fps_cap if fps_cap > 0 else 0.0
        self._roi = roi
        self._max_width = max_width
        self._dedup_s = dedup_s
        self._stall_frames = stall_frames
        self._reopen_s = reopen_s
        self._decode = decode
        self._factory = capture_factory
        self._name = name
        self._acc = FrameAccumulator(accumulate) if accumulate > 1 else None
        self._subscribers: list[Callable[[QrScan], None]] = []
        self._previews: list[Callable[[PreviewFrame], None]] = []
        self._live: list[Callable[[QrPreview], None]] = []
        self._live_period = 1.0 / preview_fps if preview_fps > 0 else 0.0
        self._live_width = preview_width
        self._live_next: float | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._capture: Capture | None = None
        self._health = HealthReport(HealthState.NOT_READY, "not opened")
        self._last_sent: dict[bytes, float] = {}
        self.frames_read = 0  # for tests and the bench: frames decoded so far

    # -- QrSource -------------------------------------------------------------------------
    def open(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._try_open()
        self._thread = threading.Thread(target=self._run, name=f"qr-{self._name}", daemon=True)
        self._thread.start()

    def health(self) -> HealthReport:
        with self._lock:
            return self._health

    def subscribe(self, callback: Callable[[QrScan], None]) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def subscribe_preview(self, callback: Callable[[PreviewFrame], None]) -> None:
        """Latest frame and its guide rectangle, on the worker thread; keep the callback short."""
        with self._lock:
            self._previews.append(callback)

    def subscribe_live_preview(self, callback: Callable[[QrPreview], None]) -> None:
        """QrPreviewSource: small gray frames for the screen, at most `preview_fps` a second."""
        with self._lock:
            self._live.append(callback)

    def close(self) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)
        self._release()
        self._set_health(HealthReport(HealthState.NOT_READY, "closed"))

    # -- worker ---------------------------------------------------------------------------
    def _set_health(self, report: HealthReport) -> None:
        with self._lock:
            changed = report != self._health
            self._health = report
        if changed:
            log.info("camera %s health %s: %s", self._name, report.state, report.detail)

    def _try_open(self) -> bool:
        try:
            capture = self._factory(self._device)
            opened = capture.isOpened()
        except Exception as exc:  # OpenCV raises cv2.error for some bad device strings
            log.warning("camera %s open failed: %s", self._name, exc)
            opened = False
        if not opened:
            self._set_health(HealthReport(HealthState.NOT_READY, "camera cannot be opened"))
            return False
        self._capture = capture
        self._set_health(READY)
        return True

    def _release(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()

    def _run(self) -> None:
        failures = 0
        while not self._stop.is_set():
            if self._capture is None:
                if self._reopen_s is None or self._clock.wait(self._reopen_s, self._stop):
                    return
                self._try_open()
                continue
            started = self._clock.monotonic()
            ok, frame = self._capture.read()
            if not ok or frame is None:
                failures += 1
                if failures >= self._stall_frames or self._reopen_s is None:
                    self._release()
                    self._set_health(
                        HealthReport(HealthState.NOT_READY, "camera stopped delivering frames")
                    )
                    failures = 0
                continue
            failures = 0
            self._set_health(READY)
            try:
                self._handle(frame)
            except Exception:  # a bad frame or a subscriber bug must not kill the camera
                log.exception("camera %s: frame handling failed", self._name)
            rest = self._period - (self._clock.monotonic() - started)
            if rest > 0 and self._clock.wait(rest, self._stop):
                return

    def _guide(self, w: int, h: int) -> tuple[int, int, int, int]:
        if self._roi is None:
            return 0, 0, w, h
        x, y, rw, rh = self._roi
        return int(x * w), int(y * h), int(rw * w), int(rh * h)

    def _handle(self, frame: np.ndarray) -> None:
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        h, w = gray.shape[:2]
        gx, gy, gw, gh = self._guide(w, h)
        crop = gray[gy : gy + gh, gx : gx + gw]
        if crop.shape[1] > self._max_width:  # research: downscaling costs decodes; only if huge
            scale = self._max_width / crop.shape[1]
            crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        self.frames_read += 1
        found = self._valid(self._decode(crop))
        if self._acc is not None:
            if found:
                self._acc.reset()
            else:
                mean = self._acc.add(crop)
                if mean is not None:
                    found = self._valid(self._decode(mean))
        for decoded in found:
            self._deliver(decoded)
        with self._lock:
            previews = list(self._previews)
        for preview in previews:
            try:
                preview(PreviewFrame(frame, (gx, gy, gw, gh), bool(found)))
            except Exception:  # a UI bug must not stop scanning
                log.exception("camera %s: preview subscriber failed", self._name)
        self._send_live(gray, (gx, gy, gw, gh), bool(found))

    def _send_live(self, gray: np.ndarray, guide: tuple[int, int, int, int], found: bool) -> None:
        with self._lock:
            live = list(self._live)
        now = self._clock.monotonic()
        if not live or (self._live_next is not None and now < self._live_next - 1e-6):
            return
        period, last = self._live_period, self._live_next
        # paced on a grid so a 15 fps camera gives 10 previews a second, not every other frame
        if last is None or now - last >= period:
            self._live_next = now + period
        else:
            self._live_next = last + period
        h, w = gray.shape[:2]
        scale = min(1.0, self._live_width / w)
        small = gray
        if scale < 1.0:
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
        small = np.ascontiguousarray(small, dtype=np.uint8)
        sh, sw = small.shape[:2]
        gx, gy, gw, gh = (round(v * scale) for v in guide)
        preview = QrPreview(sw, sh, small.tobytes(), (gx, gy, gw, gh), found)
        for callback in live:
            try:
                callback(preview)
            except Exception:  # a UI bug must not stop scanning
                log.exception("camera %s: live preview subscriber failed", self._name)

    def _valid(self, decoded: list[Decoded]) -> list[Decoded]:
        for bad in (d for d in decoded if not d.valid):
            # never guessed into text: a legacy-charset printer or a damaged code; the citizen
            # simply sees no scan and is asked again by the flow's own timeout
            log.warning(
                "camera %s: dropped a %d-byte payload that is not UTF-8", self._name, len(bad.raw)
            )
        return [d for d in decoded if d.valid]

    def _deliver(self, decoded: Decoded) -> None:
        assert decoded.text is not None
        now = self._clock.monotonic()
        last = self._last_sent.get(decoded.raw)
        self._last_sent = {k: t for k, t in self._last_sent.items() if now - t < self._dedup_s}
        if last is not None and now - last < self._dedup_s:
            self._last_sent[decoded.raw] = now  # still held in view: keep suppressing
            return
        self._last_sent[decoded.raw] = now
        scan = QrScan(payload=decoded.text, raw=decoded.raw, source=self._name)
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(scan)
            except Exception:
                log.exception("camera %s: scan subscriber failed", self._name)
