"""An MRZ reader for the simulated kiosk: the card back "on the glass" is scripted, not scanned.

It skips the image and the OCR and returns the scripted TD1 text directly: the OCR has its own
tests against rendered card backs (devices/mrz_ocr), and skipping it keeps the UI tests fast and
free of tesseract. The real path is devices/mrz_ocr/adapter.py over a DocumentScanner.
"""

from __future__ import annotations

from devices.simulated._base import SimulatedDevice, check_delay
from kiosk.ports.clock import Clock
from kiosk.ports.document_scanner import ScanSettings
from kiosk.ports.mrz_reader import (
    PROMPT_NO_CARD,
    PROMPT_UNAVAILABLE,
    PROMPT_UNREADABLE,
    MrzReadFailure,
    MrzReading,
)


class SimulatedMrzReader(SimulatedDevice):
    """Scripting hooks: `place(lines)` (a card back on the glass; its check digits are not
    checked here, so a test can place a damaged MRZ), `place_unreadable()`, `take()`,
    `fail(detail)`, `recover()`. `reads` counts the scans asked for."""

    def __init__(
        self, clock: Clock, scan_delay_s: float = 2.0, name: str = "simulated-mrz-reader"
    ) -> None:
        super().__init__(clock, name)
        self._delay_s = check_delay("scan_delay_s", scan_delay_s)
        self._glass: tuple[str, str, str] | None = None
        self._unreadable = False
        self.reads = 0

    def place(self, lines: tuple[str, str, str]) -> None:
        with self._lock:
            self._glass, self._unreadable = lines, False

    def place_unreadable(self) -> None:
        """Something is on the glass, but no MRZ can be read off it (smudged, face up)."""
        with self._lock:
            self._glass, self._unreadable = None, True

    def take(self) -> None:
        with self._lock:
            self._glass, self._unreadable = None, False

    def read_mrz_from_scan(self, settings: ScanSettings | None = None) -> MrzReading:
        with self._lock:
            self.reads += 1
            if not self._open:
                return MrzReading.failed(
                    MrzReadFailure.UNAVAILABLE, PROMPT_UNAVAILABLE, "reader is not open"
                )
            if self._failure is not None:
                return MrzReading.failed(
                    MrzReadFailure.UNAVAILABLE, PROMPT_UNAVAILABLE, self._failure
                )
        if self._wait(self._delay_s):
            return MrzReading.failed(MrzReadFailure.UNAVAILABLE, PROMPT_UNAVAILABLE, "closed")
        with self._lock:
            glass, unreadable = self._glass, self._unreadable
        if unreadable:
            return MrzReading.failed(MrzReadFailure.UNREADABLE, PROMPT_UNREADABLE, "smudged")
        if glass is None:
            return MrzReading.failed(MrzReadFailure.NO_CARD, PROMPT_NO_CARD, "empty glass")
        return MrzReading("\n".join(glass))
