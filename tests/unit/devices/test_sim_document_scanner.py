"""The simulated document scanner: paper, timing, generated pages and failures."""

from __future__ import annotations

import threading

import pytest

from devices.simulated.document_scanner import SimulatedDocumentScanner, a4_pixels
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    ColourMode,
    DocumentScanner,
    NoPaper,
    ScanError,
    ScanSettings,
)

LOW = ScanSettings(dpi=75)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def scanner(clock: ManualClock) -> SimulatedDocumentScanner:
    s = SimulatedDocumentScanner(clock)
    s.open()
    return s


def test_conforms_to_the_port() -> None:
    _: DocumentScanner = SimulatedDocumentScanner(ManualClock())


def test_health_follows_open_and_close(clock: ManualClock) -> None:
    scanner = SimulatedDocumentScanner(clock)
    assert scanner.health().state is HealthState.NOT_READY
    scanner.open()
    assert scanner.health().ready
    scanner.close()
    scanner.close()
    assert scanner.health().state is HealthState.NOT_READY


def test_scanning_a_closed_scanner_raises(clock: ManualClock) -> None:
    scanner = SimulatedDocumentScanner(clock)
    scanner.load_paper()
    with pytest.raises(ScanError, match="not open"):
        scanner.scan_page(LOW)
    assert scanner.pages_loaded == 1


def test_an_empty_scanner_raises_no_paper(scanner: SimulatedDocumentScanner) -> None:
    with pytest.raises(NoPaper):
        scanner.scan_page(LOW)
    assert scanner.health().ready  # an empty feeder is not a fault


def test_each_scan_takes_one_page_and_the_delay(
    scanner: SimulatedDocumentScanner, clock: ManualClock
) -> None:
    scanner.load_paper(2)
    assert scanner.pages_loaded == 2
    t0 = clock.monotonic()
    scanner.scan_page(LOW)
    assert clock.monotonic() - t0 == pytest.approx(2.0)
    scanner.scan_page(LOW)
    assert scanner.pages_loaded == 0
    with pytest.raises(NoPaper):
        scanner.scan_page(LOW)


def test_load_paper_rejects_nonsense(scanner: SimulatedDocumentScanner) -> None:
    with pytest.raises(ValueError):
        scanner.load_paper(0)
    with pytest.raises(ValueError):
        SimulatedDocumentScanner(ManualClock(), scan_delay_s=-0.1)


@pytest.mark.parametrize(("dpi", "size"), [(200, (1654, 2339)), (300, (2480, 3508))])
def test_a4_sizes(dpi: int, size: tuple[int, int]) -> None:
    assert a4_pixels(dpi) == size


@pytest.mark.parametrize(("mode", "bpp"), [(ColourMode.GRAY, 1), (ColourMode.COLOUR, 3)])
def test_pages_are_a4_at_the_requested_dpi_and_mode(
    scanner: SimulatedDocumentScanner, mode: ColourMode, bpp: int
) -> None:
    scanner.load_paper()
    page = scanner.scan_page(ScanSettings(dpi=200, mode=mode))
    assert (page.width, page.height, page.dpi, page.mode) == (1654, 2339, 200, mode)
    assert len(page.pixels) == page.width * page.height * bpp


def test_pages_look_like_text_on_paper(scanner: SimulatedDocumentScanner) -> None:
    scanner.load_paper()
    page = scanner.scan_page(ScanSettings(dpi=100))
    w = page.width
    assert set(page.pixels[:w]) == {0xF4}  # top margin: paper only
    assert set(page.pixels[-w:]) == {0xF4}  # bottom margin
    dark = sum(1 for b in page.pixels if b < 0x80)
    assert 0.03 < dark / len(page.pixels) < 0.5
    rows = (page.pixels[y * w : (y + 1) * w] for y in range(page.height))
    assert all(row[:10] == b"\xf4" * 10 for row in rows)  # left margin


def test_pages_differ_from_each_other_but_not_between_runs() -> None:
    def first_two() -> tuple[bytes, bytes]:
        s = SimulatedDocumentScanner(ManualClock())
        s.open()
        s.load_paper(2)
        return s.scan_page(LOW).pixels, s.scan_page(LOW).pixels

    a1, a2 = first_two()
    b1, b2 = first_two()
    assert a1 != a2
    assert (a1, a2) == (b1, b2)


@pytest.mark.parametrize("dpi", [0, -200, 49, 601, 2400])
def test_unsupported_resolutions_raise_and_keep_the_page(
    scanner: SimulatedDocumentScanner, dpi: int
) -> None:
    scanner.load_paper()
    with pytest.raises(ScanError, match="unsupported resolution"):
        scanner.scan_page(ScanSettings(dpi=dpi))
    assert scanner.pages_loaded == 1


def test_close_cuts_a_scan_short_and_leaves_the_page() -> None:
    class ClosingClock(ManualClock):
        def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
            device.close()
            return super().wait(seconds, cancel)

    device = SimulatedDocumentScanner(ClosingClock())
    device.open()
    device.load_paper()
    with pytest.raises(ScanError, match="closed during the scan"):
        device.scan_page(LOW)
    assert device.pages_loaded == 1


def test_fail_makes_health_failed_and_scans_raise(scanner: SimulatedDocumentScanner) -> None:
    scanner.load_paper()
    scanner.fail("lamp failure")
    assert scanner.health().state is HealthState.FAILED
    with pytest.raises(ScanError, match="lamp failure"):
        scanner.scan_page(LOW)
    assert scanner.pages_loaded == 1
    scanner.recover()
    assert scanner.scan_page(LOW).dpi == 75
