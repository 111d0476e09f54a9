"""The MrzReader port over a DocumentScanner: one page of the card back, then `read_mrz`.

The scanner is a port of its own, opened and closed by the composition root; this adapter only
borrows it for one page, so `open`/`close` here do not touch it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from devices.mrz_ocr.reader import MrzOcrResult, read_mrz
from kiosk.domain.devices import HealthReport
from kiosk.ports.document_scanner import (
    ColourMode,
    DocumentScanner,
    NoPaper,
    ScanError,
    ScannedPage,
    ScanSettings,
)
from kiosk.ports.mrz_reader import (
    PROMPT_NO_CARD,
    PROMPT_UNAVAILABLE,
    PROMPT_UNREADABLE,
    MrzReadFailure,
    MrzReading,
)

log = logging.getLogger(__name__)

# 300 dpi puts ~28 px on an OCR-B capital: what the OCR pipeline scales to anyway.
CARD_BACK_SCAN = ScanSettings(dpi=300, mode=ColourMode.GRAY)


class ScannerMrzReader:
    def __init__(
        self,
        scanner: DocumentScanner,
        settings: ScanSettings = CARD_BACK_SCAN,
        ocr: Callable[[ScannedPage], MrzOcrResult] = read_mrz,
    ) -> None:
        self._scanner = scanner
        self._settings = settings
        self._ocr = ocr

    def open(self) -> None:
        pass

    def health(self) -> HealthReport:
        return self._scanner.health()

    def close(self) -> None:
        pass

    def read_mrz_from_scan(self, settings: ScanSettings | None = None) -> MrzReading:
        try:
            page = self._scanner.scan_page(settings or self._settings)
        except NoPaper as exc:
            return MrzReading.failed(MrzReadFailure.NO_CARD, PROMPT_NO_CARD, str(exc))
        except ScanError as exc:
            return MrzReading.failed(MrzReadFailure.UNAVAILABLE, PROMPT_UNAVAILABLE, str(exc))
        except Exception as exc:  # a scanner driver bug must become a spoken way forward
            log.exception("mrz reader: scan_page raised")
            detail = f"scan failed: {type(exc).__name__}"
            return MrzReading.failed(MrzReadFailure.UNAVAILABLE, PROMPT_UNAVAILABLE, detail)
        result = self._ocr(page)
        log.info(
            "mrz reader: OCR %s in %.2f s", result.failure or "ok", result.seconds
        )  # timing and outcome only: the lines are personal data
        if result.lines is None:
            unavailable = result.prompt_id == PROMPT_UNAVAILABLE
            failure = MrzReadFailure.UNAVAILABLE if unavailable else MrzReadFailure.UNREADABLE
            prompt = PROMPT_UNAVAILABLE if unavailable else PROMPT_UNREADABLE
            return MrzReading.failed(failure, prompt, f"{result.failure}: {result.detail}")
        return MrzReading("\n".join(result.lines))
