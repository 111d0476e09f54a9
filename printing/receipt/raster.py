"""The thermal renderer: the layout drawn as a 1-bit image at the printer's width, in dots.

Vietnamese is printed as a raster in the bundled font, never as text through a code page
(device-peers §3: CP1258/TCVN-3 pages garble stacked tone marks and printers differ). 58 mm
paper prints 384 dots, 80 mm paper 576 dots (8 dots per mm, 203 dpi); `large` is the big-type
layout for big-text sessions. The QR is drawn into the image (raster QR) or left out for the
printer to draw natively (GS ( k), in which case `qr` says what to send first. A practice
receipt's banner (`banner_image`: white bold capitals in a black box) is the first and the last
thing printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import zxingcpp
from PIL import Image, ImageDraw, ImageFont

from printing.receipt.fonts import pil_font
from printing.receipt.layout import Block, Bullets, QrBlock, ReceiptLayout, Role, Rule, Text

PaperWidth = Literal[58, 80]
DOTS = {58: 384, 80: 576}
DOTS_PER_MM = 8
MARGIN = 8  # dots inside the printable width on each side
QR_MODULE = 4  # dots per QR module: 0.5 mm, read by phones and by the kiosk's own camera

# role → (size px normal, size px large, bold)
_STYLE: dict[Role, tuple[int, int, bool]] = {
    "ward": (30, 40, True),
    "kiosk": (22, 28, False),
    "title": (28, 36, True),
    "label": (22, 30, False),
    "value": (28, 38, False),
    "emph": (34, 44, True),
    "code": (60, 76, True),
    "small": (22, 28, False),
    "thanks": (24, 30, False),
    "banner": (38, 46, True),
}
_CODE_MIN = 28
BANNER_PAD = 12  # dots of black around the banner's text
BANNER_GAP = 16  # white dots between the banner and the rest of the receipt


@dataclass(frozen=True, slots=True)
class NativeQr:
    """The QR the printer draws itself (GS ( k), printed left-aligned before the image."""

    payload: str
    module_dots: int
    error_level: Literal["M"] = "M"


@dataclass(frozen=True, slots=True)
class RasterReceipt:
    image: Image.Image  # mode "1", white background, width = the paper's dots
    native_qr: NativeQr | None  # None: the QR is inside `image`


@dataclass(slots=True)
class _Line:
    text: str
    font: ImageFont.FreeTypeFont
    x: int
    height: int


def _qr_modules(payload: str) -> Image.Image:
    """One pixel per module, 0 = dark, 255 = light (mode "L"), error level M, as the native
    GS ( k path asks the printer for. zxing-cpp encodes: C++, ~1 ms, where pure-Python segno
    takes ~50 ms of the 100 ms budget."""
    code = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=False)
    height, width = modules.shape
    data = bytes(memoryview(modules))  # type: ignore[arg-type]  # a buffer; the stubs omit it
    return Image.frombytes("L", (width, height), data)


def qr_matrix(payload: str) -> list[list[bool]]:
    """The symbol as rows of modules, True = dark."""
    small = _qr_modules(payload)
    data = small.tobytes()
    n = small.width
    return [[data[r * n + c] == 0 for c in range(n)] for r in range(small.height)]


def qr_image(payload: str, module: int, border: int = 0) -> Image.Image:
    """The QR as a mode "1" image: black modules (0) on white, `border` modules of quiet zone."""
    small = _qr_modules(payload)
    n = small.width
    img = Image.new("L", (n + 2 * border, n + 2 * border), 255)
    img.paste(small, (border, border))
    big = img.resize((img.width * module, img.height * module), Image.Resampling.NEAREST)
    return big.convert("1", dither=Image.Dither.NONE)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap. Each word is measured once and lines are summed (one FreeType call per
    word, not per candidate line: the render budget is 100 ms); a word wider than the line is
    cut by characters."""
    space = font.getlength(" ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for word in paragraph.split(" "):
            w = font.getlength(word)
            if current and used + space + w <= width:
                current.append(word)
                used += space + w
                continue
            if current:
                lines.append(" ".join(current))
            while w > width and len(word) > 1:  # an unbreakable long word
                cut = len(word) - 1
                while cut > 1 and font.getlength(word[:cut]) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
                w = font.getlength(word)
            current, used = [word], w
        lines.append(" ".join(current))
    return lines


def _balanced(text: str, font: ImageFont.FreeTypeFont, width: int, count: int) -> list[str]:
    """Centred text in `count` lines of even length (no lone last word under a title): the
    narrowest width that still needs only `count` lines, found on word widths measured once."""
    words = text.split(" ")
    widths = [font.getlength(w) for w in words]
    space = font.getlength(" ")

    def lines_at(limit: float) -> list[list[str]]:
        out: list[list[str]] = [[]]
        used = 0.0
        for word, w in zip(words, widths, strict=True):
            if out[-1] and used + space + w > limit:
                out.append([])
                used = 0.0
            used += (space if out[-1] else 0.0) + w
            out[-1].append(word)
        return out

    low, high = max(widths), float(width)
    if len(lines_at(low)) > count:
        while high - low > 2:
            mid = (low + high) / 2
            if len(lines_at(mid)) <= count:
                high = mid
            else:
                low = mid
    else:
        high = low
    return [" ".join(line) for line in lines_at(high)]


def _line_height(font: ImageFont.FreeTypeFont) -> int:
    ascent, descent = font.getmetrics()
    return int(ascent + descent)


class _Painter:
    def __init__(self, width: int, large: bool) -> None:
        self.width = width
        self.large = large
        self.inner = width - 2 * MARGIN
        self.lines: list[_Line | int] = []  # a _Line, or a rule's y-advance marker (negative)

    def font(self, role: Role, size: int | None = None) -> ImageFont.FreeTypeFont:
        normal, large, bold = _STYLE[role]
        return pil_font(size or (large if self.large else normal), bold)

    def text(self, block: Text) -> None:
        if block.role == "code":
            self._code(block.text)
            return
        font = self.font(block.role)
        lines = _wrap(block.text, font, self.inner)
        if block.align == "center" and len(lines) > 1 and "\n" not in block.text:
            lines = _balanced(block.text, font, self.inner, len(lines))
        for line in lines:
            self._add(line, font, block.align)
        if block.role in ("value", "emph"):
            self.lines.append(6)  # a little air after each answer

    def _code(self, code: str) -> None:
        """The dossier code as large as fits: one line, else broken after the unit code."""
        normal, large, bold = _STYLE["code"]
        size = large if self.large else normal
        head, sep, tail = code.partition("-")
        while size >= _CODE_MIN:
            font = pil_font(size, bold)
            if font.getlength(code) <= self.inner:
                self._add(code, font, "center")
                return
            if sep and max(font.getlength(head + "-"), font.getlength(tail)) <= self.inner:
                self._add(head + "-", font, "center")
                self._add(tail, font, "center")
                return
            size -= 2
        for line in _wrap(code, pil_font(_CODE_MIN, bold), self.inner):
            self._add(line, pil_font(_CODE_MIN, bold), "center")

    def bullets(self, block: Bullets) -> None:
        font = self.font("value")
        indent = int(font.getlength("• "))
        for item in block.items:
            for i, line in enumerate(_wrap(item, font, self.inner - indent)):
                self._add(("• " if i == 0 else "") + line, font, "left", 0 if i == 0 else indent)

    def rule(self) -> None:
        self.lines.append(-1)

    def _add(self, text: str, font: ImageFont.FreeTypeFont, align: str, indent: int = 0) -> None:
        x = MARGIN + indent
        if align == "center":
            x = MARGIN + max(0, int((self.inner - font.getlength(text)) // 2))
        self.lines.append(_Line(text, font, x, _line_height(font)))

    def height(self) -> int:
        return sum(_advance(item) for item in self.lines)

    def draw(self, draw: ImageDraw.ImageDraw, y: int, ink: int = 0) -> int:
        for item in self.lines:
            if isinstance(item, _Line):
                draw.text((item.x, y), item.text, font=item.font, fill=ink)
            elif item < 0:
                draw.rectangle((MARGIN, y + 8, self.width - MARGIN - 1, y + 9), fill=0)
            y += _advance(item)
        return y


def _advance(item: _Line | int) -> int:
    if isinstance(item, _Line):
        return item.height
    return 18 if item < 0 else item


def banner_image(text: str, width: int, *, large: bool = False) -> Image.Image:
    """The practice banner as printed: `text` centred in white on a black box spanning the
    printable width (mode "1", `width` dots wide, exactly as tall as the box)."""
    painter = _Painter(width, large)
    painter.inner = width - 2 * (MARGIN + BANNER_PAD)
    # a dash stays at the end of its line, never opening the next one ("— KHÔNG …")
    painter.text(Text(text.replace(" —", "\u00a0—"), "banner", "center"))
    for item in painter.lines:
        if isinstance(item, _Line):
            item.x += BANNER_PAD
    image = Image.new("1", (width, painter.height() + 2 * BANNER_PAD), 1)
    draw = ImageDraw.Draw(image)
    draw.rectangle((MARGIN, 0, width - MARGIN - 1, image.height - 1), fill=0)
    painter.draw(draw, BANNER_PAD, ink=1)
    return image


def render_raster(
    layout: ReceiptLayout, paper_mm: PaperWidth = 80, *, large: bool = False, native_qr: bool
) -> RasterReceipt:
    width = DOTS[paper_mm]
    painter = _Painter(width, large)
    blocks: list[Block] = list(layout.blocks)
    qr_img: Image.Image | None = None
    caption = _Painter(width, large)
    # A practice receipt draws its QR into the raster: a native QR is printed before the image,
    # which would put it above the banner, and the banner must be the first thing on the paper.
    native_qr = native_qr and layout.banner is None
    if native_qr:
        blocks.insert(0, Text(layout.qr.caption, "small"))
    else:
        qr_img = qr_image(layout.qr.payload, QR_MODULE, border=2)
        caption.inner = max(40, width - MARGIN * 2 - qr_img.width - MARGIN)
        caption.text(Text(layout.qr.caption, "small"))
    for block in blocks:
        if isinstance(block, Text):
            painter.text(block)
        elif isinstance(block, Bullets):
            painter.bullets(block)
        elif isinstance(block, Rule):
            painter.rule()
        elif isinstance(block, QrBlock):  # pragma: no cover - the QR is not a body block
            raise ValueError("the QR belongs in the band at the top")
    band = 0 if qr_img is None else max(qr_img.height, caption.height()) + 8
    feed = 24  # blank dots after the last line, before the cut's own feed
    banner = None
    top = 0  # where the QR band starts: below the banner on a practice receipt
    if layout.banner is not None:
        banner = banner_image(layout.banner.text, width, large=large)
        top = banner.height + BANNER_GAP
    body = painter.height()
    image = Image.new("1", (width, top + band + body + top + feed), 1)
    draw = ImageDraw.Draw(image)
    if banner is not None:
        image.paste(banner, (0, 0))
        image.paste(banner, (0, top + band + body + BANNER_GAP))
    if qr_img is not None:
        image.paste(qr_img, (MARGIN, top))
        shift = MARGIN + qr_img.width + MARGIN
        for item in caption.lines:
            if isinstance(item, _Line):
                item.x += shift - MARGIN
        caption.draw(draw, top + max(0, (qr_img.height - caption.height()) // 2))
    painter.draw(draw, top + band)
    native = None if qr_img is not None else NativeQr(layout.qr.payload, QR_MODULE)
    return RasterReceipt(image, native)
