"""MRZ reader port: the TD1 lines read off the back of the card (scanner or camera plus OCR).

The second BAC key source, for when the card's QR is missing, unreadable, or gives no key the
chip accepts. One blocking read; it never raises: a failure carries a prompt id for the citizen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.domain.devices import HealthReport
from kiosk.ports.document_scanner import ScanSettings


class MrzReadFailure(StrEnum):
    NO_CARD = "no_card"  # nothing on the glass
    UNREADABLE = "unreadable"  # a page, but no MRZ read with every check digit holding
    UNAVAILABLE = "unavailable"  # the scanner or the OCR engine is broken or missing


PROMPT_NO_CARD = "mrz_ocr.no_card"
PROMPT_UNREADABLE = "mrz_ocr.unreadable"
PROMPT_UNAVAILABLE = "mrz_ocr.unavailable"


@dataclass(frozen=True, slots=True, repr=False)
class MrzReading:
    """`text`: three 30-character TD1 lines joined by newlines, or None with a failure."""

    text: str | None
    failure: MrzReadFailure | None = None
    prompt_id: str | None = None  # `[mrz_ocr]` catalogue id when failed
    detail: str = ""  # English, for the log; never the MRZ itself

    @classmethod
    def failed(cls, failure: MrzReadFailure, prompt_id: str, detail: str = "") -> MrzReading:
        return cls(None, failure, prompt_id, detail)

    def __repr__(self) -> str:  # the MRZ is personal data: never in a log line
        return f"MrzReading(failure={self.failure}, prompt_id={self.prompt_id})"


class MrzReader(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def read_mrz_from_scan(self, settings: ScanSettings | None = None) -> MrzReading:
        """Blocking (seconds: a scan plus OCR): call from a worker. Never raises."""
        ...

    def close(self) -> None: ...
