"""tesseract through pytesseract: the sheet of MRZ characters it reads, and its failures typed."""

from __future__ import annotations

import os
import statistics
import time
from enum import StrEnum

import pytesseract  # type: ignore[import-untyped, unused-ignore]  # no stubs upstream
from PIL import Image, ImageChops, ImageOps

from devices.mrz_ocr import layout

# tesseract's OpenMP threads fight over a kiosk's two cores: one thread is 5x faster here
# (measured 0.9 s → 0.18 s per run on the 2-core build machine). pytesseract passes os.environ.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class EngineFailure(StrEnum):
    MISSING = "engine_missing"
    TIMEOUT = "engine_timeout"
    ERROR = "engine_error"


class EngineError(Exception):
    def __init__(self, failure: EngineFailure, detail: str) -> None:
        super().__init__(detail)
        self.failure = failure
        self.detail = detail


class Deadline:
    """One time budget for every tesseract run of a read, so a read ends in bounded time."""

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds
        self.seconds = seconds

    def remaining(self) -> float:
        left = self._end - time.monotonic()
        if left <= 0:
            raise EngineError(EngineFailure.TIMEOUT, f"read ran over {self.seconds} s")
        return left


def sheet(
    ink: Image.Image,
    grids: tuple[layout.Grid, ...],
    fillers: tuple[tuple[bool, ...], ...],
    scale: float = 1.0,
    packed: bool = False,
) -> Image.Image:
    """The rows' characters, dark on white; filler cells and everything around them blank.

    `packed` closes each run of fillers up to one cell: tesseract's LSTM tends to read a lone
    character far right of a long gap twice ("0" → "0O").
    """
    floor = layout.otsu(ink) // 2  # guilloche and paper texture, not ink
    clean = ink.point(lambda v: 0 if v < floor else v)
    pad = max(3, grids[0].row.height // 4)
    strips = []
    for g, flags in zip(grids, fillers, strict=True):
        left, top, _, bottom = g.cell(0, pad)
        right = g.cell(layout.MRZ_COLUMNS - 1, pad)[2]
        strip = Image.new("L", (right - left + 2 * pad, bottom - top), 0)
        shift = 0
        for k, filler in enumerate(flags):
            if filler:
                if packed and k > 0 and flags[k - 1]:
                    shift += g.cell(k, pad)[2] - g.cell(k, pad)[0]
                continue
            box = g.cell(k, pad)
            cell = clean.crop(box)
            span = layout.glyph_span(cell, 2 * floor)
            if span is not None:  # only the glyph: a neighbour's edge would read as a 1 or an I
                glyph = cell.crop((span[0], 0, span[1], cell.height))
                strip.paste(glyph, (box[0] - left + pad + span[0] - shift, 0))
        strip = ImageOps.autocontrast(ImageChops.invert(strip), cutoff=0.5)
        strips.append(layout.rescale(strip, scale))
    gap = strips[0].height // 2 + pad
    width = max(s.width for s in strips) + 2 * gap
    out = Image.new("L", (width, sum(s.height for s in strips) + (len(strips) + 1) * gap), 255)
    y = gap
    for strip in strips:
        out.paste(strip, (gap, y))
        y += strip.height + gap
    return out


def read_lines(
    image: Image.Image, whitelist: str, psm: int, deadline: Deadline
) -> tuple[list[str], float]:
    """Text lines top to bottom (spaces dropped) and the mean word confidence, 0–1."""
    config = (
        f"--psm {psm} --oem 1 -c tessedit_char_whitelist={whitelist}"
        " -c load_system_dawg=0 -c load_freq_dawg=0"
    )
    timeout = deadline.remaining()
    try:
        data = pytesseract.image_to_data(
            image, lang="eng", config=config, timeout=timeout, output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as exc:
        cmd = pytesseract.pytesseract.tesseract_cmd
        raise EngineError(EngineFailure.MISSING, f"tesseract not found ({cmd!r})") from exc
    except pytesseract.TesseractError as exc:
        raise EngineError(EngineFailure.ERROR, f"tesseract failed: {exc}") from exc
    except RuntimeError as exc:  # pytesseract's only signal of its own timeout
        if "timeout" not in str(exc).lower():
            raise EngineError(EngineFailure.ERROR, f"tesseract failed: {exc}") from exc
        raise EngineError(EngineFailure.TIMEOUT, f"tesseract ran over {timeout:.1f} s") from exc
    words: dict[tuple[int, int, int], list[tuple[str, float]]] = {}
    for i, text in enumerate(data["text"]):
        if text.strip():
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            words.setdefault(key, []).append(("".join(text.split()), float(data["conf"][i])))
    lines = ["".join(t for t, _ in ws) for ws in words.values()]
    confs = [c for ws in words.values() for _, c in ws if c >= 0]
    return lines, (statistics.fmean(confs) / 100 if confs else 0.0)
