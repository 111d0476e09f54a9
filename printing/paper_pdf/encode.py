"""Encode one page image for img2pdf, which embeds JPEG and CCITT G4 TIFF without re-encoding,
and the JPEG patches (seal, photo) drawn over a MIXED page's text layer."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw

from kiosk.ports.paper_packer import PageEncoding
from printing.paper_pdf.analyse import otsu_threshold
from printing.paper_pdf.layers import Box, Patch


def resample(image: Image.Image, dpi_in: int, dpi_out: int) -> Image.Image:
    """Scale to `dpi_out`; never up (an upscaled page only pretends to be sharper)."""
    if dpi_out >= dpi_in:
        return image
    scale = dpi_out / dpi_in
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def scale_box(box: Box, dpi_in: int, dpi_out: int, size: tuple[int, int]) -> Box:
    """`box` of the page at `dpi_in` in the pixels of the same page resampled to `dpi_out`."""
    if dpi_out >= dpi_in:
        return box
    s = dpi_out / dpi_in
    left, top, right, bottom = box
    return (
        max(0, int(left * s)),
        max(0, int(top * s)),
        min(size[0], -int(-right * s)),  # outwards: the patch still covers its ink
        min(size[1], -int(-bottom * s)),
    )


def encode_page(image: Image.Image, encoding: PageEncoding, dpi: int, quality: int) -> bytes:
    """`image` already at `dpi`; the dpi is written into the file so img2pdf sizes the page.
    MIXED encodes the text layer (bitonal); its patches come from `encode_patches`."""
    out = io.BytesIO()
    if encoding in (PageEncoding.BITONAL, PageEncoding.MIXED):
        grey = image if image.mode == "L" else image.convert("L")
        cut = otsu_threshold(grey)
        table = [0 if v <= cut else 255 for v in range(256)]
        # point() with mode "1" thresholds without dithering: dots would bloat G4 and blur text
        bitonal = grey.point(table, mode="1")
        # one strip: img2pdf then copies the G4 data as it is; with Pillow's default 64 KB
        # strips it decodes and re-encodes the page (~40 ms instead of ~0.5 ms)
        bitonal.save(out, format="TIFF", compression="group4", dpi=(dpi, dpi), strip_size=2**31 - 1)
    else:
        mode = "RGB" if encoding is PageEncoding.COLOUR else "L"
        converted = image if image.mode == mode else image.convert(mode)
        converted.save(out, format="JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def blank_patches(image: Image.Image, boxes: Sequence[Box]) -> Image.Image:
    """The text layer under the patches is paper: the patch shows it, and G4 shrinks."""
    layer = image.convert("L")  # a copy, also for an "L" image
    draw = ImageDraw.Draw(layer)
    for left, top, right, bottom in boxes:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=255)
    return layer


def encode_patch(image: Image.Image, patch: Patch, box: Box, quality: int) -> bytes:
    """The JPEG of `box` (already in `image`'s pixels) in colour or grey."""
    mode = "RGB" if patch.colour else "L"
    crop = image.crop(box)
    crop = crop if crop.mode == mode else crop.convert(mode)
    out = io.BytesIO()
    crop.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()
