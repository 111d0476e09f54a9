"""One contract, two printers: the simulator (what the flow is tested with) and the python-escpos
adapter against the TCP printer peer must answer every situation the same way."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.receipt_printer import (
    CoverOpen,
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrintNotConfirmed,
    ReceiptPrinter,
)
from printing.escpos import EscposReceiptPrinter
from tests.peers.escpos_peer import COVER_OPEN, NEAR_END, PAPER_OUT, EscposPeer, Script
from tests.unit.receipt.samples import LAN, receipt_prompts

pytestmark = pytest.mark.peer

Situation = str  # ok | near_end | paper_out | cover_open | offline | drop


class Rig:
    def __init__(self, printer: ReceiptPrinter, arrange: Callable[[Situation], None]) -> None:
        self.printer = printer
        self.arrange = arrange


def _sim_arrange(sim: SimulatedReceiptPrinter) -> Callable[[Situation], None]:
    def arrange(situation: Situation) -> None:
        sim.set_near_end(situation == "near_end")
        sim.set_cover_open(situation == "cover_open")
        sim.set_offline(situation == "offline")
        if situation == "paper_out":
            sim.load_paper(1.0)  # less than a receipt: refused before printing
        if situation == "drop":
            sim.drop_next_job()

    return arrange


def _peer_arrange(peer: EscposPeer) -> Callable[[Situation], None]:
    scripts = {
        "ok": Script(),
        "near_end": Script(status=NEAR_END),
        "paper_out": Script(status=PAPER_OUT),
        "cover_open": Script(status=COVER_OPEN),
        "offline": Script(silent=True),
        "drop": Script(drop_after_bytes=3000),
    }

    def arrange(situation: Situation) -> None:
        peer.script = scripts[situation]

    return arrange


@pytest.fixture(params=["simulated", "escpos"])
def rig(request: pytest.FixtureRequest) -> Iterator[Rig]:
    if request.param == "simulated":
        sim = SimulatedReceiptPrinter(ManualClock(), print_delay_s=0.5)
        sim.open()
        yield Rig(sim, _sim_arrange(sim))
        sim.close()
        return
    with EscposPeer() as peer:
        printer = EscposReceiptPrinter("network", peer.target, receipt_prompts(), timeout_s=0.5)
        printer.open()
        yield Rig(printer, _peer_arrange(peer))
        printer.close()


def test_ok(rig: Rig) -> None:
    rig.arrange("ok")
    assert rig.printer.status().can_print
    result = rig.printer.print_receipt(LAN)
    assert result.status_after.can_print and not result.paper_near_end
    assert rig.printer.health().state is HealthState.READY


def test_near_end_prints_and_warns(rig: Rig) -> None:
    rig.arrange("near_end")
    assert rig.printer.print_receipt(LAN).paper_near_end
    assert rig.printer.health().detail == "paper near end"


@pytest.mark.parametrize(
    ("situation", "error", "detail"),
    [("paper_out", PaperOut, "paper out"), ("cover_open", CoverOpen, "cover open")],
)
def test_stops_are_typed_and_need_a_technician(
    rig: Rig, situation: Situation, error: type[PrinterError], detail: str
) -> None:
    rig.arrange(situation)
    with pytest.raises(error):
        rig.printer.print_receipt(LAN)
    report = rig.printer.health()
    assert report.state is HealthState.NEEDS_TECHNICIAN and report.detail == detail


def test_offline(rig: Rig) -> None:
    rig.arrange("offline")
    with pytest.raises(PrinterOffline):
        rig.printer.status()
    with pytest.raises(PrinterOffline):
        rig.printer.print_receipt(LAN)


def test_a_job_lost_mid_way_is_never_reported_printed(rig: Rig) -> None:
    rig.arrange("drop")
    with pytest.raises(PrintNotConfirmed):
        rig.printer.print_receipt(LAN)
    rig.arrange("ok")
    assert rig.printer.print_receipt(LAN).status_after.can_print
