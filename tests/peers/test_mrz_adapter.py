"""The scanner MrzReader adapter end to end: a rendered card back, the real tesseract."""

from __future__ import annotations

import shutil

import pytest

from devices.mrz_ocr.adapter import ScannerMrzReader
from devices.mrz_ocr.synthetic import card_back, ocr_b_font_path
from devices.simulated.citizens import ANH_MINH
from kiosk.ports.document_scanner import ColourMode, ScannedPage, ScanSettings
from kiosk.services.identity.bac_keys import bac_key_from_mrz
from kiosk.services.identity.mrz import Mrz, parse_td1
from tests.peers.conftest import peer_unavailable

pytestmark = pytest.mark.peer


class CardBackScanner:
    """A scanner with one citizen's card back on its glass, rendered at the asked dpi."""

    def open(self) -> None: ...
    def close(self) -> None: ...
    def health(self) -> object:
        return None

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        image = card_back(ANH_MINH.mrz).image.convert("L")
        return ScannedPage(image.width, image.height, 300, ColourMode.GRAY, image.tobytes())


def test_a_card_back_on_the_glass_gives_the_chip_key() -> None:
    if shutil.which("tesseract") is None or ocr_b_font_path() is None:
        peer_unavailable("tesseract-ocr and fonts-ocr-b are needed")
    reading = ScannerMrzReader(CardBackScanner()).read_mrz_from_scan()  # type: ignore[arg-type]
    assert reading.failure is None, reading.detail
    assert reading.text is not None
    mrz = parse_td1(reading.text)
    assert isinstance(mrz, Mrz)
    assert bac_key_from_mrz(mrz) == ANH_MINH.bac_key
