"""MRZ OCR through the real tesseract (Debian tesseract-ocr + eng) on rendered card backs.

Clean renders must read exactly; degraded ones must read exactly or fail clearly — a returned
MRZ that differs from the printed one is the one outcome never allowed.
"""

from __future__ import annotations

import random
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.mrz_ocr import read_mrz
from devices.mrz_ocr.synthetic import Degradation, card_back, ocr_b_font_path, random_mrz
from devices.simulated.citizens import CITIZENS, SimulatedCitizen
from kiosk.ports.document_scanner import ColourMode, ScannedPage
from tests.peers.conftest import peer_unavailable

pytestmark = pytest.mark.peer


@pytest.fixture(autouse=True)
def tesseract() -> None:
    if shutil.which("tesseract") is None:
        peer_unavailable("tesseract is not installed (apt install tesseract-ocr tesseract-ocr-eng)")
    if ocr_b_font_path() is None:
        peer_unavailable("the OCR-B font is not installed (apt install fonts-ocr-b)")


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_clean_card_backs_read_exactly(citizen: SimulatedCitizen) -> None:
    lines = citizen.mrz
    result = read_mrz(card_back(lines).image)
    assert result.failure is None, result.detail
    assert result.lines == lines
    assert result.seconds < 5


@pytest.mark.parametrize("kind", [k for k in Degradation if k is not Degradation.CLEAN])
@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_degraded_backs_read_exactly_or_fail_clearly(
    citizen: SimulatedCitizen, kind: Degradation
) -> None:
    lines = citizen.mrz
    result = read_mrz(card_back(lines, kind, seed=7).image)
    if result.lines is not None:
        assert result.lines == lines
    else:
        assert result.failure is not None and result.prompt_id is not None


@settings(
    max_examples=14, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(st.randoms(use_true_random=False), st.sampled_from(list(Degradation)))
def test_generated_mrzs_are_never_misread(rng: random.Random, kind: Degradation) -> None:
    lines = random_mrz(rng)
    result = read_mrz(card_back(lines, kind, seed=rng.randint(0, 999)).image)
    assert result.lines is None or result.lines == lines


def test_a_gray_scanned_page_reads_exactly() -> None:
    citizen = CITIZENS[2]
    image = card_back(citizen.mrz, Degradation.DPI_200).image.convert("L")
    page = ScannedPage(image.width, image.height, 200, ColourMode.GRAY, image.tobytes())
    assert read_mrz(page).lines == citizen.mrz
