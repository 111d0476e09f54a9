"""A thermal receipt printer with a finite roll, a cover, a near-end sensor and a cable."""

from __future__ import annotations

from devices.simulated._base import SimulatedDevice, check_delay
from kiosk.domain.devices import HealthReport
from kiosk.domain.receipt import Receipt
from kiosk.ports.clock import Clock
from kiosk.ports.receipt_printer import (
    CoverOpen,
    PaperOut,
    PaperState,
    PrinterError,
    PrinterOffline,
    PrinterStatus,
    PrintNotConfirmed,
    PrintResult,
    RasterJob,
)


class SimulatedReceiptPrinter(SimulatedDevice):
    """Scripting hooks: `load_paper(mm)`, `set_cover_open(bool)`, `set_offline(bool)`,
    `set_near_end(bool)`, `drop_next_job()` (the connection dies mid-job), `fail(detail)`,
    `recover()`.

    A job uses `height_px * mm_per_px` of paper; a receipt (stdlib only: it is not rendered)
    uses `receipt_mm`, or `large_receipt_mm` in large type. A job that does not fit on what is
    left of the roll is refused with PaperOut before anything is printed, and the printer then
    reports NEEDS_TECHNICIAN "paper out" until `load_paper`. The near-end sensor trips when
    `near_end_mm` or less is left (0 = only when scripted). `printed` lists the finished raster
    jobs, `receipts` the finished receipts (with `large`).
    """

    def __init__(
        self,
        clock: Clock,
        paper_mm: float = 5000.0,
        print_delay_s: float = 1.0,
        mm_per_px: float = 0.125,
        name: str = "simulated-printer",
        *,
        receipt_mm: float = 180.0,
        large_receipt_mm: float = 260.0,
        near_end_mm: float = 0.0,
    ) -> None:
        super().__init__(clock, name)
        if not paper_mm >= 0:
            raise ValueError(f"paper_mm must be >= 0, got {paper_mm!r}")
        if not mm_per_px > 0:
            raise ValueError(f"mm_per_px must be > 0, got {mm_per_px!r}")
        if not (receipt_mm > 0 and large_receipt_mm > 0 and near_end_mm >= 0):
            raise ValueError("receipt lengths must be > 0 and near_end_mm >= 0")
        self._print_delay_s = check_delay("print_delay_s", print_delay_s)
        self._mm_per_px = float(mm_per_px)
        self._receipt_mm = (float(receipt_mm), float(large_receipt_mm))
        self._near_end_mm = float(near_end_mm)
        self._paper_mm = float(paper_mm)
        self._paper_out = paper_mm == 0
        self._cover_open = False
        self._offline = False
        self._near_end = False
        self._drop_next = False
        self._printed: list[RasterJob] = []
        self._receipts: list[tuple[Receipt, bool]] = []

    # --- port -------------------------------------------------------------------------------

    def health(self) -> HealthReport:
        with self._lock:
            base = self._base_health()
            if base is not None:
                return base
            return self._state().health()

    def status(self) -> PrinterStatus:
        with self._lock:
            if not self._open:
                raise PrinterOffline("printer is not open")
            if self._offline:
                raise PrinterOffline("no answer to the status request")
            return self._state()

    def print_raster(self, job: RasterJob) -> None:
        self._job(job.height_px * self._mm_per_px, job, None)

    def print_receipt(self, receipt: Receipt, *, large: bool = False) -> PrintResult:
        mm = self._receipt_mm[1 if large else 0]
        after = self._job(mm, None, (receipt, large))
        return PrintResult(after, round(mm / self._mm_per_px))

    # --- inside -----------------------------------------------------------------------------

    def _state(self) -> PrinterStatus:
        """The status a real printer would answer (hold the lock)."""
        if self._paper_out:
            paper = PaperState.OUT
        elif self._near_end or 0 < self._paper_mm <= self._near_end_mm:
            paper = PaperState.NEAR_END
        else:
            paper = PaperState.OK
        return PrinterStatus(online=not self._offline, paper=paper, cover_open=self._cover_open)

    def _job(
        self, needed: float, job: RasterJob | None, receipt: tuple[Receipt, bool] | None
    ) -> PrinterStatus:
        with self._lock:
            if not self._open:
                raise PrinterError("printer is not open")
            if self._failure is not None:
                raise PrinterError(self._failure)
            if self._offline:
                raise PrinterOffline("printer offline")
            if self._cover_open:
                raise CoverOpen("cover open")
            if self._paper_out or needed > self._paper_mm:
                self._paper_out = True
                raise PaperOut("paper out")
            self._paper_mm -= needed  # reserved now, so concurrent jobs cannot overdraw the roll
            if self._paper_mm == 0:
                self._paper_out = True
            dropped, self._drop_next = self._drop_next, False
        if self._wait(self._print_delay_s):
            # the paper already fed stays used, as on a real printer
            raise PrinterError("printer closed during the print")
        if dropped:
            raise PrintNotConfirmed("connection lost during the job")
        with self._lock:
            if job is not None:
                self._printed.append(job)
            if receipt is not None:
                self._receipts.append(receipt)
            return self._state()

    # --- scripting hooks --------------------------------------------------------------------

    @property
    def printed(self) -> tuple[RasterJob, ...]:
        with self._lock:
            return tuple(self._printed)

    @property
    def receipts(self) -> tuple[tuple[Receipt, bool], ...]:
        with self._lock:
            return tuple(self._receipts)

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
            self._near_end = False

    def set_cover_open(self, is_open: bool) -> None:
        with self._lock:
            self._cover_open = is_open

    def set_offline(self, offline: bool) -> None:
        """Unplugged / powered off: no status answers, jobs refused with PrinterOffline."""
        with self._lock:
            self._offline = offline

    def set_near_end(self, near_end: bool) -> None:
        with self._lock:
            self._near_end = near_end

    def drop_next_job(self) -> None:
        """The next job feeds its paper, then the connection dies: PrintNotConfirmed."""
        with self._lock:
            self._drop_next = True
