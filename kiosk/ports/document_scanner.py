"""Document scanner port (SANE scanner or document camera): blocking page captures.

Contract 1 (owner: SCAN). Every call that touches the device blocks (a scan takes seconds): run
it in a worker, never on the GUI thread. Failures are typed `ScanError`s; each carries the id of
the short spoken Vietnamese prompt for the citizen (`config/prompts/vi/scanner.toml`) and whether
trying again can help, while `str(error)` is English detail for the log.

A camera adapter additionally implements `PagePreviewSource`: while `scan_page`/`scan_pages`
run it publishes small preview frames with the page outline it found and the current advice
("hold the paper still"), and captures by itself once the page is still and sharp.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from kiosk.domain.devices import DeviceError, HealthReport


class ColourMode(StrEnum):
    GRAY = "gray"
    COLOUR = "colour"


class ScanSource(StrEnum):
    FLATBED = "flatbed"  # the glass (or the camera's table): one page per scan
    ADF = "adf"  # the automatic document feeder: every page in it, one call


@dataclass(frozen=True, slots=True)
class ScanSettings:
    dpi: int = 200
    mode: ColourMode = ColourMode.GRAY
    source: ScanSource = ScanSource.FLATBED


@dataclass(frozen=True, slots=True)
class ScannedPage:
    """One page image. `dpi` is the honest resolution on paper: for a camera page it is the
    effective dpi of the perspective-corrected page (a 1080p frame gives ~81 dpi on A4)."""

    width: int
    height: int
    dpi: int
    mode: ColourMode
    pixels: bytes  # row-major, 1 byte per pixel (gray) or 3 (RGB)


# --- capture advice (camera) ---------------------------------------------------------------


class CaptureAdvice(StrEnum):
    """Why a camera capture is not good yet; each has a spoken prompt (ADVICE_PROMPTS)."""

    NO_PAGE = "no_page"  # no page outline found in the frame
    HOLD_STILL = "hold_still"  # the page moves or the picture is blurred
    TOO_DARK = "too_dark"
    CUT_OFF = "cut_off"  # the page touches the frame edge: part of it is outside
    GLARE = "glare"  # a bright reflection hides part of the page
    TOO_SMALL = "too_small"  # the page fills too little of the frame
    LOW_RESOLUTION = "low_resolution"  # the camera cannot give the minimum dpi on this page


ADVICE_PROMPTS: dict[CaptureAdvice, str] = {
    advice: f"scanner.advice_{advice.value}" for advice in CaptureAdvice
}


# --- errors --------------------------------------------------------------------------------


class ScanError(DeviceError):
    """Base of every scanner failure. `prompt_id`: what the citizen hears; `retryable`: offer
    "Thử lại". `pages`: pages already scanned before a multi-page scan failed (never lost)."""

    prompt_id: str = "scanner.failed"
    retryable: bool = True

    def __init__(self, detail: str = "", *, pages: Sequence[ScannedPage] = ()) -> None:
        super().__init__(detail)
        self.pages: tuple[ScannedPage, ...] = tuple(pages)


class NoPaper(ScanError):
    """The feeder or glass is empty."""

    prompt_id = "scanner.no_paper"


class CoverOpen(ScanError):
    prompt_id = "scanner.cover_open"


class PaperJam(ScanError):
    prompt_id = "scanner.paper_jam"


class DeviceBusy(ScanError):
    """Another scan (or another program) holds the scanner; a moment later it may work."""

    prompt_id = "scanner.busy"


class NoDevice(ScanError):
    """No scanner (or not the configured one) is connected or it stopped answering."""

    prompt_id = "scanner.no_device"


class ScannerIoError(ScanError):
    """The device broke off mid-scan (USB, driver)."""

    prompt_id = "scanner.io_error"


class ScanCancelled(ScanError):
    """`cancel()` or `close()` stopped the scan."""

    prompt_id = "scanner.cancelled"


class PoorCapture(ScanError):
    """A camera gave no usable page in time; `advice` says why (most important first)."""

    prompt_id = "scanner.advice_no_page"

    def __init__(
        self,
        advice: Sequence[CaptureAdvice],
        detail: str = "",
        *,
        pages: Sequence[ScannedPage] = (),
    ) -> None:
        super().__init__(detail or ", ".join(a.value for a in advice), pages=pages)
        self.advice: tuple[CaptureAdvice, ...] = tuple(advice) or (CaptureAdvice.NO_PAGE,)
        self.prompt_id = ADVICE_PROMPTS[self.advice[0]]


class ResolutionTooLow(ScanError):
    """The device cannot reach the minimum effective dpi on this page (e.g. a 1080p camera on
    A4 gives ~81 dpi). Never submitted silently; a technician must fix the camera."""

    prompt_id = "scanner.low_resolution"
    retryable = False

    def __init__(self, effective_dpi: int, minimum_dpi: int, detail: str = "") -> None:
        super().__init__(detail or f"effective {effective_dpi} dpi < minimum {minimum_dpi} dpi")
        self.effective_dpi = effective_dpi
        self.minimum_dpi = minimum_dpi


# --- the port ------------------------------------------------------------------------------


class DocumentScanner(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        """Blocking capture of one page. Raises ScanError."""
        ...

    def scan_pages(
        self,
        settings: ScanSettings,
        max_pages: int | None = None,
        on_page: Callable[[ScannedPage], None] | None = None,
    ) -> list[ScannedPage]:
        """Blocking: every page in the feeder (ADF: until it is empty; FLATBED: one page), at
        most `max_pages`. `on_page` is called (on the calling thread) after each page, for a
        page counter. An empty feeder raises NoPaper; a failure after some pages raises the
        ScanError with `.pages` holding those already scanned."""
        ...

    def cancel(self) -> None:
        """From any thread: stop a scan in progress (it raises ScanCancelled). Idempotent."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class PagePreview:
    """One downscaled camera frame for the screen: 8-bit gray, row-major, `width` bytes a row.

    `outline`: the page's four corners in these pixels (top-left, top-right, bottom-right,
    bottom-left), or None when no page is found. `advice` is the most important problem now
    (None: the page looks good and is being held still); `prompt_id` its spoken prompt.
    `steady` goes 0 → 1 as the page stays still and sharp; at 1 the page is captured.
    """

    width: int
    height: int
    gray: bytes
    outline: tuple[tuple[int, int], ...] | None
    advice: CaptureAdvice | None
    steady: float = 0.0

    @property
    def prompt_id(self) -> str | None:
        return None if self.advice is None else ADVICE_PROMPTS[self.advice]

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or len(self.gray) != self.width * self.height:
            raise ValueError(
                f"preview of {len(self.gray)} bytes does not match {self.width}x{self.height}"
            )
        if self.outline is not None and len(self.outline) != 4:
            raise ValueError(f"a page outline has 4 corners, got {len(self.outline)}")


@runtime_checkable
class PagePreviewSource(Protocol):
    """Optional: a camera scanner that shows the citizen what it sees while it waits."""

    def subscribe_page_preview(self, callback: Callable[[PagePreview], None]) -> None:
        """Register for previews (rate-capped) while a scan runs, called on the scanning
        thread; the receiver must not keep frames after the papers step (they show papers)."""
        ...
