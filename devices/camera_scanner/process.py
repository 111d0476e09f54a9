"""The page out of the frame: one perspective warp (deskew folded in) straight to the resolution
the page is kept at, then the lighting evened out. Detection and checks ran on small copies;
this is the only work on the full frame, done once per captured page.

A 12 MP camera sees A4 at ~280 dpi; the page is kept at `page_dpi` (the scan settings' dpi,
200 by default). Warping at the camera's resolution and scaling down afterwards costs twice the
pixels in the warp, the lighting and the packer (bench: a 12 MP colour page, capture and
packing, went from ~225 to ~100 ms CPU).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from devices.camera_scanner.quality import A4_INCH, canonical_view, page_size_px
from kiosk.ports.document_scanner import ColourMode

PAPER_WHITE = 242  # where evened-out paper lands: white, with headroom for the packer's JPEG
ASPECT_SNAP = 0.12  # an outline within 12 % of the paper's aspect is taken to be that paper
MAX_SKEW_DEG = 2.0  # content deskew searches ±this; more is an outline problem, not skew
MIN_SKEW_DEG = 0.3  # below this, leave the page alone (resampling costs sharpness)


@dataclass(frozen=True, slots=True)
class CorrectedPage:
    image: np.ndarray  # 8-bit gray (H, W) or RGB (H, W, 3), the page only, upright
    homography: np.ndarray  # 3x3: frame pixels → page pixels
    dpi: int  # dots per inch on the paper: the frame's own, or page_dpi when it had more
    skew_deg: float  # the content rotation folded into the warp
    timings: dict[str, float] = field(default_factory=dict)  # step → seconds (bench)


def output_size(
    quad: np.ndarray, paper_inch: tuple[float, float] = A4_INCH, page_dpi: int | None = None
) -> tuple[int, int]:
    """Page pixels: the frame's resolution along the better-resolved side, lowered to
    `page_dpi` when the frame has more (never raised: an upscaled page only looks sharper)."""
    width, height = page_size_px(quad)
    aspect = paper_inch[1] / paper_inch[0]
    if abs(height / width - aspect) / aspect <= ASPECT_SNAP:
        width = max(width, height / aspect)
        height = width * aspect
    if page_dpi is not None and width > page_dpi * paper_inch[0]:
        # ceil: the page's dpi, round(width / paper width), must not fall under page_dpi
        scale = math.ceil(page_dpi * paper_inch[0]) / width
        width, height = width * scale, height * scale
    return max(1, round(width)), max(1, round(height))


def estimate_skew(view: np.ndarray) -> float:
    """Degrees the text lines are turned (counter-clockwise positive) on a straightened page:
    the angle whose horizontal projection of ink is peakiest (lines fall into rows). Coarse
    (0.5°) then fine (0.25°), on a half-size copy: ~1 ms."""
    half = cv2.resize(view, (view.shape[1] // 2, view.shape[0] // 2), interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(half, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 9, 10)
    h, w = ink.shape
    centre = (w / 2, h / 2)
    scores: dict[float, float] = {}

    def score(angle: float) -> float:
        if angle not in scores:
            turned = cv2.warpAffine(ink, cv2.getRotationMatrix2D(centre, -angle, 1.0), (w, h))
            rows = turned[h // 20 : -h // 20, w // 20 : -w // 20].sum(axis=1, dtype=np.float64)
            scores[angle] = float(np.var(rows))
        return scores[angle]

    coarse = max(np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-6, 0.5), key=lambda a: score(float(a)))
    return max((coarse - 0.25, coarse, coarse + 0.25), key=lambda a: score(float(a)))


def correct_page(
    frame: np.ndarray,
    quad: np.ndarray,
    mode: ColourMode,
    *,
    gray: np.ndarray | None = None,
    view: np.ndarray | None = None,
    paper_inch: tuple[float, float] = A4_INCH,
    page_dpi: int | None = None,
    deskew: bool = True,
    clock: Callable[[], float] = time.perf_counter,
) -> CorrectedPage:
    """`quad`: TL, TR, BR, BL in frame pixels. `gray`: the frame in grey, and `view`: the
    quality checks' canonical view of this page, if already made (they are reused).
    `page_dpi`: the resolution to keep (None: the frame's own)."""
    timings: dict[str, float] = {}
    t = clock()
    quad = quad.astype(np.float32)
    out_w, out_h = output_size(quad, paper_inch, page_dpi)
    target = np.array([[0, 0], [out_w, 0], [out_w, out_h], [0, out_h]], np.float32)
    homography = cv2.getPerspectiveTransform(quad, target)
    if gray is None and (deskew or mode is ColourMode.GRAY):
        gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    skew = 0.0
    if deskew:
        assert gray is not None
        if view is None:
            view = canonical_view(gray, quad, paper_inch)
        skew = float(estimate_skew(view))
        if abs(skew) >= MIN_SKEW_DEG:
            # turn the page back about its centre, in the same single warp
            rotate = cv2.getRotationMatrix2D((out_w / 2, out_h / 2), -skew, 1.0)
            homography = np.vstack([rotate, [0, 0, 1]]) @ homography
        else:
            skew = 0.0
    timings["geometry"] = clock() - t

    t = clock()
    source = gray if mode is ColourMode.GRAY else frame
    assert source is not None
    # bilinear sampling aliases when it shrinks by more than 2: halve the frame first (a
    # Gaussian pyramid level) until the page needs less than half of it
    warp = homography  # frame pixels → page pixels; per pyramid level: level pixels → page
    level_w = float(output_size(quad, paper_inch)[0])  # page width at the frame's resolution
    while level_w >= 2 * out_w and min(source.shape[:2]) > 128:
        source = cv2.pyrDown(source)
        level_w /= 2
        warp = warp @ np.diag([2.0, 2.0, 1.0])
    # (a remap with precomputed fixed-point maps was tried: faster on a square-on page, 15 %
    # slower on a turned one; OpenCV's own warp stays)
    page = cv2.warpPerspective(
        source, warp, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    timings["warp"] = clock() - t

    t = clock()
    page = even_lighting(page)
    if page.ndim == 3:
        page = cv2.cvtColor(page, cv2.COLOR_BGR2RGB)
    timings["lighting"] = clock() - t
    dpi = round(out_w / paper_inch[0])
    return CorrectedPage(page, homography, dpi, skew, timings)


def even_lighting(page: np.ndarray) -> np.ndarray:
    """Divide by the paper's own brightness field (shadows, a gradient, a tinted lamp), so the
    paper comes out an even white and ink keeps its contrast. The field is the page at 1/16
    size with the ink closed away; per channel for colour, which also white-balances."""
    h, w = page.shape[:2]
    small_size = (max(4, w // 16), max(4, h // 16))
    mid = cv2.resize(page, (small_size[0] * 2, small_size[1] * 2), interpolation=cv2.INTER_LINEAR)
    small = cv2.resize(mid, small_size, interpolation=cv2.INTER_AREA)
    # a closing removes ink (dark and thinner than the kernel) and leaves a smooth light field
    # as it is; a plain dilation would pull bright values into the shadow side
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel, borderType=cv2.BORDER_REPLICATE)
    # smooth the closing's steps; replicate, not reflect, at the border: reflecting a shadow
    # gradient there would bend it and leave the page's edge grey
    paper = cv2.blur(paper, (3, 3), borderType=cv2.BORDER_REPLICATE)
    field_full = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(page, field_full, scale=PAPER_WHITE)
