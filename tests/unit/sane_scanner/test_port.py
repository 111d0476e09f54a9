"""The extended document scanner port: typed errors with prompts, previews, old names kept."""

from __future__ import annotations

import pytest

from kiosk.paths import prompts_file
from kiosk.ports.document_scanner import (
    ADVICE_PROMPTS,
    CaptureAdvice,
    ColourMode,
    CoverOpen,
    DeviceBusy,
    NoDevice,
    NoPaper,
    PagePreview,
    PaperJam,
    PoorCapture,
    ResolutionTooLow,
    ScanCancelled,
    ScanError,
    ScannedPage,
    ScannerIoError,
    ScanSettings,
    ScanSource,
)
from kiosk.prompts import load_prompts

ERRORS = [
    ScanError,
    NoPaper,
    CoverOpen,
    PaperJam,
    DeviceBusy,
    NoDevice,
    ScannerIoError,
    ScanCancelled,
]


def test_old_names_still_work_positionally() -> None:
    page = ScannedPage(2, 1, 200, ColourMode.GRAY, b"\0\0")
    assert page.width == 2 and ScanSettings().dpi == 200
    assert ScanSettings(300, ColourMode.GRAY).source is ScanSource.FLATBED


@pytest.mark.parametrize("kind", ERRORS)
def test_every_error_has_a_spoken_prompt_in_the_catalogue(kind: type[ScanError]) -> None:
    catalogue = load_prompts(prompts_file())
    error = kind("detail for the log")
    assert error.prompt_id in catalogue and "/" not in catalogue.speech(error.prompt_id)
    assert error.retryable and str(error) == "detail for the log" and error.pages == ()


def test_errors_are_distinct_prompts() -> None:
    prompts = [kind.prompt_id for kind in ERRORS]
    assert len(set(prompts)) == len(prompts)


def test_poor_capture_speaks_its_first_advice() -> None:
    error = PoorCapture([CaptureAdvice.GLARE, CaptureAdvice.HOLD_STILL])
    assert error.prompt_id == "scanner.advice_glare" and "glare" in str(error)
    assert PoorCapture([]).advice == (CaptureAdvice.NO_PAGE,)


def test_resolution_too_low_is_not_retryable_and_speaks() -> None:
    error = ResolutionTooLow(81, 200)
    catalogue = load_prompts(prompts_file())
    assert not error.retryable and error.prompt_id in catalogue and "81" in str(error)


def test_pages_scanned_before_a_failure_travel_with_it() -> None:
    page = ScannedPage(1, 1, 200, ColourMode.GRAY, b"\0")
    assert PaperJam("jam", pages=[page]).pages == (page,)


def test_preview_checks_its_shape_and_names_the_prompt() -> None:
    preview = PagePreview(2, 2, b"\0" * 4, ((0, 0), (1, 0), (1, 1), (0, 1)), CaptureAdvice.CUT_OFF)
    assert preview.prompt_id == ADVICE_PROMPTS[CaptureAdvice.CUT_OFF]
    assert PagePreview(2, 2, b"\0" * 4, None, None).prompt_id is None
    with pytest.raises(ValueError):
        PagePreview(2, 2, b"\0" * 3, None, None)
    with pytest.raises(ValueError):
        PagePreview(2, 2, b"\0" * 4, ((0, 0), (1, 1)), None)
