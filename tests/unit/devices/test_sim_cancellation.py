"""Two threads on a real clock: a worker blocked in a device, the main thread cutting it short.

Each delay is 30 s, so a worker that finishes within the join timeout was released by the
cancel and not by the delay running out. Nothing sleeps: the main thread waits for the worker
to enter the clock's wait, then acts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from devices.simulated.card_reader import SimulatedCardReader
from devices.simulated.citizens import BA_LAN
from devices.simulated.document_scanner import SimulatedDocumentScanner
from devices.simulated.portal import SimulatedPortal
from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from devices.simulated.speaker import SimulatedSpeaker
from kiosk.ports.card_reader import CardRemoved
from kiosk.ports.clock import SystemClock
from kiosk.ports.document_scanner import ScanError, ScanSettings
from kiosk.ports.portal import DossierSubmission, PortalOffline
from kiosk.ports.receipt_printer import PrinterError, RasterJob
from kiosk.ports.speaker import Utterance

LONG = 30.0
JOIN_S = 5.0


class SignallingClock(SystemClock):
    """A real clock that tells the test when a device has started waiting."""

    def __init__(self) -> None:
        self.entered = threading.Event()

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        self.entered.set()
        return super().wait(seconds, cancel)


@dataclass
class Outcome:
    error: BaseException | None = None
    done: bool = False
    elapsed: float = 0.0
    thread: threading.Thread = field(init=False)


def run_and_cut(
    clock: SignallingClock, work: Callable[[], object], cut: Callable[[], None]
) -> Outcome:
    outcome = Outcome()

    def target() -> None:
        t0 = time.monotonic()
        try:
            work()
        except BaseException as e:  # reported to the test, not to the thread hook
            outcome.error = e
        outcome.elapsed = time.monotonic() - t0
        outcome.done = True

    outcome.thread = threading.Thread(target=target, name="device-worker")
    outcome.thread.start()
    assert clock.entered.wait(JOIN_S), "the worker never reached the device wait"
    cut()
    outcome.thread.join(JOIN_S)
    assert not outcome.thread.is_alive(), "the cancel did not release the worker"
    assert outcome.done
    assert outcome.elapsed < LONG / 2
    return outcome


@pytest.fixture
def clock() -> SignallingClock:
    return SignallingClock()


@pytest.mark.parametrize("how", ["remove", "close"])
def test_card_removed_or_reader_closed_mid_read(clock: SignallingClock, how: str) -> None:
    reader = SimulatedCardReader(clock, read_delay_s=LONG)
    reader.open()
    reader.insert(BA_LAN.card)
    outcome = run_and_cut(
        clock,
        lambda: reader.read_chip(BA_LAN.bac_key, ("DG1",)),
        reader.remove if how == "remove" else reader.close,
    )
    assert isinstance(outcome.error, CardRemoved)
    reader.close()


def test_scanner_closed_mid_scan(clock: SignallingClock) -> None:
    scanner = SimulatedDocumentScanner(clock, scan_delay_s=LONG)
    scanner.open()
    scanner.load_paper()
    outcome = run_and_cut(clock, lambda: scanner.scan_page(ScanSettings(dpi=75)), scanner.close)
    assert isinstance(outcome.error, ScanError)
    assert scanner.pages_loaded == 1


def test_printer_closed_mid_print(clock: SignallingClock) -> None:
    printer = SimulatedReceiptPrinter(clock, print_delay_s=LONG)
    printer.open()
    job = RasterJob(8, 1, b"\x00")
    outcome = run_and_cut(clock, lambda: printer.print_raster(job), printer.close)
    assert isinstance(outcome.error, PrinterError)
    assert printer.printed == ()


@pytest.mark.parametrize("how", ["stop", "close"])
def test_speaker_stopped_or_closed_mid_sentence(clock: SignallingClock, how: str) -> None:
    speaker = SimulatedSpeaker(clock, chars_per_second=1.0)
    speaker.open()
    sentence = Utterance("long", "x" * int(LONG), rate=1.0)
    outcome = run_and_cut(
        clock, lambda: speaker.speak(sentence), speaker.stop if how == "stop" else speaker.close
    )
    assert outcome.error is None  # speak returns normally when stopped
    assert speaker.interrupted == (sentence,)
    speaker.close()


def test_portal_closed_mid_request(clock: SignallingClock) -> None:
    portal = SimulatedPortal(clock, latency_s=LONG)
    submission = DossierSubmission("local-1", "1.004194", {}, {})
    outcome = run_and_cut(clock, lambda: portal.submit(submission), portal.close)
    assert isinstance(outcome.error, PortalOffline)
    assert portal.submissions == ()
