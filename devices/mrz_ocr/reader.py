"""Read the TD1 MRZ (3 × 30) off an image of the back of a CCCD, or say clearly why not.

Blocking and CPU-bound (≈ 0.45 s CPU: Pillow plus two tesseract runs, up to four when a look
fails; bench/mrz_ocr.py): call it from a worker, never from the GUI thread. Every tesseract run
shares one time budget. Never raises, and never returns lines whose check digits fail.

Pipeline: grayscale → scale to ~30 px characters → ink against the local background (uneven
light) → deskew by row-profile sharpness → the bottom-most three evenly spaced rows shaped like
MRZ lines → a 30-cell grid per row → filler cells by shape (fillers.py) → tesseract reads the
other cells → field-type fixes (repair.py) → every check digit (parse_td1) → the name line, which
no check digit covers, read a second time and required to agree.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image

from devices.mrz_ocr import engine, layout
from devices.mrz_ocr.engine import Deadline, EngineError
from devices.mrz_ocr.fillers import FillerError, find_fillers
from devices.mrz_ocr.repair import fix_by_field, place, validate
from kiosk.ports.document_scanner import ColourMode, ScannedPage
from kiosk.services.identity.mrz import Mrz

TESSERACT_TIMEOUT_S = 10.0
_LOOKS = ((1.0, True), (1.0, False), (1.3, True))  # (scale, fillers closed up)


class MrzOcrFailure(StrEnum):
    BAD_IMAGE = "bad_image"  # not an image we can decode (empty, wrong byte count)
    NO_MRZ = "no_mrz"  # no three MRZ-shaped rows: not a card back, or the card is out of frame
    UNREADABLE = "unreadable"  # rows found but some characters could not be read with certainty
    CHECK_DIGITS = "check_digits"  # read, but the check digits do not hold
    ENGINE_MISSING = "engine_missing"  # the tesseract program is not installed
    ENGINE_TIMEOUT = "engine_timeout"
    ENGINE_ERROR = "engine_error"


_ENGINE_FAILURES = (
    MrzOcrFailure.ENGINE_MISSING,
    MrzOcrFailure.ENGINE_TIMEOUT,
    MrzOcrFailure.ENGINE_ERROR,
)
PROMPT_UNREADABLE = "mrz_ocr.unreadable"  # place the card again, back side up
PROMPT_UNAVAILABLE = "mrz_ocr.unavailable"  # ask staff: the kiosk cannot read it at all


@dataclass(frozen=True, slots=True)
class MrzOcrResult:
    lines: tuple[str, str, str] | None  # only when every check digit holds
    confidence: float  # 0–1: tesseract's mean word confidence, 0 on failure
    failure: MrzOcrFailure | None = None
    detail: str = ""  # English, for the log; never holds the MRZ itself
    mrz: Mrz | None = None
    seconds: float = 0.0

    @property
    def prompt_id(self) -> str | None:
        if self.failure is None:
            return None
        return PROMPT_UNAVAILABLE if self.failure in _ENGINE_FAILURES else PROMPT_UNREADABLE


class _Failed(Exception):
    def __init__(self, failure: MrzOcrFailure, detail: str) -> None:
        super().__init__(detail)
        self.failure = failure
        self.detail = detail


def read_mrz(
    image: Image.Image | ScannedPage, timeout_s: float = TESSERACT_TIMEOUT_S
) -> MrzOcrResult:
    """The MRZ of the card back in `image`, check digits verified, or a typed failure.

    `timeout_s` bounds all tesseract runs of this read together.
    """
    started = time.monotonic()
    try:
        lines, mrz, confidence = _read(image, Deadline(timeout_s))
    except EngineError as exc:
        return MrzOcrResult(
            None,
            0.0,
            MrzOcrFailure(exc.failure.value),
            exc.detail,
            seconds=time.monotonic() - started,
        )
    except _Failed as failed:
        return MrzOcrResult(
            None, 0.0, failed.failure, failed.detail, seconds=time.monotonic() - started
        )
    except Exception as exc:  # the boundary: a Pillow surprise must not reach the flow
        return MrzOcrResult(
            None,
            0.0,
            MrzOcrFailure.UNREADABLE,
            f"unexpected {type(exc).__name__}: {exc}",
            seconds=time.monotonic() - started,
        )
    return MrzOcrResult(lines, confidence, mrz=mrz, seconds=time.monotonic() - started)


def to_gray(image: Image.Image | ScannedPage) -> tuple[Image.Image, int | None]:
    if isinstance(image, ScannedPage):
        mode = "L" if image.mode is ColourMode.GRAY else "RGB"
        expected = image.width * image.height * (1 if mode == "L" else 3)
        if image.width <= 0 or image.height <= 0 or len(image.pixels) != expected:
            raise _Failed(MrzOcrFailure.BAD_IMAGE, "scanned page size does not match its pixels")
        page = Image.frombytes(mode, (image.width, image.height), image.pixels)
        return page.convert("L"), image.dpi
    if image.width < 30 or image.height < 30:
        raise _Failed(MrzOcrFailure.BAD_IMAGE, f"image of {image.size} is too small")
    if image.mode in ("RGBA", "LA", "P"):  # a transparent area is paper, not ink
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image.convert("RGBA"), mask=image.convert("RGBA"))
        image = flat
    return image.convert("L"), None


def _locate(
    gray: Image.Image,
) -> tuple[Image.Image, Image.Image, tuple[layout.Row, layout.Row, layout.Row]]:
    ink = layout.ink(gray)
    angle = layout.skew_angle(layout.mask(ink))
    if angle:
        ink = ink.rotate(angle, Image.Resampling.BICUBIC)
    mask = layout.mask(ink)
    rows = layout.mrz_rows(layout.text_rows(mask))
    if rows is None:
        raise _Failed(MrzOcrFailure.NO_MRZ, "no three evenly spaced MRZ-shaped text rows")
    return ink, mask, rows


def _read(
    image: Image.Image | ScannedPage, deadline: Deadline
) -> tuple[tuple[str, str, str], Mrz, float]:
    gray, dpi = to_gray(image)
    cap_px = layout.estimated_px_per_mm(gray, dpi) * 2.4
    gray = layout.rescale(gray, layout.TARGET_CHAR_PX / cap_px)
    ink, mask, rows = _locate(gray)
    height = statistics.median(r.height for r in rows)
    if not 0.8 <= height / layout.TARGET_CHAR_PX <= 1.25:  # the dpi guess was off: measure
        gray = layout.rescale(gray, layout.TARGET_CHAR_PX / height)
        ink, mask, rows = _locate(gray)
    grids = (layout.grid(mask, rows[0]), layout.grid(mask, rows[1]), layout.grid(mask, rows[2]))
    try:
        fillers = find_fillers(ink, grids).fillers
    except FillerError as exc:
        raise _Failed(MrzOcrFailure.UNREADABLE, str(exc)) from exc
    # tesseract's LSTM sometimes splits or doubles a character; each other rendering of the same
    # cells is a fresh look, and each is gated by the check digits on its own.
    reason = ""
    for scale, packed in _LOOKS:
        texts, confidence = engine.read_lines(
            engine.sheet(ink, grids, fillers, scale, packed), engine.ALNUM, 6, deadline
        )
        if len(texts) != 3:
            failure, reason = MrzOcrFailure.UNREADABLE, f"tesseract found {len(texts)} lines"
            continue
        placed = place((texts[0], texts[1], texts[2]), fillers)
        if isinstance(placed, str):
            failure, reason = MrzOcrFailure.UNREADABLE, placed
            continue
        lines = fix_by_field(placed)
        checked = validate(lines)
        if isinstance(checked, str):
            failure, reason = MrzOcrFailure.CHECK_DIGITS, checked
            continue
        break
    else:
        raise _Failed(failure, reason)
    # No check digit covers the name line, so it must read the same twice: letters only, one
    # line, in the other layout.
    again, _ = engine.read_lines(
        engine.sheet(ink, grids[2:], fillers[2:], 1.3, not packed), engine.ALPHA, 7, deadline
    )
    name = place((texts[0], texts[1], "".join(again)), fillers)
    if not isinstance(name, tuple) or fix_by_field(name)[2] != lines[2]:
        raise _Failed(MrzOcrFailure.UNREADABLE, "the name line read differently twice")
    return lines, checked, confidence
