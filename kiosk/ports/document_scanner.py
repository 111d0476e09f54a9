"""Document scanner port (SANE or camera): one blocking page capture."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport


class ColourMode(StrEnum):
    GRAY = "gray"
    COLOUR = "colour"


@dataclass(frozen=True, slots=True)
class ScanSettings:
    dpi: int = 200
    mode: ColourMode = ColourMode.GRAY


@dataclass(frozen=True, slots=True)
class ScannedPage:
    width: int
    height: int
    dpi: int
    mode: ColourMode
    pixels: bytes  # row-major, 1 byte per pixel (gray) or 3 (RGB)


class ScanError(DeviceError):
    pass


class NoPaper(ScanError):
    """The feeder or glass is empty."""


class DocumentScanner(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        """Blocking capture of one page. Raises ScanError."""
        ...

    def close(self) -> None: ...
