"""Which of the 90 MRZ cells hold the filler '<'.

Debian's `eng` traineddata was never trained on MRZ filler runs: on clean OCR-B renders it reads
`<<<<` as `K<K<`, drops some and inserts others (measured: no clean render read exactly). So the
fillers are found by shape instead. The CCCD profile (research/vn-formats.md §2.4) fixes 13 cells
as fillers — line 1 columns 27–28 and line 2 columns 18–28 — and those very cells, printed by the
same printer and captured by the same camera, are the template every other cell is compared with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image

from devices.mrz_ocr.layout import MRZ_COLUMNS, Grid, glyph_span

# (line, column) cells the Vietnamese TD1 profile always fills with '<'
PROFILE_FILLERS = (
    *((0, c) for c in (27, 28)),
    *((1, c) for c in range(18, 29)),
)
IS_FILLER = 0.82  # correlation with the template at or above: a filler
NOT_FILLER = 0.72  # at or below: a character; in between nothing is decided, the read fails
_SHAPE = (12, 16)


@dataclass(frozen=True, slots=True)
class FillerMap:
    fillers: tuple[tuple[bool, ...], tuple[bool, ...], tuple[bool, ...]]
    margin: float  # distance of the least certain cell from the undecided band, 0–1


class FillerError(Exception):
    """The cells do not look like a CCCD MRZ, or a cell is neither clearly filler nor character."""


def _vector(ink_image: Image.Image, box: tuple[int, int, int, int]) -> list[float] | None:
    cell = ink_image.crop(box)
    span = glyph_span(cell, 60)
    if span is None:
        return None
    left, right = span
    bbox = cell.point(lambda v: 255 if v > 60 else 0).crop((left, 0, right, cell.height)).getbbox()
    if bbox is None:
        return None
    glyph = cell.crop((left, bbox[1], right, bbox[3]))
    values = list(glyph.resize(_SHAPE, Image.Resampling.BOX).tobytes())
    mean = sum(values) / len(values)
    centred = [v - mean for v in values]
    norm = math.sqrt(sum(v * v for v in centred))
    return [v / norm for v in centred] if norm > 0 else None


def _corr(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def find_fillers(ink_image: Image.Image, grids: tuple[Grid, Grid, Grid]) -> FillerMap:
    pad = max(2, grids[0].row.height // 6)
    vectors = [[_vector(ink_image, g.cell(k, pad)) for k in range(MRZ_COLUMNS)] for g in grids]
    known = [vectors[line][col] for line, col in PROFILE_FILLERS]
    if any(v is None for v in known):
        raise FillerError("a cell the CCCD profile fills with '<' is blank")
    samples = [v for v in known if v is not None]
    mean = [sum(col) / len(samples) for col in zip(*samples, strict=True)]
    norm = math.sqrt(sum(v * v for v in mean))
    template = [v / norm for v in mean]
    if min(_corr(v, template) for v in samples) < IS_FILLER:
        raise FillerError("the CCCD profile's filler cells do not look alike")
    lines: list[tuple[bool, ...]] = []
    margin = 1.0
    for line, row in enumerate(vectors):
        flags: list[bool] = []
        for col, vector in enumerate(row):
            if vector is None:
                raise FillerError(f"line {line + 1} column {col + 1} is blank")
            c = _corr(vector, template)
            if NOT_FILLER < c < IS_FILLER:
                raise FillerError(f"line {line + 1} column {col + 1} is unclear ({c:.2f})")
            flags.append(c >= IS_FILLER)
            margin = min(margin, c - IS_FILLER if c >= IS_FILLER else NOT_FILLER - c)
        lines.append(tuple(flags))
    return FillerMap((lines[0], lines[1], lines[2]), margin)
