"""The dossier receipt: one layout (layout.py), two renderers (raster.py for thermal ESC/POS
printers, pdf.py for A5/A4), the bundled Noto Sans for both."""

from printing.receipt.layout import PROMPT_IDS, ReceiptLayout, build_layout
from printing.receipt.pdf import render_pdf
from printing.receipt.raster import DOTS, NativeQr, RasterReceipt, render_raster

__all__ = [
    "DOTS",
    "PROMPT_IDS",
    "NativeQr",
    "RasterReceipt",
    "ReceiptLayout",
    "build_layout",
    "render_pdf",
    "render_raster",
]
