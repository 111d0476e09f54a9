"""A scanned page as a Pillow image, the thresholds that tell ink, colour and pictures apart,
and the ink/paper cut for the bitonal layer. `layers` uses them to plan each page.

Text on plain paper → bitonal (CCITT G4, a few KB per A4 page); photo-like areas (an ID photo,
a grey stamp) would be wiped out by a threshold, so they keep grey; real colour (a red seal) is
part of what the clerk checks, so it keeps its colour.
"""

from __future__ import annotations

from PIL import Image

from kiosk.ports.document_scanner import ColourMode, ScannedPage

# A pixel is "coloured" when its channels differ by more than this (0-255). Grey ink scanned by
# a colour sensor differs by ~10-30; a red stamp by 100+.
CHROMA_MIN = 60
# The page counts as coloured when this share of its pixels is coloured: a 35 mm seal ring on
# A4 is ~0.5 %, stray colour fringes of a camera stay well under 0.1 %.
COLOUR_SHARE_MIN = 0.001
# Mid-tones: neither paper nor ink. Text has them only on stroke edges; photos are made of them.
MIDTONE = (72, 184)
PHOTO_TILE_SHARE = 0.35  # a tile with more mid-tone pixels than this holds a picture


def to_image(page: ScannedPage) -> Image.Image:
    """The page as a Pillow image ("L" or "RGB"); ValueError when the pixels do not fit."""
    if page.width <= 0 or page.height <= 0 or page.dpi <= 0:
        raise ValueError(f"bad page geometry {page.width}x{page.height} at {page.dpi} dpi")
    bpp = 1 if page.mode is ColourMode.GRAY else 3
    if len(page.pixels) != page.width * page.height * bpp:
        raise ValueError(
            f"page has {len(page.pixels)} bytes, {page.width}x{page.height}x{bpp} expected"
        )
    mode = "L" if bpp == 1 else "RGB"
    return Image.frombytes(mode, (page.width, page.height), page.pixels)


def otsu_threshold(grey: Image.Image) -> int:
    """The grey level that best splits ink from paper (Otsu's method on the histogram)."""
    hist = grey.histogram()
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    best, best_t = -1.0, 128
    weight_bg = 0
    sum_bg = 0.0
    for t in range(256):
        weight_bg += hist[t]
        if weight_bg == 0:
            continue
        weight_fg = total - weight_bg
        if weight_fg == 0:
            break
        sum_bg += t * hist[t]
        mean_bg = sum_bg / weight_bg
        mean_fg = (sum_all - sum_bg) / weight_fg
        between = weight_bg * weight_fg * (mean_bg - mean_fg) ** 2
        if between > best:
            best, best_t = between, t
    return best_t
