"""A rendered receipt as ESC/POS commands, emitted through python-escpos (the real encoder).

ESC @                 initialise
ESC a 0               left alignment (the QR belongs top-left)
GS ( k …              native QR: model 2, module size, level M, store, print  (native only)
GS v 0 …              the raster, in fragments of at most FRAGMENT rows
ESC d 6, GS V 0       feed past the cutter, full cut
"""

from __future__ import annotations

from escpos.constants import QR_ECLEVEL_M
from escpos.escpos import Escpos
from escpos.printer import Dummy
from PIL import Image

from printing.escpos.transport import set_media_width
from printing.receipt.raster import NativeQr, RasterReceipt

FRAGMENT = 960  # rows per GS v 0: within every printer's buffer (python-escpos's default)


def emit(printer: Escpos, image: Image.Image, native_qr: NativeQr | None, cut: bool = True) -> None:
    printer.hw("INIT")
    printer.set(align="left")
    if native_qr is not None:
        printer.qr(native_qr.payload, ec=QR_ECLEVEL_M, size=native_qr.module_dots, native=True)
    printer.image(image, impl="bitImageRaster", fragment_height=FRAGMENT)
    if cut:
        printer.cut()


def receipt_bytes(rendered: RasterReceipt, profile: str | None = None) -> bytes:
    """The exact bytes a printer would get (for `kiosk receipt render --format escpos`)."""
    dummy = Dummy(profile=profile or "default")
    set_media_width(dummy, rendered.image.width)
    emit(dummy, rendered.image, rendered.native_qr)
    data: bytes = dummy.output
    return data


def raster_image(width_px: int, height_px: int, bits: bytes) -> Image.Image:
    """A port RasterJob's packed bits (black = 1) as a mode "1" image (black = 0)."""
    image = Image.frombytes("1", (width_px, height_px), bits)
    return Image.eval(image.convert("L"), lambda v: 255 - v).convert("1")
