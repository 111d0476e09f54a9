"""Paper packing port: the scanned pages of ONE paper → one compact PDF under a size limit.

Contract 2 (owner: PAPERS). The adapter (`printing.paper_pdf`) chooses per page how to encode it
(bitonal for text; a seal or a photo as a small colour or grey JPEG over the bitonal text
layer; a whole-page JPEG only when colour or pictures cover much of the page) and
steps quality/resolution down until the PDF fits `max_bytes`. It never resamples below 200 dpi
unless the input already was lower; the lowest resolution that went into the PDF is reported in
`min_effective_dpi`, so the caller can tell the citizen and the technician that a page is too
coarse (a 1080p camera frame of an A4 page gives only ~81 dpi) instead of submitting it silently.

`pack` is CPU-bound and may take tens of milliseconds per page: call it off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.ports.document_scanner import ScannedPage

DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # per paper (issue 6: "configurable size limit, default 5 MB")
MIN_EFFECTIVE_DPI = 200  # issue 6 acceptance: ≥ 200 dpi effective on A4


class PageEncoding(StrEnum):
    """How one page went into the PDF (for logs, tests and the technician, never spoken)."""

    BITONAL = "bitonal"  # 1 bit per pixel, CCITT G4 (text pages)
    GREY = "grey"  # 8-bit grey JPEG (photos, grey stamps, faint text)
    COLOUR = "colour"  # RGB JPEG of the whole page (colour over much of the page)
    # G4 text layer + small JPEGs on top, only where they are needed: a red seal in colour,
    # an ID photo in grey (a seal on a text page: ~30 KB instead of ~200 KB as one colour JPEG)
    MIXED = "mixed"


@dataclass(frozen=True, slots=True, repr=False)
class PackedPaper:
    """One paper as a PDF. `repr` leaves out the bytes (a scan is personal data)."""

    pdf: bytes
    pages: int
    size_bytes: int  # == len(pdf)
    min_effective_dpi: int  # the lowest dpi of any page as it is in the PDF
    encodings: tuple[PageEncoding, ...] = ()  # one per page, in page order

    def __repr__(self) -> str:
        return (
            f"PackedPaper(pages={self.pages}, size_bytes={self.size_bytes}, "
            f"min_effective_dpi={self.min_effective_dpi}, encodings={self.encodings})"
        )


class PaperPackError(Exception):
    """Base of the packer's errors."""


class PaperTooLarge(PaperPackError):
    """Could not get under `max_bytes` even at the lowest quality allowed (≥ 200 dpi)."""

    def __init__(self, smallest_bytes: int, max_bytes: int, pages: int) -> None:
        super().__init__(
            f"{pages} page(s) pack to at least {smallest_bytes} bytes, limit is {max_bytes}"
        )
        self.smallest_bytes = smallest_bytes
        self.max_bytes = max_bytes
        self.pages = pages


class PaperPacker(Protocol):
    def pack(self, pages: Sequence[ScannedPage], *, max_bytes: int) -> PackedPaper:
        """Pack `pages` (at least one) in order into one PDF of at most `max_bytes`.

        Raises ValueError for no pages or a malformed page (pixels not width x height x bpp),
        PaperTooLarge when no allowed quality fits.
        """
        ...
