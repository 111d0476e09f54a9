"""One camera frame to QR payloads, at single-decoder cost.

Measured on the seeded corpus (bench/qr_decode.py, 300 frames, seed 1): zxing-cpp with its own
retries off reads 217 frames at 3.8/8.3 ms p95 (720p/1080p); the four plain decoders together
(zxing-cpp defaults and fast, zbar binary mode, OpenCV Aruco) read 226. So the pipeline runs
zxing-cpp once with `return_errors` (one pass gives both the decodes and the symbols it located
but could not read) and, only when nothing decoded, cheap retries in the order the data favoured,
each only if it is expected to fit the frame's CPU budget. Frames each stage added (seed 1 / 2):
  - downscale 9 / 17: the frame at half size, area-averaged (noise on large modules);
  - roi 6 / 7: each located-but-unread symbol cropped, 2x upscaled, then CLAHE variants (glare:
    the frames only OpenCV read);
  - median 3 / 1: a 3x3 median (sensor noise, JPEG blocks);
  - upscale 4 / 6: the whole frame at 1.5x (small modules zxing did not even locate).
Seeds 1 and 2: every frame of the union and 13 / 10 more, 0 wrong. Held-out seed 3: 234 vs a
union of 227, missing 2 small-module receipts only zbar read; zbar as a fallback would cost
30-70 ms a frame, so it is not in the path. A sharpened and a half-size CLAHE retry added 0.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from devices.qr_camera.decoders import QR_ONLY, Decoded, utf8_or_none

Corners = tuple[tuple[float, float], ...]


@dataclass(frozen=True, slots=True)
class _Pass:
    decoded: list[Decoded]
    located: list[Corners]


def _corners(b: zxingcpp.Barcode) -> Corners:
    p = b.position
    pts = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
    return tuple((float(q.x), float(q.y)) for q in pts)


def _zxing(
    gray: np.ndarray, stage: str, scale: float = 1.0, offset: tuple[int, int] = (0, 0)
) -> _Pass:
    found = zxingcpp.read_barcodes(
        gray,
        formats=QR_ONLY,
        try_rotate=False,
        try_downscale=False,
        try_invert=False,
        return_errors=True,
    )
    decoded: list[Decoded] = []
    located: list[Corners] = []
    for b in found:
        pts = tuple((x / scale + offset[0], y / scale + offset[1]) for x, y in _corners(b))
        if b.valid:
            raw = bytes(b.bytes)
            decoded.append(Decoded(raw, utf8_or_none(raw), "zxing", stage, pts))
        else:
            located.append(pts)
    return _Pass(decoded, located)


def _roi(gray: np.ndarray, corners: Corners, margin: float = 0.2) -> tuple[np.ndarray, int, int]:
    pts = np.array(corners, np.float32)
    x0, y0 = pts.min(axis=0)
    x1, y1 = pts.max(axis=0)
    mx, my = (x1 - x0) * margin + 8, (y1 - y0) * margin + 8
    h, w = gray.shape[:2]
    xa, ya = max(0, int(x0 - mx)), max(0, int(y0 - my))
    xb, yb = min(w, int(x1 + mx)), min(h, int(y1 + my))
    return gray[ya:yb, xa:xb], xa, ya


Stage = Callable[[np.ndarray, list[Corners]], _Pass]


_CLAHE = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8))


def _located_regions(gray: np.ndarray, located: list[Corners]) -> _Pass:
    """Located-but-unread symbols, cropped: 2x upscaled, then local contrast (glare) variants."""
    for corners in located[:3]:
        crop, xa, ya = _roi(gray, corners)
        if crop.size == 0 or crop.shape[0] * crop.shape[1] > 600 * 600:
            continue
        big = cv2.resize(crop, None, fx=2.0, fy=2.0, interpolation=cv2.INTER_CUBIC)
        for stage, image, scale in (
            ("roi_upscale", big, 2.0),
            ("roi_clahe", _CLAHE.apply(crop), 1.0),
            ("roi_upscale_clahe", _CLAHE.apply(big), 2.0),
        ):
            got = _zxing(image, stage, scale, (xa, ya))
            if got.decoded:
                return got
    return _Pass([], [])


def _downscale(gray: np.ndarray, located: list[Corners]) -> _Pass:
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    return _zxing(small, "downscale", 0.5)


def _median(gray: np.ndarray, located: list[Corners]) -> _Pass:
    return _zxing(cv2.medianBlur(gray, 3), "median")


def _upscale_frame(gray: np.ndarray, located: list[Corners]) -> _Pass:
    big = cv2.resize(gray, None, fx=1.5, fy=1.5, interpolation=cv2.INTER_LINEAR)
    return _zxing(big, "upscale", 1.5)


# (name, stage, CPU ms per megapixel near its p95 here): a stage only starts when it is expected
# to finish inside the frame's budget, so the budget bounds the worst case, not just the start.
DEFAULT_STAGES: tuple[tuple[str, Stage, float], ...] = (
    ("downscale", _downscale, 1.2),
    ("roi", _located_regions, 1.5),
    ("median", _median, 1.8),
    ("upscale", _upscale_frame, 6.0),
)


class QrPipeline:
    """Decode a grayscale frame; retries stop once something valid decodes or time runs out.

    The budget is measured in this thread's CPU time: it bounds the work spent on a frame, and
    the set of stages tried does not depend on how busy the machine is."""

    def __init__(
        self,
        stages: Sequence[tuple[str, Stage, float]] = DEFAULT_STAGES,
        budget_s: float = 0.013,
        clock: Callable[[], float] = time.thread_time,
    ) -> None:
        self._stages = tuple(stages)
        self._budget = budget_s
        self._clock = clock

    def decode(self, gray: np.ndarray) -> list[Decoded]:
        if gray.ndim == 3:
            gray = cv2.cvtColor(gray, cv2.COLOR_BGR2GRAY)
        start = self._clock()
        first = _zxing(gray, "zxing")
        if (
            first.decoded
        ):  # error-corrected bytes: a retry reads the same (invalid UTF-8 stays flagged)
            return first.decoded
        megapixels = gray.shape[0] * gray.shape[1] / 1e6
        # 720p gets `budget_s`; bigger frames get more, but less than in proportion to area
        budget = self._budget * max(1.0, megapixels / 0.9216) ** 0.65
        for _name, stage, ms_per_mp in self._stages:
            if self._clock() - start + ms_per_mp * megapixels / 1000 > budget:
                continue
            got = stage(gray, first.located)
            if got.decoded:
                return got.decoded
        return []


_DEFAULT = QrPipeline()


def decode_frame(gray: np.ndarray) -> list[Decoded]:
    return _DEFAULT.decode(gray)
