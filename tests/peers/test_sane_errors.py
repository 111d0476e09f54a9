"""Each error the SANE test backend injects (`read-return-value`) becomes a typed, spoken,
retry-able ScanError; pages scanned before a failure are kept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.sane_scanner.adapter import SaneDocumentScanner
from kiosk.domain.devices import HealthState
from kiosk.paths import prompts_file
from kiosk.ports.document_scanner import (
    ColourMode,
    CoverOpen,
    DeviceBusy,
    NoPaper,
    PaperJam,
    ScanCancelled,
    ScanError,
    ScannedPage,
    ScannerIoError,
    ScanSettings,
    ScanSource,
)
from kiosk.prompts import load_prompts
from tests.peers.sane import DEVICE, sane_test_dir  # noqa: F401  (fixture)

pytestmark = [pytest.mark.peer, pytest.mark.usefixtures("sane_test_dir")]

PAGE = ScanSettings(dpi=75, mode=ColourMode.GRAY)
ADF = ScanSettings(dpi=75, mode=ColourMode.GRAY, source=ScanSource.ADF)


@pytest.fixture
def scanner() -> Iterator[SaneDocumentScanner]:
    device = SaneDocumentScanner(DEVICE)
    device.open()
    yield device
    device.close()


@pytest.mark.parametrize(
    ("status", "error", "prompt", "health"),
    [
        ("SANE_STATUS_JAMMED", PaperJam, "scanner.paper_jam", HealthState.NEEDS_TECHNICIAN),
        ("SANE_STATUS_NO_DOCS", NoPaper, "scanner.no_paper", HealthState.READY),
        ("SANE_STATUS_COVER_OPEN", CoverOpen, "scanner.cover_open", HealthState.NEEDS_TECHNICIAN),
        ("SANE_STATUS_IO_ERROR", ScannerIoError, "scanner.io_error", HealthState.NOT_READY),
        ("SANE_STATUS_DEVICE_BUSY", DeviceBusy, "scanner.busy", HealthState.NOT_READY),
    ],
)
def test_an_injected_error_is_typed_spoken_and_retryable(
    scanner: SaneDocumentScanner,
    status: str,
    error: type[ScanError],
    prompt: str,
    health: HealthState,
) -> None:
    scanner.set_options({"read_return_value": status})
    with pytest.raises(error) as caught:
        scanner.scan_page(PAGE)
    assert caught.value.prompt_id == prompt and caught.value.retryable
    assert status.removeprefix("SANE_STATUS_").replace("_", " ").lower() in _words(caught.value)
    assert scanner.health().state is health
    catalogue = load_prompts(prompts_file())
    assert "/" not in catalogue.speech(prompt)
    scanner.set_options({"read_return_value": "Default"})  # the citizen/staff fixed it
    page = scanner.scan_page(PAGE)
    assert page.width > 0 and scanner.health().ready


def _words(error: ScanError) -> str:
    """The log detail names the SANE status in its own words."""
    text = str(error).lower()
    synonyms = {
        "jammed": "jammed",
        "no docs": "out of documents",
        "cover open": "cover is open",
        "io error": "i/o",
        "device busy": "device busy",
    }
    return " ".join(k for k, v in synonyms.items() if v in text)


def test_a_jam_mid_batch_keeps_the_pages_already_scanned(scanner: SaneDocumentScanner) -> None:
    def after_each(page: ScannedPage) -> None:
        if len(done) == 1:
            scanner.set_options({"read_return_value": "SANE_STATUS_JAMMED"})
        done.append(page)

    done: list[ScannedPage] = []
    with pytest.raises(PaperJam) as caught:
        scanner.scan_pages(ADF, on_page=after_each)
    assert len(caught.value.pages) == 2 and caught.value.pages == tuple(done)
    scanner.set_options({"read_return_value": "Default"})
    assert len(scanner.scan_pages(ADF, max_pages=2)) == 2  # the feeder works again


def test_an_empty_feeder_is_no_paper_with_no_pages(scanner: SaneDocumentScanner) -> None:
    # (the test backend refills its feeder whenever the source is set, so "empty" is injected)
    scanner.set_options({"read_return_value": "SANE_STATUS_NO_DOCS"})
    with pytest.raises(NoPaper) as caught:
        scanner.scan_pages(ADF)
    assert caught.value.pages == () and caught.value.prompt_id == "scanner.no_paper"


def test_cancel_between_pages_keeps_the_pages(scanner: SaneDocumentScanner) -> None:
    with pytest.raises(ScanCancelled) as caught:
        scanner.scan_pages(ADF, on_page=lambda _page: scanner.cancel())
    assert len(caught.value.pages) == 1
    assert len(scanner.scan_pages(ADF, max_pages=1)) == 1  # a new scan is not cancelled
