"""The simulated receipt printer: the roll, the cover, records and failures."""

from __future__ import annotations

import threading

import pytest

from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.domain.devices import HealthReport, HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.receipt_printer import PaperOut, PrinterError, RasterJob, ReceiptPrinter

PAPER_OUT = HealthReport(HealthState.NEEDS_TECHNICIAN, "paper out")
COVER_OPEN = HealthReport(HealthState.NEEDS_TECHNICIAN, "cover open")


def job(height_px: int, width_px: int = 576) -> RasterJob:
    return RasterJob(width_px, height_px, bytes(width_px // 8 * height_px))


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def printer_with(clock: ManualClock, paper_mm: float = 5000.0) -> SimulatedReceiptPrinter:
    p = SimulatedReceiptPrinter(clock, paper_mm=paper_mm)
    p.open()
    return p


def test_conforms_to_the_port() -> None:
    _: ReceiptPrinter = SimulatedReceiptPrinter(ManualClock())


def test_health_follows_open_and_close(clock: ManualClock) -> None:
    printer = SimulatedReceiptPrinter(clock)
    assert printer.health().state is HealthState.NOT_READY
    printer.open()
    assert printer.health().ready
    printer.close()
    printer.close()
    assert printer.health().state is HealthState.NOT_READY


def test_printing_records_the_job_uses_paper_and_takes_time(clock: ManualClock) -> None:
    printer = printer_with(clock)
    receipt = job(800)
    t0 = clock.monotonic()
    printer.print_raster(receipt)
    assert clock.monotonic() - t0 == pytest.approx(1.0)
    assert printer.printed == (receipt,)
    assert printer.paper_remaining_mm == pytest.approx(5000 - 800 * 0.125)


def test_a_job_longer_than_the_roll_is_refused_with_paper_out(clock: ManualClock) -> None:
    printer = printer_with(clock, paper_mm=50.0)  # 400 px of paper
    t0 = clock.monotonic()
    with pytest.raises(PaperOut):
        printer.print_raster(job(401))
    assert clock.monotonic() == t0
    assert printer.printed == ()
    assert printer.health() == PAPER_OUT
    with pytest.raises(PaperOut):  # stays out until a new roll goes in
        printer.print_raster(job(8))
    printer.load_paper(100.0)
    assert printer.health().ready
    printer.print_raster(job(401))
    assert len(printer.printed) == 1


def test_a_job_that_uses_the_last_millimetre_prints_then_the_roll_is_out(
    clock: ManualClock,
) -> None:
    printer = printer_with(clock, paper_mm=50.0)
    printer.print_raster(job(400))
    assert printer.paper_remaining_mm == 0
    assert printer.health() == PAPER_OUT
    with pytest.raises(PaperOut):
        printer.print_raster(job(1))


def test_a_printer_built_without_paper_reports_paper_out(clock: ManualClock) -> None:
    assert printer_with(clock, paper_mm=0).health() == PAPER_OUT


def test_an_open_cover_needs_a_technician_and_blocks_printing(clock: ManualClock) -> None:
    printer = printer_with(clock)
    printer.set_cover_open(True)
    assert printer.health() == COVER_OPEN
    with pytest.raises(PrinterError, match="cover open") as caught:
        printer.print_raster(job(8))
    assert not isinstance(caught.value, PaperOut)
    printer.set_cover_open(False)
    assert printer.health().ready
    printer.print_raster(job(8))


def test_printing_when_closed_or_failed_raises(clock: ManualClock) -> None:
    printer = SimulatedReceiptPrinter(clock)
    with pytest.raises(PrinterError, match="not open"):
        printer.print_raster(job(8))
    printer.open()
    printer.fail("head overheated")
    assert printer.health() == HealthReport(HealthState.FAILED, "head overheated")
    with pytest.raises(PrinterError, match="head overheated"):
        printer.print_raster(job(8))
    assert printer.printed == ()
    assert printer.paper_remaining_mm == 5000


def test_close_during_a_print_fails_the_job(clock: ManualClock) -> None:
    class ClosingClock(ManualClock):
        def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
            printer.close()
            return super().wait(seconds, cancel)

    printer = printer_with(ClosingClock())
    with pytest.raises(PrinterError, match="closed during the print"):
        printer.print_raster(job(80))
    assert printer.printed == ()


def test_constructor_rejects_nonsense() -> None:
    clock = ManualClock()
    with pytest.raises(ValueError, match="paper_mm"):
        SimulatedReceiptPrinter(clock, paper_mm=-1.0)
    with pytest.raises(ValueError, match="paper_mm"):
        SimulatedReceiptPrinter(clock, paper_mm=float("nan"))
    with pytest.raises(ValueError, match="mm_per_px"):
        SimulatedReceiptPrinter(clock, mm_per_px=0.0)
    with pytest.raises(ValueError, match="print_delay_s"):
        SimulatedReceiptPrinter(clock, print_delay_s=-1.0)


def test_load_paper_rejects_an_empty_roll(clock: ManualClock) -> None:
    with pytest.raises(ValueError):
        printer_with(clock).load_paper(0)


def test_concurrent_jobs_never_overdraw_the_roll(clock: ManualClock) -> None:
    printer = printer_with(clock, paper_mm=300 * 8 * 0.125)  # exactly 300 jobs of 8 px
    refused = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(50):
            try:
                printer.print_raster(job(8))
            except PaperOut:
                with lock:
                    refused.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)
    assert len(printer.printed) == 300
    assert len(refused) == 100
    assert printer.health() == PAPER_OUT
