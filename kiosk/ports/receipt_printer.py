"""Thermal receipt printer port: print a receipt (or a raw raster job), ask the printer's status.

The rule this port carries: a receipt is never reported printed unless the printer said so. An
adapter asks the printer's real-time status before a job (refusing it with a typed error when
paper is out, the cover is open or the printer is offline) and again after it; only a clean
status after the job makes `print_receipt` return. Anything else raises, and the flow offers
another way (the receipt on screen with its QR, or staff).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport, HealthState
from kiosk.domain.receipt import Receipt

__all__ = [
    "CoverOpen",
    "PaperOut",
    "PaperState",
    "PrintNotConfirmed",
    "PrintResult",
    "PrinterError",
    "PrinterOffline",
    "PrinterStatus",
    "RasterJob",
    "ReceiptPrinter",
]


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


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"  # a warning: this receipt still prints; staff should change the roll
    OUT = "out"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer answered to its real-time status requests (ESC/POS DLE EOT n)."""

    online: bool = True
    paper: PaperState = PaperState.OK
    cover_open: bool = False
    error: bool = False  # an error the printer reports (cutter, head temperature …)
    detail: str = ""  # English, for logs

    @property
    def can_print(self) -> bool:
        return (
            self.online and self.paper is not PaperState.OUT and not self.cover_open
        ) and not self.error

    def health(self) -> HealthReport:
        if self.cover_open:
            return HealthReport(HealthState.NEEDS_TECHNICIAN, "cover open")
        if self.paper is PaperState.OUT:
            return HealthReport(HealthState.NEEDS_TECHNICIAN, "paper out")
        if self.error:
            return HealthReport(HealthState.NEEDS_TECHNICIAN, self.detail or "printer error")
        if not self.online:
            return HealthReport(HealthState.NOT_READY, self.detail or "printer offline")
        if self.paper is PaperState.NEAR_END:
            return HealthReport(HealthState.READY, "paper near end")
        return HealthReport(HealthState.READY, self.detail)

    def problem(self) -> PrinterError | None:
        """The typed error this status stands for, or None when a job may go."""
        if self.cover_open:
            return CoverOpen("cover open")
        if self.paper is PaperState.OUT:
            return PaperOut("paper out")
        if self.error:
            return PrinterError(self.detail or "printer error")
        if not self.online:
            return PrinterOffline(self.detail or "printer offline")
        return None


@dataclass(frozen=True, slots=True)
class PrintResult:
    """A confirmed print: the status the printer gave after the job (near end is a warning)."""

    status_after: PrinterStatus
    height_px: int = 0  # what was fed (for paper accounting and logs)

    @property
    def paper_near_end(self) -> bool:
        return self.status_after.paper is PaperState.NEAR_END


class PrinterError(DeviceError):
    """Printing failed or was refused; `prompt_id` is what the citizen is told."""

    prompt_id = "receipt.print_failed"


class PaperOut(PrinterError):
    prompt_id = "receipt.print_failed"


class CoverOpen(PrinterError):
    prompt_id = "receipt.print_failed"


class PrinterOffline(PrinterError):
    """No answer, or the printer says it is offline (not connected, unplugged, powered off)."""

    prompt_id = "receipt.print_failed"


class PrintNotConfirmed(PrinterError):
    """The job was sent but the printer did not confirm it (connection lost mid-job, or the
    status after the job shows a problem): the receipt is NOT reported printed."""

    prompt_id = "receipt.print_failed"


class ReceiptPrinter(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def status(self) -> PrinterStatus:
        """Ask the printer now (blocking, short). Raises PrinterOffline when it does not answer."""
        ...

    def print_raster(self, job: RasterJob) -> None:
        """Blocking until the printer took the job and confirmed it. Raises PrinterError."""
        ...

    def print_receipt(self, receipt: Receipt, *, large: bool = False) -> PrintResult:
        """Lay out, print and cut one receipt (`large`: the big-type layout). Blocking; returns
        only when the printer confirmed it; raises a PrinterError subclass otherwise."""
        ...

    def close(self) -> None: ...
