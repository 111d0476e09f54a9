"""The SANE adapter against SANE's real `test` backend, through libsane and python-sane."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.sane_scanner.adapter import SaneDocumentScanner, available_scanners
from devices.simulated.document_scanner import a4_pixels
from kiosk.domain.devices import HealthState
from kiosk.ports.document_scanner import (
    ColourMode,
    DocumentScanner,
    NoDevice,
    ScannedPage,
    ScanSettings,
    ScanSource,
)
from tests.peers.sane import DEVICE, sane_test_dir  # noqa: F401  (fixture)

pytestmark = [pytest.mark.peer, pytest.mark.usefixtures("sane_test_dir")]

ADF = ScanSettings(dpi=100, mode=ColourMode.GRAY, source=ScanSource.ADF)


@pytest.fixture
def scanner() -> Iterator[SaneDocumentScanner]:
    device = SaneDocumentScanner(DEVICE, options={"test_picture": "Color pattern"})
    device.open()
    yield device
    device.close()


def test_libsane_lists_the_test_scanners() -> None:
    names = [d[0] for d in available_scanners()]
    assert names[:2] == ["test:0", "test:1"]


def test_conforms_to_the_port() -> None:
    _: DocumentScanner = SaneDocumentScanner(DEVICE)


def test_open_finds_the_scanner_in_the_background() -> None:
    device = SaneDocumentScanner(DEVICE)
    device.open()
    try:
        assert device.probe().ready  # waits for (or joins) the background probe
        assert device.device_name == DEVICE
    finally:
        device.close()
    assert device.health().state is HealthState.NOT_READY


def assert_a4(page: ScannedPage, dpi: int, mode: ColourMode) -> None:
    want_w, want_h = a4_pixels(dpi)
    # SANE rounds 210 mm × dpi / 25.4 down, the simulator to nearest: one pixel apart at most
    assert abs(page.width - want_w) <= 1 and abs(page.height - want_h) <= 1
    assert page.dpi == dpi and page.mode is mode
    assert len(page.pixels) == page.width * page.height * (3 if mode is ColourMode.COLOUR else 1)


def test_a_colour_page_is_full_a4_at_200_dpi(scanner: SaneDocumentScanner) -> None:
    page = scanner.scan_page(ScanSettings(dpi=200, mode=ColourMode.COLOUR))
    assert_a4(page, 200, ColourMode.COLOUR)
    assert len(set(page.pixels[: page.width * 3 * 50])) > 2  # the colour pattern, not blank
    assert scanner.health().ready
    assert scanner.device_name == DEVICE


def test_a_grey_text_page_at_300_dpi(scanner: SaneDocumentScanner) -> None:
    page = scanner.scan_page(ScanSettings(dpi=300, mode=ColourMode.GRAY))
    assert_a4(page, 300, ColourMode.GRAY)


def test_depth_is_forced_to_8_bits() -> None:
    # python-sane returns 16-bit colour as an image twice the height: the adapter never asks it
    device = SaneDocumentScanner(DEVICE, options={"depth": 16})
    device.open()
    try:
        page = device.scan_page(ScanSettings(dpi=100, mode=ColourMode.COLOUR))
    finally:
        device.close()
    assert_a4(page, 100, ColourMode.COLOUR)


def test_configured_overrides_win_over_the_caller() -> None:
    device = SaneDocumentScanner(DEVICE, dpi=150, mode=ColourMode.GRAY)
    device.open()
    try:
        page = device.scan_page(ScanSettings(dpi=300, mode=ColourMode.COLOUR))
    finally:
        device.close()
    assert_a4(page, 150, ColourMode.GRAY)


def test_empty_name_opens_the_first_scanner() -> None:
    device = SaneDocumentScanner("")
    device.open()
    try:
        assert device.scan_page(ScanSettings(dpi=50)).dpi == 50
        assert device.device_name == "test:0"
    finally:
        device.close()


def test_the_feeder_gives_every_page_until_it_is_empty(scanner: SaneDocumentScanner) -> None:
    counted: list[int] = []
    pages = scanner.scan_pages(ADF, on_page=lambda p: counted.append(p.width))
    # the test backend's feeder holds 10 sheets per open device, then says NO_DOCS
    assert len(pages) == 10 and len(counted) == 10
    assert all(p.dpi == 100 for p in pages)


def test_max_pages_stops_the_feeder(scanner: SaneDocumentScanner) -> None:
    assert len(scanner.scan_pages(ADF, max_pages=3)) == 3
    assert len(scanner.scan_pages(ADF)) == 7  # the rest is still in the feeder


def test_flatbed_scan_pages_is_one_page(scanner: SaneDocumentScanner) -> None:
    assert len(scanner.scan_pages(ScanSettings(dpi=50))) == 1


def test_an_unknown_scanner_is_no_device_and_says_so() -> None:
    device = SaneDocumentScanner("nosuch:scanner")
    device.open()  # never raises, never blocks: health says it
    try:
        assert device.probe().state is HealthState.NOT_READY
        assert "nosuch:scanner" in device.health().detail
        with pytest.raises(NoDevice) as caught:
            device.scan_page(ScanSettings(dpi=50))
        assert caught.value.prompt_id == "scanner.no_device"
    finally:
        device.close()


def test_sane_config_is_the_tests_own(sane_test_dir: Path) -> None:  # noqa: F811
    assert (sane_test_dir / "dll.conf").read_text().strip() == "test"


def _sigpipe_ignored_by_the_os() -> bool:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("SigIgn:"):
                return bool(int(line.split()[1], 16) & (1 << (signal.SIGPIPE - 1)))
    return False


def test_a_scan_leaves_sigpipe_ignored(scanner: SaneDocumentScanner) -> None:
    """libsane's reader leaves SIGPIPE at its default: a printer unplugged mid-job after a scan
    would then kill the kiosk instead of raising BrokenPipeError (seen in CI). libsane now runs
    in a child process, so the kiosk's own disposition must be untouched."""
    assert _sigpipe_ignored_by_the_os()
    scanner.scan_page(ScanSettings(dpi=100, mode=ColourMode.GRAY))
    assert _sigpipe_ignored_by_the_os()
