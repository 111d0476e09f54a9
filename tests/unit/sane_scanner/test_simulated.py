"""The simulated scanner plays the extended port: feeder batches and every typed error."""

from __future__ import annotations

import pytest

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    CoverOpen,
    DeviceBusy,
    DocumentScanner,
    NoDevice,
    NoPaper,
    PaperJam,
    ScanCancelled,
    ScanError,
    ScannedPage,
    ScannerIoError,
    ScanSettings,
    ScanSource,
)

ADF = ScanSettings(dpi=60, source=ScanSource.ADF)
GLASS = ScanSettings(dpi=60)


@pytest.fixture
def scanner() -> SimulatedDocumentScanner:
    s = SimulatedDocumentScanner(ManualClock(), scan_delay_s=0.5)
    s.open()
    return s


def test_conforms_to_the_extended_port() -> None:
    _: DocumentScanner = SimulatedDocumentScanner(ManualClock())


def test_the_feeder_gives_every_page_and_counts_them(scanner: SimulatedDocumentScanner) -> None:
    scanner.load_paper(4)
    seen: list[ScannedPage] = []
    pages = scanner.scan_pages(ADF, on_page=seen.append)
    assert len(pages) == 4 and seen == pages and scanner.pages_loaded == 0


def test_max_pages_and_flatbed_limit_the_batch(scanner: SimulatedDocumentScanner) -> None:
    scanner.load_paper(5)
    assert len(scanner.scan_pages(ADF, max_pages=2)) == 2
    assert len(scanner.scan_pages(GLASS)) == 1
    assert scanner.pages_loaded == 2
    with pytest.raises(ValueError):
        scanner.scan_pages(ADF, max_pages=0)


def test_an_empty_feeder_is_no_paper(scanner: SimulatedDocumentScanner) -> None:
    with pytest.raises(NoPaper) as caught:
        scanner.scan_pages(ADF)
    assert caught.value.pages == ()


@pytest.mark.parametrize("error", [PaperJam, CoverOpen, DeviceBusy, NoDevice, ScannerIoError])
def test_each_injected_error_is_raised_once_then_scans_work(
    scanner: SimulatedDocumentScanner, error: type[ScanError]
) -> None:
    scanner.load_paper()
    scanner.inject(error("scripted"))
    with pytest.raises(error):
        scanner.scan_page(GLASS)
    assert scanner.pages_loaded == 1  # the page stays in the feeder
    assert scanner.scan_page(GLASS).dpi == 60


def test_a_jam_mid_batch_keeps_the_pages_before_it(scanner: SimulatedDocumentScanner) -> None:
    scanner.load_paper(5)
    scanner.inject(PaperJam("third sheet"), after_pages=2)
    with pytest.raises(PaperJam) as caught:
        scanner.scan_pages(ADF)
    assert len(caught.value.pages) == 2 and scanner.pages_loaded == 3
    assert len(scanner.scan_pages(ADF)) == 3  # retry: the rest comes through


def test_cancel_cuts_a_scan_short() -> None:
    class CancellingClock(ManualClock):
        def wait(self, seconds: float, cancel: object = None) -> bool:
            device.cancel()
            return super().wait(seconds, cancel)  # type: ignore[arg-type]

    device = SimulatedDocumentScanner(CancellingClock())
    device.open()
    device.load_paper()
    with pytest.raises(ScanCancelled):
        device.scan_page(GLASS)
    assert device.pages_loaded == 1


def test_inject_rejects_nonsense(scanner: SimulatedDocumentScanner) -> None:
    with pytest.raises(ValueError):
        scanner.inject(PaperJam(), after_pages=-1)
