"""The window as kiosk/app.py wires it, plus issue 11's availability hub fed by a real
HealthTracker polling the simulated devices (the printer starts with no paper: a test that
wants it ready loads a roll first)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devices.simulated.document_scanner import SimulatedDocumentScanner
from devices.simulated.mrz_reader import SimulatedMrzReader
from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.domain.receipt import Receipt
from kiosk.ports.clock import ManualClock
from kiosk.ports.receipt_printer import PrintResult
from kiosk.prompts import PromptCatalogue
from kiosk.services.device_health import HealthTracker
from printing.paper_pdf import Img2PdfPaperPacker
from tests.ui.support import RecordingSpeaker, SimDevices, SubmissionRig
from ui.availability import AvailabilityHub, connect_session
from ui.main_window import MainWindow
from ui.papers_controller import PapersController

SETTLE_S = 10.0


class CountingPrinter(SimulatedReceiptPrinter):
    """Counts every receipt asked of it, printed or refused (paper out refuses silently)."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock, paper_mm=0.0, print_delay_s=0.0)
        self.asked = 0

    def print_receipt(self, receipt: Receipt, *, large: bool = False) -> PrintResult:
        self.asked += 1
        return super().print_receipt(receipt, large=large)


@dataclass
class HealthRig:
    hub: AvailabilityHub
    tracker: HealthTracker
    clock: ManualClock
    scanner: SimulatedDocumentScanner
    printer: CountingPrinter
    mrz: SimulatedMrzReader
    papers: PapersController
    submission: SubmissionRig

    def poll(self) -> None:
        """One health poll, handed to the hub as kiosk/app.py's poll does (same thread here;
        the cross-thread case has its own test)."""
        self.tracker.poll(self.clock.now())
        self.hub.states_polled.emit(self.tracker.states())

    def poll_settled(self) -> None:
        """Poll, wait the settle time on the clock, poll again: the change counts."""
        self.poll()
        self.clock.advance(SETTLE_S)
        self.poll()


@pytest.fixture
def health(
    window: MainWindow,
    clock: ManualClock,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    tmp_path: Path,
) -> Iterator[HealthRig]:
    scanner = SimulatedDocumentScanner(clock, scan_delay_s=0.0)
    scanner.open()
    scanner.load_paper(1)
    papers = PapersController(scanner, Img2PdfPaperPacker(), prompts)
    controller = window.controller
    assert controller is not None
    controller.attach_papers(papers, tmp_path / "scans")
    rig = SubmissionRig(clock, tmp_path)
    rig.printer.close()
    printer = rig.printer = CountingPrinter(clock)
    printer.open()
    controller.attach_submission(rig.ports(sim.qr))
    mrz = SimulatedMrzReader(clock, scan_delay_s=0.0)
    mrz.open()
    tracker = HealthTracker(
        {
            "card_reader": sim.reader.health,
            "qr_source": sim.qr.health,
            "mrz_reader": mrz.health,
            "document_scanner": scanner.health,
            "receipt_printer": printer.health,
            "speaker": speaker.health,
            "portal": rig.portal.health,
        }
    )
    hub = AvailabilityHub(clock, prompts, settle_s=SETTLE_S)
    step = controller.procedure_step
    assert step is not None and step.after is not None
    found = HealthRig(hub, tracker, clock, scanner, printer, mrz, papers, rig)
    connect_session(hub, window, controller)  # as kiosk/app.py does
    yield found
    papers.close()
    scanner.close()
    mrz.close()
    rig.close()
