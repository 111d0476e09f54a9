"""The PDF renderer: the same layout on A5 or A4, in the bundled Noto Sans (embedded).

For the receipt on screen when nothing could be printed, for staff printing on an office
printer, and for the citizen's e-mail later. The QR is drawn as vector squares (sharp at any
zoom), top-left as the Circular asks, with its caption beside it. A practice receipt's banner
(white bold capitals in a black box) is the first and the last thing on every page.
"""

from __future__ import annotations

import io
from typing import Literal

from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from printing.receipt.fonts import font_file
from printing.receipt.layout import Bullets, ReceiptLayout, Role, Rule, Text
from printing.receipt.raster import qr_matrix

PageSize = Literal["A5", "A4"]
_PAGES = {"A5": A5, "A4": A4}
_REGULAR, _BOLD = "KioskNotoSans", "KioskNotoSans-Bold"
_MARGIN = 11 * mm
_QR_SIDE = 28 * mm
# role → (points, bold)
_STYLE: dict[Role, tuple[float, bool]] = {
    "ward": (15, True),
    "kiosk": (10, False),
    "title": (13, True),
    "label": (9.5, False),
    "value": (12.5, False),
    "emph": (15, True),
    "code": (26, True),
    "small": (9.5, False),
    "thanks": (10.5, False),
    "banner": (18, True),
}
_BANNER_PAD = 3 * mm
_BANNER_GAP = 3 * mm


def _register_fonts() -> None:
    if _REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_REGULAR, str(font_file(False))))
        pdfmetrics.registerFont(TTFont(_BOLD, str(font_file(True))))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if pdfmetrics.stringWidth(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


class _Writer:
    def __init__(
        self, canvas: Canvas, page: tuple[float, float], scale: float, banner: str | None
    ) -> None:
        self.c = canvas
        self.width, self.height = page
        self.scale = scale
        self.inner = self.width - 2 * _MARGIN
        self.banner_lines: tuple[float, list[str]] = (0.0, [])
        self.banner_height = 0.0
        if banner is not None:  # a practice receipt: the banner tops and ends every page
            self.banner_lines = self._fit_banner(banner)
            size, lines = self.banner_lines
            self.banner_height = len(lines) * size * 1.3 + 2 * _BANNER_PAD
        self.floor = _MARGIN + (self.banner_height + _BANNER_GAP if banner is not None else 0)
        self.start_page()

    def _room(self, needed: float) -> None:
        if self.y - needed < self.floor:
            self.end_page()
            self.c.showPage()
            self.start_page()

    def line(self, text: str, role: Role, align: str = "left", size: float | None = None) -> None:
        points, bold = _STYLE[role]
        font = _BOLD if bold else _REGULAR
        size = size or points * self.scale
        for part in _wrap(text, font, size, self.inner):
            self._room(size * 1.35)
            self.y -= size * 1.1
            self.c.setFont(font, size)
            if align == "center":
                self.c.drawCentredString(self.width / 2, self.y, part)
            else:
                self.c.drawString(_MARGIN, self.y, part)
            self.y -= size * 0.22

    def code(self, text: str) -> None:
        points, _ = _STYLE["code"]
        size = points * self.scale
        while size > 12 and pdfmetrics.stringWidth(text, _BOLD, size) > self.inner:
            size -= 1
        self.line(text, "code", "center", size)

    def rule(self) -> None:
        self._room(5 * mm)
        self.y -= 2 * mm
        self.c.setLineWidth(0.6)
        self.c.line(_MARGIN, self.y, self.width - _MARGIN, self.y)
        self.y -= 2 * mm

    def _fit_banner(self, text: str) -> tuple[float, list[str]]:
        """One line as large as fits between 14 and 18 points (scaled), else two even lines at
        the full size (no lone last word under the first line)."""
        width = self.inner - 2 * _BANNER_PAD
        size = _STYLE["banner"][0] * self.scale
        while size >= 14 * self.scale:
            if pdfmetrics.stringWidth(text, _BOLD, size) <= width:
                return size, [text]
            size -= 0.5
        size = _STYLE["banner"][0] * self.scale
        words = text.split(" ")
        splits = [
            (" ".join(words[:i]), " ".join(words[i:]))
            for i in range(1, len(words))
            if words[i] != "—"  # a dash ends its line, never opens the next one
        ]
        if not splits:
            return size, _wrap(text, _BOLD, size, width)
        best = min(
            splits, key=lambda pair: max(pdfmetrics.stringWidth(p, _BOLD, size) for p in pair)
        )
        if max(pdfmetrics.stringWidth(p, _BOLD, size) for p in best) > width:
            return size, _wrap(text, _BOLD, size, width)
        return size, list(best)

    def _draw_banner(self, top: float) -> None:
        size, lines = self.banner_lines
        self.c.setFillColorRGB(0, 0, 0)
        self.c.rect(
            _MARGIN, top - self.banner_height, self.inner, self.banner_height, stroke=0, fill=1
        )
        self.c.setFillColorRGB(1, 1, 1)
        self.c.setFont(_BOLD, size)
        y = top - _BANNER_PAD
        for part in lines:
            y -= size * 1.05
            self.c.drawCentredString(self.width / 2, y, part)
            y -= size * 0.25
        self.c.setFillColorRGB(0, 0, 0)

    def start_page(self) -> None:
        self.y = self.height - _MARGIN
        if self.banner_height:
            self._draw_banner(self.y)
            self.y -= self.banner_height + _BANNER_GAP

    def end_page(self) -> None:
        if self.banner_height:
            self._draw_banner(_MARGIN + self.banner_height)

    def qr(self, payload: str, caption: str) -> None:
        matrix = qr_matrix(payload)
        module = _QR_SIDE / len(matrix)
        top = self.y
        self.c.setFillColorRGB(0, 0, 0)
        for r, row in enumerate(matrix):
            for col, dark in enumerate(row):
                if dark:
                    x = _MARGIN + col * module
                    self.c.rect(x, top - (r + 1) * module, module, module, stroke=0, fill=1)
        size = _STYLE["small"][0] * self.scale
        text_x = _MARGIN + _QR_SIDE + 5 * mm
        lines = _wrap(caption, _REGULAR, size, self.width - _MARGIN - text_x)
        y = top - _QR_SIDE / 2 + len(lines) * size * 0.7
        self.c.setFont(_REGULAR, size)
        for part in lines:
            y -= size * 1.3
            self.c.drawString(text_x, y, part)
        self.y = top - _QR_SIDE - 3 * mm


def render_pdf(layout: ReceiptLayout, page: PageSize = "A5", *, large: bool = False) -> bytes:
    _register_fonts()
    out = io.BytesIO()
    size = _PAGES[page]
    # invariant: no creation date or random document id, so one receipt gives one PDF
    canvas = Canvas(out, pagesize=size, pageCompression=1, initialFontName=_REGULAR, invariant=True)
    canvas.setTitle("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    canvas.setCreator("ward-kiosk")
    banner = None if layout.banner is None else layout.banner.text
    writer = _Writer(canvas, size, 1.3 if large else 1.0, banner)
    writer.qr(layout.qr.payload, layout.qr.caption)
    for block in layout.blocks:
        if isinstance(block, Text):
            if block.role == "code":
                writer.code(block.text)
            else:
                writer.line(block.text, block.role, block.align)
        elif isinstance(block, Bullets):
            for item in block.items:
                writer.line(f"• {item}", "value")
        elif isinstance(block, Rule):
            writer.rule()
    writer.end_page()
    canvas.showPage()
    canvas.save()
    return out.getvalue()
