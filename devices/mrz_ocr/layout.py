"""Where the MRZ is: background flattening, deskew, the three text rows and their 30-cell grids.

Pillow only (no OpenCV): every profile is a BOX resize to one row or one column, which Pillow
computes in C, so a 300 dpi card back takes a few milliseconds per step.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageFilter

TARGET_CHAR_PX = 30  # tesseract's LSTM reads best at 25–35 px cap height
MRZ_COLUMNS = 30
_CARD_WIDTH_MM = 85.6
_CAP_HEIGHT_MM = 2.4  # ICAO 9303-3 OCR-B size 1


@dataclass(frozen=True, slots=True)
class Row:
    top: int
    bottom: int
    left: int
    right: int

    @property
    def height(self) -> int:
        return self.bottom - self.top


@dataclass(frozen=True, slots=True)
class Grid:
    """One MRZ line cut into its 30 fixed-pitch cells (OCR-B is printed at 10 characters/inch)."""

    row: Row
    origin: float
    pitch: float

    def cell(self, k: int, pad: int) -> tuple[int, int, int, int]:
        x0 = self.origin + k * self.pitch
        return (round(x0), self.row.top - pad, round(x0 + self.pitch), self.row.bottom + pad)


def estimated_px_per_mm(gray: Image.Image, dpi: int | None) -> float:
    """From the scan's dpi when known, else assume the frame holds the card (a camera crop)."""
    if dpi:
        return dpi / 25.4
    return gray.width / _CARD_WIDTH_MM


def rescale(gray: Image.Image, factor: float) -> Image.Image:
    if abs(factor - 1) < 0.05:
        return gray
    size = (max(1, round(gray.width * factor)), max(1, round(gray.height * factor)))
    return gray.resize(size, Image.Resampling.LANCZOS if factor < 1 else Image.Resampling.BICUBIC)


def ink(gray: Image.Image) -> Image.Image:
    """Ink strength 0–255 against the local background, so uneven light does not move it."""
    step = 16
    small = gray.resize(
        (max(1, gray.width // step), max(1, gray.height // step)), Image.Resampling.BOX
    )
    background = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.BoxBlur(1))
    background = background.resize(gray.size, Image.Resampling.BILINEAR)
    return ImageChops.subtract(background, gray)


def otsu(image: Image.Image, floor: int = 40) -> int:
    hist = image.histogram()[:256]
    total = sum(hist)
    weighted = sum(i * h for i, h in enumerate(hist))
    best, threshold, count, acc = -1.0, floor, 0, 0
    for t, h in enumerate(hist):
        count += h
        acc += t * h
        if count == 0 or count == total:
            continue
        mean_lo, mean_hi = acc / count, (weighted - acc) / (total - count)
        between = count * (total - count) * (mean_lo - mean_hi) ** 2
        if between > best:
            best, threshold = between, t
    return max(threshold, floor)


def mask(ink_image: Image.Image) -> Image.Image:
    threshold = otsu(ink_image)
    return ink_image.point(lambda v: 255 if v > threshold else 0)


def row_profile(image: Image.Image) -> list[int]:
    return list(image.resize((1, image.height), Image.Resampling.BOX).tobytes())


def col_profile(image: Image.Image) -> list[int]:
    return list(image.resize((image.width, 1), Image.Resampling.BOX).tobytes())


def skew_angle(ink_mask: Image.Image, limit: float = 5.0, step: float = 0.25) -> float:
    """The rotation that makes text rows sharpest (largest row-to-row profile change)."""
    small = ink_mask.resize(
        (max(1, ink_mask.width // 3), max(1, ink_mask.height // 3)), Image.Resampling.BOX
    )
    best_angle, best_score = 0.0, -1
    n = round(limit / step)
    for i in range(-n, n + 1):
        angle = i * step
        profile = row_profile(small.rotate(angle, Image.Resampling.BILINEAR))
        score = sum((a - b) ** 2 for a, b in itertools.pairwise(profile))
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def runs(flags: list[bool], max_gap: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start = end = -1
    for i, on in enumerate(flags):
        if not on:
            continue
        if start >= 0 and i - end <= max_gap:
            end = i
        else:
            if start >= 0:
                runs.append((start, end + 1))
            start = end = i
    if start >= 0:
        runs.append((start, end + 1))
    return runs


def text_rows(ink_mask: Image.Image) -> list[Row]:
    """Rows of text, each with the longest horizontal run of characters in it."""
    # a row more than 60 % inked is a card edge or a rule, never text; it would set the scale
    profile = [v if v < 155 else 0 for v in row_profile(ink_mask)]
    peak = max(profile, default=0)
    if peak == 0:
        return []
    rows: list[Row] = []
    for top, bottom in runs([v > max(6, peak // 6) for v in profile], max_gap=3):
        height = bottom - top
        if height < 6:
            continue
        band = ink_mask.crop((0, top, ink_mask.width, bottom))
        segments = runs([v > 4 for v in col_profile(band)], max_gap=height)
        left, right = max(segments, key=lambda s: s[1] - s[0])
        # the profile threshold clips the glyph tops and bottoms: grow while the rows hold ink
        column = row_profile(ink_mask.crop((left, 0, right, ink_mask.height)))
        reach = max(2, height // 2)
        while top > 0 and reach > 0 and column[top - 1] > 2:
            top, reach = top - 1, reach - 1
        reach = max(2, height // 2)
        while bottom < len(column) and reach > 0 and column[bottom] > 2:
            bottom, reach = bottom + 1, reach - 1
        rows.append(Row(top, bottom, left, right))
    return rows


def is_mrz_row(row: Row) -> bool:
    # 30 cells of 2.54 mm against a 2.4 mm cap height: a length/height ratio near 31
    return row.height >= 8 and 20 <= (row.right - row.left) / row.height <= 45


def mrz_rows(rows: list[Row]) -> tuple[Row, Row, Row] | None:
    """The bottom-most three stacked rows shaped like MRZ lines, evenly spaced and aligned."""
    candidates = [r for r in rows if is_mrz_row(r)]
    for i in range(len(candidates) - 3, -1, -1):
        a, b, c = candidates[i : i + 3]
        heights = (a.height, b.height, c.height)
        if max(heights) > 1.4 * min(heights):
            continue
        h = sum(heights) / 3
        gaps = (b.top - a.top, c.top - b.top)
        if not all(1.1 * h <= g <= 2.6 * h for g in gaps) or abs(gaps[0] - gaps[1]) > 0.35 * h:
            continue
        if max(r.left for r in (a, b, c)) - min(r.left for r in (a, b, c)) > 1.5 * h:
            continue
        return a, b, c
    return None


def grid(ink_mask: Image.Image, row: Row) -> Grid:
    """Fit 30 cells so that cell boundaries fall in the gaps between characters."""
    band = ink_mask.crop((0, row.top, ink_mask.width, row.bottom))
    profile = col_profile(band)
    span = row.right - row.left
    guess = span / (MRZ_COLUMNS - 0.25)
    best: tuple[float, float, float] = (float("inf"), row.left, guess)
    for i in range(-8, 9):
        pitch = guess * (1 + i * 0.004)
        slack = MRZ_COLUMNS * pitch - span
        if slack < 0:
            continue
        offset = row.left - slack
        while offset <= row.left:
            edges = (round(offset + k * pitch) for k in range(MRZ_COLUMNS + 1))
            score = sum(profile[e] for e in edges if 0 <= e < len(profile))
            if score < best[0]:
                best = (score, offset, pitch)
            offset += 1
    return Grid(row, best[1], best[2])


def glyph_span(cell: Image.Image, threshold: int) -> tuple[int, int] | None:
    """The columns of the widest inked run in a cell: a neighbour's sliver at an edge is dropped."""
    binary = cell.point(lambda v: 255 if v > threshold else 0)
    segments = runs([v > 0 for v in col_profile(binary)], max_gap=1)
    return max(segments, key=lambda s: s[1] - s[0]) if segments else None
