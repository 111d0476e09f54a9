"""A fake PaperPacker for the papers service's tests (the real one is tested against poppler)."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.domain.procedure import LifeEvent, Paper, Procedure
from kiosk.ports.document_scanner import ColourMode, ScannedPage
from kiosk.ports.paper_packer import PackedPaper, PaperTooLarge

PAGE_BYTES = 40_000  # what a text page packs to
HEAVY_PAGE_BYTES = 6_000_000  # an all-black page: over any sensible limit


def heavy_page(dpi: int = 200) -> ScannedPage:
    return ScannedPage(100, 100, dpi, ColourMode.GRAY, bytes(100 * 100))


class FakePacker:
    """Packs to a pretend PDF: 40 KB a page, 6 MB for a page that starts black; records calls."""

    def __init__(self) -> None:
        self.calls: list[list[ScannedPage]] = []

    def pack(self, pages: Sequence[ScannedPage], *, max_bytes: int) -> PackedPaper:
        if not pages:
            raise ValueError("a paper has at least one page")
        for page in pages:
            bpp = 1 if page.mode is ColourMode.GRAY else 3
            if len(page.pixels) != page.width * page.height * bpp:
                raise ValueError("page size does not match its pixels")
        self.calls.append(list(pages))
        size = sum(HEAVY_PAGE_BYTES if pg.pixels[0] == 0 else PAGE_BYTES for pg in pages)
        if size > max_bytes:
            raise PaperTooLarge(size, max_bytes, len(pages))
        pdf = b"%PDF-fake " + b"|".join(str(len(pg.pixels)).encode() for pg in pages)
        return PackedPaper(pdf, len(pages), size, min(pg.dpi for pg in pages))


def procedure(*papers: Paper) -> Procedure:
    return Procedure(
        id="khai_sinh",
        name="Đăng ký khai sinh",
        short_name="Khai sinh",
        group=LifeEvent.BIRTH,
        icon="baby",
        papers=papers
        or (
            Paper(id="giay_chung_sinh", name="Giấy chứng sinh", max_pages=2),
            Paper(id="giay_ket_hon", name="Giấy chứng nhận kết hôn", optional=True),
            Paper(id="uy_quyen", name="Văn bản ủy quyền", max_pages=3),
        ),
    )
