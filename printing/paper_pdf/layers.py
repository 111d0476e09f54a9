"""Split a page into a bitonal text layer and small JPEG patches (a red seal, an ID photo).

A whole page as a colour JPEG is ~200 KB at 200 dpi only because of a 40 mm seal; the same page
as a G4 text layer plus a colour JPEG of the seal's box alone is ~30 KB, and the seal keeps its
colour. Photos get the same treatment in grey. When the patches would cover much of the page
(a colour photo print, a tinted security background) the whole page stays one JPEG instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageChops, ImageDraw

from kiosk.ports.paper_packer import PageEncoding
from printing.paper_pdf.analyse import CHROMA_MIN, COLOUR_SHARE_MIN, MIDTONE, PHOTO_TILE_SHARE

Box = tuple[int, int, int, int]  # left, top, right, bottom in the page's pixels

REDUCE = 4  # colour is looked for at a quarter of the resolution (50 dpi from 200)
GROW_MM = 3.0  # coloured strokes closer than this belong to one patch (a seal's ring and text)
PAD_MM = 1.5  # a patch reaches a little past its ink, so JPEG edges fall on paper
MIN_COLOUR_MM2 = 4.0  # smaller specks of colour (camera fringes, a dot of ink) stay bitonal
PICTURE_TILE_MM = 5.0  # photos are looked for in tiles of this size…
PICTURE_MIN_MM = 12.0  # …and must be at least this big on both sides (a seal ring is not)
MAX_PATCH_SHARE = 0.35  # patches covering more of the page than this: one JPEG for the page


@dataclass(frozen=True, slots=True)
class Patch:
    box: Box
    colour: bool  # RGB JPEG; else grey JPEG


@dataclass(frozen=True, slots=True)
class PagePlan:
    """How a page goes into the PDF: `encoding`; for MIXED, the text layer and its patches."""

    encoding: PageEncoding
    patches: tuple[Patch, ...] = ()


def _mm(dpi: int, mm: float) -> int:
    return max(1, round(mm / 25.4 * dpi))


def _components(mask: np.ndarray, grow: int, min_pixels: int) -> list[Box]:
    """Boxes (in mask pixels) of the groups of set pixels, joined across gaps of `grow`."""
    kernel = np.ones((2 * grow + 1, 2 * grow + 1), np.uint8)
    joined = cv2.dilate(mask, kernel)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    boxes = []
    for label in range(1, count):
        x, y, w, h = (int(v) for v in stats[label, :4])
        inked = int(
            np.count_nonzero(mask[y : y + h, x : x + w][labels[y : y + h, x : x + w] == label])
        )
        if inked >= min_pixels:
            boxes.append((x, y, x + w, y + h))
    return boxes


def colour_boxes(image: Image.Image, dpi: int) -> list[Box]:
    """Boxes of the page's coloured marks (seals, coloured stamps, a blue signature)."""
    if image.mode != "RGB":
        return []
    factor = REDUCE if min(image.size) >= 200 * REDUCE else 1
    small = image.reduce(factor) if factor > 1 else image
    r, g, b = small.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)
    low = ImageChops.darker(ImageChops.darker(r, g), b)
    chroma = np.asarray(ImageChops.difference(high, low))
    mask = (chroma >= CHROMA_MIN).astype(np.uint8)
    if np.count_nonzero(mask) < COLOUR_SHARE_MIN * mask.size:
        return []
    small_dpi = dpi / factor
    min_pixels = max(1, round(MIN_COLOUR_MM2 * (small_dpi / 25.4) ** 2))
    grow = max(1, round(GROW_MM / 25.4 * small_dpi))
    return [
        tuple(v * factor for v in box)  # type: ignore[misc]
        for box in _components(mask, grow, min_pixels)
    ]


def picture_boxes(grey: Image.Image, dpi: int) -> list[Box]:
    """Boxes of photo-like areas: tiles mostly of mid-tones, joined, at least 12 mm a side."""
    # at half resolution (100 dpi from 200) a photo is still a photo, for a quarter of the work
    factor = 2 if dpi >= 150 else 1
    small = grey.reduce(factor) if factor > 1 else grey
    tile = _mm(dpi, PICTURE_TILE_MM) // factor
    cols, rows = -(-small.width // tile), -(-small.height // tile)
    # mean of a 0/1 "is mid-tone" image over each tile = its share of mid-tone pixels
    lo, hi = MIDTONE
    mid = small.point([255 if lo <= v <= hi else 0 for v in range(256)])
    padded = Image.new("L", (cols * tile, rows * tile), 0)
    padded.paste(mid, (0, 0))
    shares = np.asarray(padded.reduce(tile)) / 255.0
    tile *= factor  # back to the page's pixels
    mask = (shares > PHOTO_TILE_SHARE).astype(np.uint8)
    side = PICTURE_MIN_MM / PICTURE_TILE_MM
    boxes = []
    for x0, y0, x1, y1 in _components(mask, 1, 1):
        if x1 - x0 >= side and y1 - y0 >= side:
            box = (x0 * tile, y0 * tile, min(grey.width, x1 * tile), min(grey.height, y1 * tile))
            boxes.append(box)
    return boxes


def _pad(box: Box, pad: int, size: tuple[int, int]) -> Box:
    left, top, right, bottom = box
    return (
        max(0, left - pad),
        max(0, top - pad),
        min(size[0], right + pad),
        min(size[1], bottom + pad),
    )


def _area(boxes: list[Box]) -> int:
    return sum((r - lft) * (b - t) for lft, t, r, b in boxes)


def plan_page(image: Image.Image, dpi: int, grey: Image.Image | None = None) -> PagePlan:
    """Choose the encoding of one page (see the module doc); boxes in `image`'s pixels.
    `grey`: `image` in grey, if the caller already has it (it is not changed)."""
    page_area = image.width * image.height
    pad = _mm(dpi, PAD_MM)
    colour = [_pad(box, pad, image.size) for box in colour_boxes(image, dpi)]
    if _area(colour) > MAX_PATCH_SHARE * page_area:
        return PagePlan(PageEncoding.COLOUR)
    if grey is None:
        grey = image if image.mode == "L" else image.convert("L")
    if colour:  # what is left once the coloured marks are taken out
        grey = grey.copy()
        draw = ImageDraw.Draw(grey)
        for left, top, right, bottom in colour:
            draw.rectangle((left, top, right - 1, bottom - 1), fill=255)
    pictures = [_pad(box, pad, image.size) for box in picture_boxes(grey, dpi)]
    if _area(colour) + _area(pictures) > MAX_PATCH_SHARE * page_area:
        return PagePlan(PageEncoding.COLOUR if colour else PageEncoding.GREY)
    # grey first: where a photo's padding meets a seal, the seal is drawn last, on top
    patches = tuple(Patch(b, False) for b in pictures) + tuple(Patch(box, True) for box in colour)
    return PagePlan(PageEncoding.MIXED if patches else PageEncoding.BITONAL, patches)
