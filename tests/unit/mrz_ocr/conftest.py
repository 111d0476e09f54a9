"""Card backs rendered once per session: Pillow + the OCR-B font, no tesseract needed."""

from __future__ import annotations

import pytest

from devices.mrz_ocr.synthetic import CardBack, Degradation, card_back, ocr_b_font_path
from devices.simulated.citizens import CITIZENS


def _require_font() -> None:
    if ocr_b_font_path() is None:  # a build dependency (Debian fonts-ocr-b), not a peer
        pytest.fail("the OCR-B font is missing: apt install fonts-ocr-b", pytrace=False)


@pytest.fixture(scope="session")
def card_backs() -> dict[tuple[str, Degradation], CardBack]:
    _require_font()
    return {
        (c.slug, kind): card_back(c.mrz, kind, seed=n)
        for n, c in enumerate(CITIZENS)
        for kind in Degradation
    }
