"""A thermal receipt printer with a finite roll and a cover."""

from __future__ import annotations

from devices.simulated._base import SimulatedDevice, check_delay
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock
from kiosk.ports.receipt_printer import PaperOut, PrinterError, RasterJob


class SimulatedReceiptPrinter(SimulatedDevice):
    """Scripting hooks: `load_paper(mm)`, `set_cover_open(bool)`, `fail(detail)`, `recover()`.

    A job uses `height_px * mm_per_px` of paper. A job that does not fit on what is left of the
    roll is refused with PaperOut before anything is printed, and the printer then reports
    NEEDS_TECHNICIAN "paper out" until `load_paper`. `printed` lists the finished jobs.
    """

    def __init__(
        self,
        clock: Clock,
        paper_mm: float = 5000.0,
        print_delay_s: float = 1.0,
        mm_per_px: float = 0.125,
        name: str = "simulated-printer",
    ) -> None:
        super().__init__(clock, name)
        if not paper_mm >= 0:
            raise ValueError(f"paper_mm must be >= 0, got {paper_mm!r}")
        if not mm_per_px > 0:
            raise ValueError(f"mm_per_px must be > 0, got {mm_per_px!r}")
        self._print_delay_s = check_delay("print_delay_s", print_delay_s)
        self._mm_per_px = float(mm_per_px)
        self._paper_mm = float(paper_mm)
        self._paper_out = paper_mm == 0
        self._cover_open = False
        self._printed: list[RasterJob] = []

    # --- port -------------------------------------------------------------------------------

    def health(self) -> HealthReport:
        with self._lock:
            base = self._base_health()
            if base is not None:
                return base
            if self._cover_open:
                return HealthReport(HealthState.NEEDS_TECHNICIAN, "cover open")
            if self._paper_out:
                return HealthReport(HealthState.NEEDS_TECHNICIAN, "paper out")
            return READY

    def print_raster(self, job: RasterJob) -> None:
        needed = job.height_px * self._mm_per_px
        with self._lock:
            if not self._open:
                raise PrinterError("printer is not open")
            if self._failure is not None:
                raise PrinterError(self._failure)
            if self._cover_open:
                raise PrinterError("cover open")
            if self._paper_out or needed > self._paper_mm:
                self._paper_out = True
                raise PaperOut("paper out")
            self._paper_mm -= needed  # reserved now, so concurrent jobs cannot overdraw the roll
            if self._paper_mm == 0:
                self._paper_out = True
        if self._wait(self._print_delay_s):
            # the paper already fed stays used, as on a real printer
            raise PrinterError("printer closed during the print")
        with self._lock:
            self._printed.append(job)

    # --- scripting hooks --------------------------------------------------------------------

    @property
    def printed(self) -> tuple[RasterJob, ...]:
        with self._lock:
            return tuple(self._printed)

    @property
    def paper_remaining_mm(self) -> float:
        with self._lock:
            return self._paper_mm

    def load_paper(self, mm: float = 5000.0) -> None:
        """Put in a new roll of `mm` millimetres (replacing what was left)."""
        if not mm > 0:
            raise ValueError(f"a roll has a positive length, got {mm!r}")
        with self._lock:
            self._paper_mm = float(mm)
            self._paper_out = False

    def set_cover_open(self, is_open: bool) -> None:
        with self._lock:
            self._cover_open = is_open
