"""The ReceiptPrinter port over python-escpos: status before, the job, status after.

Blocking; run it on the printer's own DeviceWorker thread. One lock serialises jobs and status
requests on the one connection. A lost connection (OSError, no answer) closes it and reports
PrinterOffline; the next call connects again. `health()` never does I/O: it reports the last
status the printer gave, so a health poll cannot stall on a dead printer.

The file transport cannot read status (python-escpos's File has no read side): its jobs are
written, then refused confirmation with PrintNotConfirmed, because a receipt is never reported
printed unless the printer said so.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable

from escpos.escpos import Escpos
from escpos.exceptions import Error as EscposError

from kiosk.domain.devices import HealthReport, HealthState
from kiosk.domain.receipt import Receipt
from kiosk.ports.receipt_printer import (
    PrinterError,
    PrinterOffline,
    PrinterStatus,
    PrintNotConfirmed,
    PrintResult,
    RasterJob,
)
from kiosk.prompts import PromptCatalogue
from printing.escpos.encode import emit, raster_image
from printing.escpos.status import read_status
from printing.escpos.transport import Connection, ask_status, connect, make_printer
from printing.receipt.layout import build_layout
from printing.receipt.raster import DOTS, PaperWidth, render_raster

log = logging.getLogger(__name__)


class EscposReceiptPrinter:
    def __init__(
        self,
        connection: Connection,
        target: str,
        prompts: PromptCatalogue | None = None,
        *,
        paper_mm: PaperWidth = 80,
        profile: str | None = None,
        native_qr: bool = True,
        timeout_s: float = 5.0,
        baudrate: int = 19200,
        status_max_age_s: float = 30.0,
        name: str = "escpos-printer",
    ) -> None:
        """`prompts`: the catalogue holding [receipt_paper]; None = the shipped receipt.toml.
        `status_max_age_s`: `health()` asks the printer again when its last answer is older
        (so a cover opened while the kiosk is idle is reported by the health poll)."""
        if prompts is None:
            from kiosk import paths
            from kiosk.prompts import load_prompts

            prompts = load_prompts(paths.prompts_file() / "receipt.toml")
        self._connection: Connection = connection
        self._target = target
        self._prompts = prompts
        self._paper_mm: PaperWidth = paper_mm
        self._profile = profile
        self._native_qr = native_qr
        self._timeout_s = timeout_s
        self._baudrate = baudrate
        self._max_age_s = status_max_age_s
        self._checked = float("-inf")  # monotonic time of the last status answer (or failure)
        self.name = name
        self._lock = threading.Lock()
        self._printer: Escpos | None = None
        self._open = False
        self._last: HealthReport = HealthReport(HealthState.NOT_READY, "not open")

    # --- port -------------------------------------------------------------------------------

    def open(self) -> None:
        """Mark open and try to connect; a printer that is not there yet is NOT_READY, not an
        exception (the kiosk starts anyway; the flow hides printing until it is ready)."""
        with self._lock:
            self._open = True
        try:
            self.status()
        except PrinterError as exc:
            log.warning("%s: not ready at open: %s", self.name, exc)

    def close(self) -> None:
        with self._lock:
            self._open = False
            self._disconnect()
            self._last = HealthReport(HealthState.NOT_READY, "not open")

    def health(self) -> HealthReport:
        """The last status, refreshed when older than `status_max_age_s`. Never waits for a job
        in progress (then the cached report is returned); call it off the GUI thread, as the
        kiosk's health poll does, since a refresh may take up to the timeout."""
        if self._lock.acquire(blocking=False):
            try:
                if self._open and time.monotonic() - self._checked >= self._max_age_s:
                    with contextlib.suppress(PrinterError):  # the report already says why
                        self._status()
            finally:
                self._lock.release()
        return self._last

    def status(self) -> PrinterStatus:
        with self._lock:
            return self._status()

    def print_raster(self, job: RasterJob) -> None:
        image = raster_image(job.width_px, job.height_px, job.bits)
        self._print(lambda p: emit(p, image, None, cut=job.cut), job.height_px)

    def print_receipt(self, receipt: Receipt, *, large: bool = False) -> PrintResult:
        layout = build_layout(receipt, self._prompts)
        rendered = render_raster(layout, self._paper_mm, large=large, native_qr=self._use_native())
        log.info("%s: printing %r (%d rows)", self.name, receipt, rendered.image.height)
        return self._print(
            lambda p: emit(p, rendered.image, rendered.native_qr), rendered.image.height
        )

    # --- inside -----------------------------------------------------------------------------

    def _use_native(self) -> bool:
        if not self._native_qr:
            return False
        from escpos.capabilities import get_profile

        supported: bool = get_profile(self._profile or "default").supports("qrCode")
        return supported  # a profile without native QR gets the raster QR

    def _print(self, send: Callable[[Escpos], None], height_px: int) -> PrintResult:
        with self._lock:
            if not self._open:
                raise PrinterError("printer is not open")
            if self._connection == "file":
                return self._print_unconfirmed(send)
            problem = self._status().problem()
            if problem is not None:
                raise problem  # refused before a single dot: nothing was printed
            printer = self._connect()
            try:
                send(printer)
            except (OSError, EscposError) as exc:
                self._lost(f"connection lost during the job: {exc}")
                raise PrintNotConfirmed(f"connection lost during the job: {exc}") from exc
            try:
                after = self._status()
            except PrinterOffline as exc:
                raise PrintNotConfirmed(f"no status after the job: {exc}") from exc
            problem = after.problem()
            if problem is not None:
                raise PrintNotConfirmed(f"status after the job: {problem}") from problem
            return PrintResult(after, height_px)

    def _print_unconfirmed(self, send: Callable[[Escpos], None]) -> PrintResult:
        """The file transport: write the job, then refuse to call it printed (no status)."""
        printer = self._connect()
        try:
            send(printer)
        except (OSError, EscposError) as exc:
            self._lost(f"cannot write the job: {exc}")
            raise PrintNotConfirmed(f"cannot write the job: {exc}") from exc
        raise PrintNotConfirmed("job written, but the file transport cannot read status")

    def _connect(self) -> Escpos:
        if self._printer is None:
            try:
                printer = make_printer(
                    self._connection,
                    self._target,
                    dots=DOTS[self._paper_mm],
                    profile=self._profile,
                    timeout_s=self._timeout_s,
                    baudrate=self._baudrate,
                )
                connect(printer)
            except (OSError, EscposError, ValueError) as exc:
                self._lost(f"cannot connect to {self._connection} printer: {exc}")
                raise PrinterOffline(f"cannot connect: {exc}") from exc
            self._printer = printer
        return self._printer

    def _status(self) -> PrinterStatus:
        """Ask the printer (hold the lock)."""
        if not self._open:
            raise PrinterOffline("printer is not open")
        printer = self._connect()

        try:
            status = read_status(lambda request: ask_status(printer, request))
        except NotImplementedError:
            self._lost("this transport cannot read the printer's status")
            raise PrinterOffline("this transport cannot read the printer's status") from None
        except (OSError, EscposError) as exc:
            self._lost(f"no answer to the status request: {exc}")
            raise PrinterOffline(f"no answer to the status request: {exc}") from exc
        except PrinterOffline as exc:
            self._lost(str(exc))
            raise
        self._set_health(status.health())
        return status

    def _lost(self, detail: str) -> None:
        self._disconnect()
        self._set_health(HealthReport(HealthState.NOT_READY, detail))

    def _set_health(self, report: HealthReport) -> None:
        self._checked = time.monotonic()
        if report != self._last:
            log.info("%s: %s -> %s %s", self.name, self._last.state, report.state, report.detail)
        self._last = report

    def _disconnect(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            try:
                printer.close()
            except (OSError, EscposError) as exc:
                log.debug("%s: close: %s", self.name, exc)
