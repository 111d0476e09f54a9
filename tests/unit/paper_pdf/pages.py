"""Test pages for the packer: text, text with a red seal, and text with a photo, at any dpi."""

from __future__ import annotations

import random

from PIL import Image, ImageDraw

from devices.simulated.document_scanner import a4_pixels, render_page
from kiosk.ports.document_scanner import ColourMode, ScannedPage


def text_page(dpi: int = 200, mode: ColourMode = ColourMode.GRAY, seed: int = 1) -> ScannedPage:
    return render_page(dpi, mode, seed)


def _base(dpi: int, seed: int) -> Image.Image:
    page = render_page(dpi, ColourMode.COLOUR, seed)
    return Image.frombytes("RGB", (page.width, page.height), page.pixels)


def _page(image: Image.Image, dpi: int) -> ScannedPage:
    mode = ColourMode.GRAY if image.mode == "L" else ColourMode.COLOUR
    return ScannedPage(image.width, image.height, dpi, mode, image.tobytes())


def seal_box(dpi: int) -> tuple[int, int, int, int]:
    """Where the red seal is: a 40 mm ring in the lower right, like a ward's stamp."""
    width, height = a4_pixels(dpi)
    d = round(40 / 25.4 * dpi)
    left, top = width - d - round(25 / 25.4 * dpi), height - d - round(30 / 25.4 * dpi)
    return left, top, left + d, top + d


def stamped_page(dpi: int = 200, seed: int = 2) -> ScannedPage:
    image = _base(dpi, seed)
    draw = ImageDraw.Draw(image)
    box = seal_box(dpi)
    ring = max(2, round(2.5 / 25.4 * dpi))
    draw.ellipse(box, outline=(205, 30, 35), width=ring)
    inner = [c + s * round(10 / 25.4 * dpi) for c, s in zip(box, (1, 1, -1, -1), strict=True)]
    draw.ellipse(inner, fill=(205, 30, 35))
    return _page(image, dpi)


def photo_box(dpi: int) -> tuple[int, int, int, int]:
    """A 30x40 mm portrait photo in the upper left, as on many certificates."""
    left, top = round(20 / 25.4 * dpi), round(40 / 25.4 * dpi)
    return left, top, left + round(30 / 25.4 * dpi), top + round(40 / 25.4 * dpi)


def photo_page(dpi: int = 200, seed: int = 3, mode: ColourMode = ColourMode.GRAY) -> ScannedPage:
    """Text plus a photo-like area: a grey gradient with seeded noise (a face is mid-tones)."""
    image = _base(dpi, seed).convert("L")
    left, top, right, bottom = photo_box(dpi)
    w, h = right - left, bottom - top
    rng = random.Random(seed)
    photo = Image.linear_gradient("L").resize((w, h)).point(lambda v: 70 + v * 110 // 255)
    noise = Image.frombytes("L", (w, h), bytes(rng.randrange(0, 40) for _ in range(w * h)))
    photo = Image.blend(photo, noise, 0.25).point(lambda v: min(255, v + 40))
    image.paste(photo, (left, top))
    if mode is ColourMode.COLOUR:
        image = image.convert("RGB")
    return _page(image, dpi)


def noise_page(dpi: int = 200, seed: int = 4) -> ScannedPage:
    """Worst case for any encoder: full-page random grey (cannot compress)."""
    width, height = a4_pixels(dpi)
    rng = random.Random(seed)
    return ScannedPage(width, height, dpi, ColourMode.GRAY, rng.randbytes(width * height))
