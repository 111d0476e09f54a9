"""PaperPacker adapter: pages → one PDF with img2pdf, stepping quality down to fit the limit.

img2pdf wraps already-encoded JPEG and G4 data in a PDF without touching the pixels, which is
why it packs in ~1 ms where reportlab takes ~200 ms (research/perf-anchors.md); the work left
is the encoding, done once per (page, resolution, quality) step and cached across the steps.
A MIXED page (text + a seal or a photo) gets its JPEG patches drawn on top by `overlay`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import img2pdf
from PIL import Image

from kiosk.ports.document_scanner import ScannedPage
from kiosk.ports.paper_packer import (
    MIN_EFFECTIVE_DPI,
    PackedPaper,
    PageEncoding,
    PaperTooLarge,
)
from printing.paper_pdf.analyse import to_image
from printing.paper_pdf.encode import (
    blank_patches,
    encode_page,
    encode_patch,
    resample,
    scale_box,
)
from printing.paper_pdf.layers import PagePlan, plan_page
from printing.paper_pdf.overlay import Overlay, add_overlays

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Step:
    """One rung of the ladder: the highest resolution kept, and the JPEG quality."""

    max_dpi: int
    jpeg_quality: int


# From best to smallest. The last rungs keep 200 dpi (the floor) and give up JPEG quality,
# which text-on-grey survives far better than a lower resolution.
DEFAULT_LADDER: tuple[Step, ...] = (
    Step(300, 75),
    Step(250, 65),
    Step(200, 55),
    Step(200, 40),
    Step(200, 28),
)


class Img2PdfPaperPacker:
    """Implements kiosk.ports.paper_packer.PaperPacker."""

    def __init__(
        self, ladder: Sequence[Step] = DEFAULT_LADDER, min_dpi: int = MIN_EFFECTIVE_DPI
    ) -> None:
        if not ladder:
            raise ValueError("the quality ladder needs at least one step")
        if any(step.max_dpi < min_dpi for step in ladder):
            raise ValueError(f"no step may go below the {min_dpi} dpi floor")
        self._ladder = tuple(ladder)

    def pack(self, pages: Sequence[ScannedPage], *, max_bytes: int) -> PackedPaper:
        if not pages:
            raise ValueError("a paper has at least one page")
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        images = [to_image(page) for page in pages]  # validates every page before any work
        # each page in grey once: the plan and the text layer both need it (~2 ms a 200 dpi page)
        greys = [img if img.mode == "L" else img.convert("L") for img in images]
        plans = tuple(
            plan_page(img, page.dpi, grey)
            for img, grey, page in zip(images, greys, pages, strict=True)
        )
        kinds = tuple(plan.encoding for plan in plans)
        cache: dict[tuple[int, int, int], _Encoded] = {}
        smallest: PackedPaper | None = None
        for step in self._ladder:
            encoded: list[_Encoded] = []
            dpis: list[int] = []
            for index, (image, page, plan) in enumerate(zip(images, pages, plans, strict=True)):
                dpi = min(page.dpi, step.max_dpi)
                quality = 0 if plan.encoding is PageEncoding.BITONAL else step.jpeg_quality
                key = (index, dpi, quality)
                if key not in cache:
                    grey = greys[index] if dpi == page.dpi else None
                    cache[key] = _encode(
                        resample(image, page.dpi, dpi), plan, page.dpi, dpi, quality, grey
                    )
                encoded.append(cache[key])
                dpis.append(dpi)
            # the internal engine writes the PDF itself (0.4 ms a page); pikepdf's adds ~8 ms
            pdf = img2pdf.convert([e.layer for e in encoded], engine=img2pdf.Engine.internal)
            pdf = add_overlays(
                pdf,
                {i: e.overlays for i, e in enumerate(encoded) if e.overlays},
                {i: e.size for i, e in enumerate(encoded)},
            )
            packed = PackedPaper(
                pdf=pdf,
                pages=len(pages),
                size_bytes=len(pdf),
                min_effective_dpi=min(dpis),
                encodings=kinds,
            )
            if packed.size_bytes <= max_bytes:
                log.info("packed %r at %s", packed, step)
                return packed
            smallest = packed
        assert smallest is not None
        raise PaperTooLarge(smallest.size_bytes, max_bytes, len(pages))


@dataclass(frozen=True, slots=True)
class _Encoded:
    layer: bytes  # G4 TIFF or JPEG: the page for img2pdf
    size: tuple[int, int]  # its pixels
    overlays: tuple[Overlay, ...] = ()


def _encode(
    image: Image.Image,
    plan: PagePlan,
    dpi_in: int,
    dpi: int,
    quality: int,
    grey: Image.Image | None = None,
) -> _Encoded:
    """`image` already resampled to `dpi`; the plan's boxes are in the `dpi_in` pixels.
    `grey`: `image` in grey when the caller has it (saves converting it again)."""
    text = grey if grey is not None and plan.encoding is not PageEncoding.COLOUR else image
    if plan.encoding is not PageEncoding.MIXED:
        return _Encoded(encode_page(text, plan.encoding, dpi, quality), image.size)
    boxes = [scale_box(patch.box, dpi_in, dpi, image.size) for patch in plan.patches]
    layer = encode_page(blank_patches(text, boxes), PageEncoding.MIXED, dpi, quality)
    overlays = tuple(
        Overlay(encode_patch(image, patch, box, quality), box, patch.colour)
        for patch, box in zip(plan.patches, boxes, strict=True)
    )
    return _Encoded(layer, image.size, overlays)
