"""The bundled Noto Sans (OFL, full Vietnamese coverage), so text never depends on the host."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FALLBACK_FAMILY = "Noto Sans"

_loaded_family: str | None = None


def load_bundled_fonts() -> str:
    """Register ui/fonts/NotoSans-*.ttf with Qt (once) and return the family name.

    Needs a QGuiApplication. Calling it again returns the family without registering twice.
    """
    global _loaded_family
    if _loaded_family is not None:
        return _loaded_family
    family = ""
    for path in sorted(FONT_DIR.glob("NotoSans-*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise RuntimeError(f"cannot load bundled font {path}")
        families = QFontDatabase.applicationFontFamilies(font_id)
        family = family or (families[0] if families else "")
    if not family:
        raise RuntimeError(f"no bundled fonts found in {FONT_DIR}")
    _loaded_family = family
    return family
