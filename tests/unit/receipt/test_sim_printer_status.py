"""The simulated printer speaks the extended port: status, near end, offline, receipts, a lost
connection mid-job; the old raster behaviour is in tests/unit/devices/test_sim_receipt_printer."""

from __future__ import annotations

import pytest

from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.domain.devices import HealthReport, HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.receipt_printer import (
    CoverOpen,
    PaperOut,
    PaperState,
    PrinterOffline,
    PrintNotConfirmed,
    RasterJob,
)
from tests.unit.receipt.samples import LAN


@pytest.fixture
def printer() -> SimulatedReceiptPrinter:
    p = SimulatedReceiptPrinter(
        ManualClock(), paper_mm=1000.0, receipt_mm=180, large_receipt_mm=260
    )
    p.open()
    return p


def test_a_receipt_is_recorded_and_uses_its_length(printer: SimulatedReceiptPrinter) -> None:
    result = printer.print_receipt(LAN, large=True)
    assert result.status_after.can_print and not result.paper_near_end
    assert printer.receipts == ((LAN, True),)
    assert printer.paper_remaining_mm == pytest.approx(740)
    assert result.height_px == 260 * 8


def test_status_answers_what_a_printer_would(printer: SimulatedReceiptPrinter) -> None:
    assert printer.status().paper is PaperState.OK
    printer.set_cover_open(True)
    assert printer.status().cover_open
    assert type(printer.status().problem()) is CoverOpen
    printer.set_cover_open(False)
    printer.set_offline(True)
    with pytest.raises(PrinterOffline):
        printer.status()
    assert printer.health() == HealthReport(HealthState.NOT_READY, "printer offline")
    with pytest.raises(PrinterOffline):
        printer.print_receipt(LAN)
    printer.set_offline(False)
    assert printer.health().ready


def test_near_end_warns_but_prints(printer: SimulatedReceiptPrinter) -> None:
    printer.set_near_end(True)
    assert printer.health() == HealthReport(HealthState.READY, "paper near end")
    assert printer.print_receipt(LAN).paper_near_end
    printer.load_paper()
    assert not printer.print_receipt(LAN).paper_near_end


def test_the_near_end_sensor_trips_by_itself() -> None:
    printer = SimulatedReceiptPrinter(ManualClock(), paper_mm=500.0, near_end_mm=200.0)
    printer.open()
    assert not printer.print_receipt(LAN).paper_near_end  # 320 mm left
    assert printer.print_receipt(LAN).paper_near_end  # 140 mm left
    with pytest.raises(PaperOut):
        printer.print_receipt(LAN)  # a receipt needs 180 mm
    assert printer.health().detail == "paper out"


def test_a_job_lost_mid_way_is_not_confirmed(printer: SimulatedReceiptPrinter) -> None:
    printer.drop_next_job()
    with pytest.raises(PrintNotConfirmed):
        printer.print_receipt(LAN)
    assert printer.receipts == ()
    assert printer.paper_remaining_mm == pytest.approx(820)  # the paper fed stays used
    printer.print_raster(RasterJob(8, 1, b"\x00"))  # the next one goes through
    assert len(printer.printed) == 1


def test_closed_printer_has_no_status() -> None:
    printer = SimulatedReceiptPrinter(ManualClock())
    with pytest.raises(PrinterOffline):
        printer.status()


def test_bad_lengths_are_refused() -> None:
    with pytest.raises(ValueError):
        SimulatedReceiptPrinter(ManualClock(), receipt_mm=0)
