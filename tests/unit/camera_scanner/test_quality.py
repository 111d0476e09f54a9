"""Each spoiled photo gets the right advice; a clean 12 MP page passes; 1080p is too coarse."""

from __future__ import annotations

import pytest

from devices.camera_scanner.detect import find_page
from devices.camera_scanner.quality import assess
from kiosk.paths import prompts_file
from kiosk.ports.document_scanner import ADVICE_PROMPTS, CaptureAdvice
from kiosk.prompts import load_prompts
from tests.unit.camera_scanner.conftest import HD, MP12, photo

EXPECTED = {
    "blurred": CaptureAdvice.HOLD_STILL,
    "dark": CaptureAdvice.TOO_DARK,
    "cut_off": CaptureAdvice.CUT_OFF,
    "glare": CaptureAdvice.GLARE,
    "no_page": CaptureAdvice.NO_PAGE,
}


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("variant", sorted(EXPECTED))
def test_each_spoiled_photo_gets_its_advice_first(variant: str, seed: int) -> None:
    shot = photo(seed, HD, variant)
    quality = assess(shot.frame, find_page(shot.frame), min_dpi=0)
    assert quality.advice[:1] == (EXPECTED[variant],), quality


@pytest.mark.parametrize("seed", range(3))
def test_a_clean_1080p_page_passes_every_check_but_resolution(seed: int) -> None:
    shot = photo(seed)
    found = find_page(shot.frame)
    assert assess(shot.frame, found, min_dpi=0).ok
    coarse = assess(shot.frame, found, min_dpi=200)
    assert coarse.advice == (CaptureAdvice.LOW_RESOLUTION,)
    assert 60 <= coarse.effective_dpi <= 85  # "a 1080p frame gives ~81 dpi on A4"


def test_a_clean_12_mp_page_is_good_at_200_dpi() -> None:
    shot = photo(2, MP12)
    quality = assess(shot.frame, find_page(shot.frame), min_dpi=200)
    assert quality.ok and quality.effective_dpi >= 250, quality


def test_a_blurred_12_mp_page_is_caught() -> None:
    shot = photo(2, MP12, "blurred")
    assert assess(shot.frame, find_page(shot.frame), min_dpi=200).advice[:1] == (
        CaptureAdvice.HOLD_STILL,
    )


def test_a_page_far_away_is_too_small() -> None:
    import cv2
    import numpy as np

    shot = photo(4)
    # the same desk photo with the page shrunk to a third: the camera is too far
    small = cv2.resize(shot.frame, None, fx=0.4, fy=0.4, interpolation=cv2.INTER_AREA)
    canvas = np.ascontiguousarray(cv2.resize(shot.frame, (1920, 1080))[:, :, :])
    canvas[:] = cv2.blur(shot.frame, (31, 31))  # desk-coloured background
    canvas[300 : 300 + small.shape[0], 600 : 600 + small.shape[1]] = small
    quality = assess(canvas, find_page(canvas), min_dpi=0)
    assert CaptureAdvice.TOO_SMALL in quality.advice


def test_every_advice_has_a_spoken_prompt_without_slashes() -> None:
    catalogue = load_prompts(prompts_file())
    for advice in CaptureAdvice:
        prompt = ADVICE_PROMPTS[advice]
        assert prompt in catalogue, prompt
        assert "/" not in catalogue.speech(prompt)
    assert catalogue.text(ADVICE_PROMPTS[CaptureAdvice.HOLD_STILL]) == (
        "Ông/bà giữ giấy yên một chút"
    )
