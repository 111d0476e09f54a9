"""A flatbed/feeder scanner that returns generated A4 pages of text-like bars."""

from __future__ import annotations

import random
from collections.abc import Callable

from devices.simulated._base import SimulatedDevice, check_delay
from kiosk.ports.clock import Clock
from kiosk.ports.document_scanner import (
    ColourMode,
    NoDevice,
    NoPaper,
    ScanCancelled,
    ScanError,
    ScannedPage,
    ScanSettings,
    ScanSource,
)

A4_MM = (210.0, 297.0)
MIN_DPI, MAX_DPI = 50, 600

_WHITE = 0xF4  # paper is never pure white
_INK = 0x22


def a4_pixels(dpi: int) -> tuple[int, int]:
    return round(A4_MM[0] / 25.4 * dpi), round(A4_MM[1] / 25.4 * dpi)


def render_page(dpi: int, mode: ColourMode, seed: int) -> ScannedPage:
    """A deterministic A4 page: a title bar and lines of 'words' (dark bars) on paper white.

    Built row by row from a handful of row templates with bytes multiplication, so a 200 dpi
    page takes milliseconds.
    """
    width, height = a4_pixels(dpi)
    bpp = 1 if mode is ColourMode.GRAY else 3
    rng = random.Random(seed)

    def px(n: int) -> int:  # millimetres to pixels, at least one
        return max(1, round(n / 25.4 * dpi))

    white_px = bytes([_WHITE]) * bpp
    ink_px = bytes([_INK]) * bpp if bpp == 1 else bytes([_INK, _INK, _INK + 0x18])
    blank_row = white_px * width
    margin, line_h, gap_h = px(20), px(3), px(3)
    text_w = width - 2 * margin

    def text_row() -> bytes:
        parts, used = [white_px * margin], 0
        while used < text_w:
            word = min(rng.randint(px(4), px(25)), text_w - used)
            space = min(px(2), text_w - used - word)
            parts += [ink_px * word, white_px * space]
            used += word + space
        parts.append(white_px * (width - margin - used))
        return b"".join(parts)

    rows: list[bytes] = [blank_row * margin]
    title = white_px * margin + ink_px * (text_w // 2) + white_px * (width - margin - text_w // 2)
    rows.append(title * px(6))
    y = margin + px(6)
    rows.append(blank_row * px(8))
    y += px(8)
    while y + line_h + gap_h <= height - margin:
        # a short last line now and then, like the end of a paragraph
        row = (
            text_row()
            if rng.random() > 0.15
            else (
                white_px * margin
                + ink_px * (text_w // 3)
                + white_px * (width - margin - text_w // 3)
            )
        )
        rows += [row * line_h, blank_row * gap_h]
        y += line_h + gap_h
    rows.append(blank_row * (height - y))
    pixels = b"".join(rows)
    assert len(pixels) == width * height * bpp
    return ScannedPage(width=width, height=height, dpi=dpi, mode=mode, pixels=pixels)


class SimulatedDocumentScanner(SimulatedDevice):
    """Scripting hooks: `load_paper(pages)`, `fail(detail)`, `recover()`, `inject(error)`;
    `pages_loaded` to read.

    Each scan takes one loaded page, waits `scan_delay_s` on the clock (cut short by `close()` or
    `cancel()`, which then raise ScanCancelled and leave the page in the feeder) and returns a
    generated A4 page; pages differ from each other but are the same on every run. `inject`
    queues a typed error (PaperJam, CoverOpen, DeviceBusy, NoDevice, ScannerIoError …) that the
    scan of the page after `after_pages` more pages raises once, so a test or the simulated kiosk
    can play every failure.
    """

    def __init__(
        self, clock: Clock, scan_delay_s: float = 2.0, name: str = "simulated-scanner"
    ) -> None:
        super().__init__(clock, name)
        self._scan_delay_s = check_delay("scan_delay_s", scan_delay_s)
        self._pages = 0
        self._scanned = 0
        self._injected: list[tuple[int, ScanError]] = []  # (pages still to scan first, error)

    @property
    def pages_loaded(self) -> int:
        with self._lock:
            return self._pages

    def load_paper(self, pages: int = 1) -> None:
        if pages < 1:
            raise ValueError(f"load at least one page, got {pages}")
        with self._lock:
            self._pages += pages

    def inject(self, error: ScanError, after_pages: int = 0) -> None:
        """Scripting hook: after `after_pages` more good pages, one scan raises `error`."""
        if after_pages < 0:
            raise ValueError(f"after_pages must be >= 0, got {after_pages}")
        with self._lock:
            self._injected.append((after_pages, error))

    def cancel(self) -> None:
        self._cancel_waits()

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        if not MIN_DPI <= settings.dpi <= MAX_DPI:
            raise ScanError(f"unsupported resolution {settings.dpi} dpi ({MIN_DPI}-{MAX_DPI})")
        with self._lock:
            if not self._open:
                raise NoDevice("scanner is not open")
            if self._failure is not None:
                raise ScanError(self._failure)
            due = next((i for i, (n, _) in enumerate(self._injected) if n == 0), None)
            if due is not None:
                _, error = self._injected.pop(due)
                raise error
            if self._pages == 0:
                raise NoPaper("no paper loaded")
            self._pages -= 1  # taken now, so two concurrent scans cannot share a page
        if self._wait(self._scan_delay_s):
            with self._lock:
                self._pages += 1
            raise ScanCancelled("scanner closed during the scan")
        with self._lock:
            self._scanned += 1
            seed = self._scanned
            self._injected = [(n - 1, e) for n, e in self._injected]
        return render_page(settings.dpi, settings.mode, seed)

    def scan_pages(
        self,
        settings: ScanSettings,
        max_pages: int | None = None,
        on_page: Callable[[ScannedPage], None] | None = None,
    ) -> list[ScannedPage]:
        if max_pages is not None and max_pages < 1:
            raise ValueError(f"max_pages must be >= 1, got {max_pages}")
        limit = 1 if settings.source is ScanSource.FLATBED else max_pages
        pages: list[ScannedPage] = []
        while limit is None or len(pages) < limit:
            try:
                page = self.scan_page(settings)
            except NoPaper:
                if pages:  # the feeder ran empty: the batch is complete
                    break
                raise
            except ScanError as error:
                error.pages = tuple(pages)
                raise
            pages.append(page)
            if on_page is not None:
                on_page(page)
        return pages
