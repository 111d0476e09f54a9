"""The MrzReader port's two adapters: the simulator's scripted glass, and OCR over a scanner."""

from __future__ import annotations

from PIL import Image

from devices.mrz_ocr.adapter import CARD_BACK_SCAN, ScannerMrzReader
from devices.mrz_ocr.reader import MrzOcrFailure, MrzOcrResult
from devices.simulated.citizens import BA_LAN
from devices.simulated.document_scanner import SimulatedDocumentScanner
from devices.simulated.mrz_reader import SimulatedMrzReader
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import ColourMode, ScannedPage, ScanSettings
from kiosk.ports.mrz_reader import MrzReader, MrzReadFailure


def sim(delay: float = 0.0) -> SimulatedMrzReader:
    reader = SimulatedMrzReader(ManualClock(), scan_delay_s=delay)
    reader.open()
    return reader


def test_both_adapters_conform_to_the_port() -> None:
    clock = ManualClock()
    readers: list[MrzReader] = [
        SimulatedMrzReader(clock),
        ScannerMrzReader(SimulatedDocumentScanner(clock)),
    ]
    assert len(readers) == 2


def test_the_simulator_returns_what_is_on_the_glass_and_says_why_when_nothing_is() -> None:
    reader = sim()
    empty = reader.read_mrz_from_scan()
    assert (empty.text, empty.failure, empty.prompt_id) == (
        None,
        MrzReadFailure.NO_CARD,
        "mrz_ocr.no_card",
    )
    reader.place(BA_LAN.mrz)
    assert reader.read_mrz_from_scan().text == "\n".join(BA_LAN.mrz)
    assert BA_LAN.mrz[0] not in repr(reader.read_mrz_from_scan())  # never in a log line
    reader.place_unreadable()
    assert reader.read_mrz_from_scan().prompt_id == "mrz_ocr.unreadable"
    reader.fail("lamp broken")
    assert reader.read_mrz_from_scan().failure is MrzReadFailure.UNAVAILABLE
    assert reader.health().state is HealthState.FAILED
    reader.recover()
    reader.take()
    assert reader.read_mrz_from_scan().failure is MrzReadFailure.NO_CARD
    assert reader.reads == 6


def test_closing_the_simulator_cuts_a_scan_short() -> None:
    clock = ManualClock()
    reader = SimulatedMrzReader(clock, scan_delay_s=5)
    reader.place(BA_LAN.mrz)
    assert reader.read_mrz_from_scan().failure is MrzReadFailure.UNAVAILABLE  # not open
    reader.open()
    assert reader.read_mrz_from_scan().text is not None  # ManualClock.wait advances, no sleep


class PageScanner:
    """A DocumentScanner fake returning one fixed page, recording the settings it was asked."""

    def __init__(self, page: ScannedPage | Exception) -> None:
        self.page = page
        self.asked: list[ScanSettings] = []

    def open(self) -> None: ...
    def close(self) -> None: ...
    def health(self) -> object:
        return None

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        self.asked.append(settings)
        if isinstance(self.page, Exception):
            raise self.page
        return self.page


PAGE = ScannedPage(40, 40, 300, ColourMode.GRAY, bytes(1600))


def fake_ocr(result: MrzOcrResult) -> object:
    def ocr(page: ScannedPage | Image.Image) -> MrzOcrResult:
        assert page is PAGE
        return result

    return ocr


def test_the_scanner_adapter_passes_a_card_back_scan_to_the_ocr() -> None:
    ok = MrzOcrResult(BA_LAN.mrz, 0.9)
    scanner = PageScanner(PAGE)
    reader = ScannerMrzReader(scanner, ocr=fake_ocr(ok))  # type: ignore[arg-type]
    assert reader.read_mrz_from_scan().text == "\n".join(BA_LAN.mrz)
    assert scanner.asked == [CARD_BACK_SCAN]


def test_scanner_and_ocr_failures_become_prompts() -> None:
    from kiosk.ports.document_scanner import NoPaper, ScanError

    cases = [
        (NoPaper("glass empty"), None, "mrz_ocr.no_card"),
        (ScanError("jam"), None, "mrz_ocr.unavailable"),
        (RuntimeError("driver bug"), None, "mrz_ocr.unavailable"),
        (PAGE, MrzOcrResult(None, 0.0, MrzOcrFailure.CHECK_DIGITS, "x"), "mrz_ocr.unreadable"),
        (PAGE, MrzOcrResult(None, 0.0, MrzOcrFailure.ENGINE_MISSING), "mrz_ocr.unavailable"),
    ]
    for page, result, prompt in cases:
        ocr = fake_ocr(result or MrzOcrResult(None, 0.0, MrzOcrFailure.NO_MRZ))
        reader = ScannerMrzReader(PageScanner(page), ocr=ocr)  # type: ignore[arg-type]
        reading = reader.read_mrz_from_scan()
        assert reading.text is None and reading.prompt_id == prompt, (page, result)
