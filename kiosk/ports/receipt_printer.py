"""Thermal receipt printer port: print one raster job."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport


@dataclass(frozen=True, slots=True)
class RasterJob:
    """A 1-bit image, rows packed MSB first, `width_px` a multiple of 8; black = 1."""

    width_px: int
    height_px: int
    bits: bytes
    cut: bool = True

    def __post_init__(self) -> None:
        if self.width_px <= 0 or self.width_px % 8:
            raise ValueError(f"raster width must be a positive multiple of 8, got {self.width_px}")
        if len(self.bits) != self.width_px // 8 * self.height_px:
            raise ValueError("raster size does not match width x height")


class PrinterError(DeviceError):
    pass


class PaperOut(PrinterError):
    pass


class ReceiptPrinter(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def print_raster(self, job: RasterJob) -> None:
        """Blocking until the printer took the job. Raises PrinterError."""
        ...

    def close(self) -> None: ...
