"""Find the page in a camera frame: a bright quadrilateral on a darker desk.

Detection runs on a copy scaled to `DETECT_LONG_SIDE` pixels (a 12 MP frame is 16x smaller by
area), then each side of the outline is refitted as a straight line through the contour points
near it and the corners are their intersections: steadier than the polygon's own vertices.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

DETECT_LONG_SIDE = 640
MIN_AREA = 0.05  # smaller than this (fraction of the frame) is not a page
MIN_CONTRAST = 1.8  # paper / desk brightness: wood grain split by Otsu stays well under this
MIN_SOLIDITY = 0.9  # region area / its convex hull: a sheet is convex, desk grain is not
EDGE_MARGIN = 0.006  # a corner this close (fraction of the frame) to its edge: cut off


@dataclass(frozen=True, slots=True)
class Detection:
    """What was found in one frame. Coordinates are in the small copy's pixels."""

    small_gray: np.ndarray  # the detection copy, 8-bit gray
    scale: float  # frame pixels per small pixel
    quad: np.ndarray | None  # float32 (4, 2) TL, TR, BR, BL, or None
    touches_edge: bool  # the page region reaches the frame border (part of it is outside)
    area_fraction: float  # page area / frame area (0 when none)

    @property
    def frame_quad(self) -> np.ndarray | None:
        return None if self.quad is None else self.quad * np.float32(self.scale)


def shrink(frame: np.ndarray, long_side: int = DETECT_LONG_SIDE) -> tuple[np.ndarray, float]:
    """8-bit gray copy with its longer side `long_side` px, and frame px per copy px."""
    h, w = frame.shape[:2]
    scale = max(h, w) / long_side
    size = (max(1, round(w / scale)), max(1, round(h / scale)))
    if scale > 2.5:
        # INTER_AREA straight from 12 MP costs ~35 ms; a bilinear step to twice the size first
        # (~1 ms) and INTER_AREA from there keeps the anti-aliasing for ~2 ms in all
        mid = cv2.resize(frame, (size[0] * 2, size[1] * 2), interpolation=cv2.INTER_LINEAR)
        small = cv2.resize(mid, size, interpolation=cv2.INTER_AREA)
    else:
        small = cv2.resize(frame, size, interpolation=cv2.INTER_AREA)
    if small.ndim == 3:
        small = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    return small, scale


def order_corners(points: np.ndarray) -> np.ndarray:
    """TL, TR, BR, BL by angle around the centre, starting at the top-left; for a page tilted
    less than 45 degrees this puts the page upright."""
    pts = points.reshape(4, 2).astype(np.float32)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    pts = pts[np.argsort(angles)]  # clockwise on screen (y down), starting near -180°
    start = int(np.argmin(pts.sum(axis=1)))
    return np.roll(pts, -start, axis=0)


def find_page(frame: np.ndarray) -> Detection:
    """`frame`: BGR or grey; the scanner passes the grey frame it needs anyway (a third of the
    shrinking work)."""
    small, scale = shrink(frame)
    h, w = small.shape
    blurred = cv2.GaussianBlur(small, (5, 5), 0)
    _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel)
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    if not contours:
        return Detection(small, scale, None, False, 0.0)
    contour = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(contour) / float(h * w)
    if area < MIN_AREA or not _looks_like_paper(blurred, mask, contour):
        return Detection(small, scale, None, False, 0.0)
    x, y, bw, bh = cv2.boundingRect(contour)
    border = 2
    touches = x <= border or y <= border or x + bw >= w - border or y + bh >= h - border
    quad = _quad(contour)
    if quad is not None and not touches:
        margin = EDGE_MARGIN * max(h, w)
        touches = bool(
            (quad[:, 0] < margin).any()
            or (quad[:, 1] < margin).any()
            or (quad[:, 0] > w - 1 - margin).any()
            or (quad[:, 1] > h - 1 - margin).any()
        )
    return Detection(small, scale, quad, touches, area)


def _looks_like_paper(gray: np.ndarray, mask: np.ndarray, contour: np.ndarray) -> bool:
    """A sheet is one convex region clearly brighter than what is around it."""
    hull_area = cv2.contourArea(cv2.convexHull(contour))
    if hull_area <= 0 or cv2.contourArea(contour) / hull_area < MIN_SOLIDITY:
        return False
    region = np.zeros_like(mask)
    cv2.drawContours(region, [contour], -1, 255, -1)
    inside = cv2.mean(gray, region)[0]
    outside_mask = cv2.bitwise_not(cv2.dilate(region, np.ones((9, 9), np.uint8)))
    if cv2.countNonZero(outside_mask) == 0:
        return True  # the sheet fills the whole frame: nothing to compare with
    outside = cv2.mean(gray, outside_mask)[0]
    return inside >= MIN_CONTRAST * max(outside, 1.0)


def _quad(contour: np.ndarray) -> np.ndarray | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.045, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            corners = order_corners(approx)
            return _refine(contour.reshape(-1, 2).astype(np.float32), corners)
    return None


def _refine(points: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """Fit a line to the contour points along each side (ends left out), intersect them."""
    lines = []
    for i in range(4):
        a, b = corners[i], corners[(i + 1) % 4]
        side = b - a
        length = float(np.linalg.norm(side))
        if length < 8:
            return corners
        direction = side / length
        rel = points - a
        along = rel @ direction
        across = np.abs(rel[:, 0] * direction[1] - rel[:, 1] * direction[0])
        keep = (along > 0.12 * length) & (along < 0.88 * length) & (across < 4.0)
        if int(keep.sum()) < 8:
            return corners
        vx, vy, x0, y0 = cv2.fitLine(points[keep], cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((float(vx), float(vy), float(x0), float(y0)))
    refined = np.empty((4, 2), np.float32)
    for i in range(4):
        p = _intersect(lines[(i - 1) % 4], lines[i])
        if p is None or float(np.linalg.norm(p - corners[i])) > 10:
            return corners
        refined[i] = p
    return refined


def _intersect(
    l1: tuple[float, float, float, float], l2: tuple[float, float, float, float]
) -> np.ndarray | None:
    vx1, vy1, x1, y1 = l1
    vx2, vy2, x2, y2 = l2
    det = vx1 * (-vy2) - vy1 * (-vx2)
    if abs(det) < 1e-6:
        return None
    t = ((x2 - x1) * (-vy2) - (y2 - y1) * (-vx2)) / det
    return np.array([x1 + t * vx1, y1 + t * vy1], np.float32)
