"""Our own pictograms (simple SVGs drawn for the kiosk, no third-party art).

A procedure's `icon` (config/procedures/*.yaml) names one of these; `load_catalogue(icons=
icon_names())` refuses a name that has no file here.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def icon_path(name: str) -> Path:
    return FOLDER / f"{name}.svg"


def icon_names() -> frozenset[str]:
    return frozenset(p.stem for p in FOLDER.glob("*.svg"))
