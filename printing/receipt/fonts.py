"""The bundled Noto Sans (OFL) for receipts, read from ui/fonts/ by path.

printing/ must not import ui (import-linter), so the files are found beside it, the same files
ui/fonts.py registers with Qt: screen, paper and PDF show one typeface with full Vietnamese.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIR = Path(__file__).resolve().parents[2] / "ui" / "fonts"
REGULAR = FONT_DIR / "NotoSans-Regular.ttf"
BOLD = FONT_DIR / "NotoSans-Bold.ttf"


def font_file(bold: bool) -> Path:
    path = BOLD if bold else REGULAR
    if not path.is_file():
        raise FileNotFoundError(f"bundled receipt font missing: {path}")
    return path


@lru_cache(maxsize=64)
def pil_font(size_px: int, bold: bool) -> ImageFont.FreeTypeFont:
    """Basic layout (not raqm): NFC Vietnamese is all precomposed glyphs in Noto Sans, and the
    basic engine gives the same pixels on every host, which the byte snapshots rely on."""
    return ImageFont.truetype(str(font_file(bold)), size_px, layout_engine=ImageFont.Layout.BASIC)
