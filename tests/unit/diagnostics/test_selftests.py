"""Each port's self-test with fakes of the port (the real adapters: tests/peers/test_diag_*)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.card_reader import AccessDenied, BacKey, CardRemoved, ChipData
from kiosk.ports.document_scanner import ColourMode, NoDevice, ScannedPage, ScanSettings
from kiosk.ports.qr_source import QrScan
from kiosk.ports.receipt_printer import (
    PaperOut,
    PaperState,
    PrinterOffline,
    PrinterStatus,
    ReceiptPrinter,
)
from kiosk.ports.speaker import EngineStatus
from kiosk.services.diagnostics import selftests

CARD = "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|Số 12 Ngõ 34, Phường Trúc Bạch|15062021"


class FakeDevice:
    """Health goes through `states` one call at a time (the last one stays); open/close logged."""

    def __init__(self, *states: HealthReport) -> None:
        self.states = list(states) or [READY]
        self.calls: list[str] = []

    def open(self) -> None:
        self.calls.append("open")

    def close(self) -> None:
        self.calls.append("close")

    def health(self) -> HealthReport:
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]


class Pauses:
    def __init__(self, on_pause: Callable[[float], None] | None = None) -> None:
        self.waited: list[float] = []
        self.on_pause = on_pause

    def __call__(self, seconds: float) -> None:
        self.waited.append(seconds)
        if self.on_pause:
            self.on_pause(seconds)


def port(fake: object) -> Any:
    """A fake stands in for the port it mimics (only the members the self-test uses)."""
    return fake


STARTING = HealthReport(HealthState.NOT_READY, "looking for the reader")


def test_the_card_reader_settles_then_reports_the_atr() -> None:
    reader = FakeDevice(STARTING, STARTING, READY)
    pause = Pauses()
    out = selftests.card_reader(port(reader), atr=lambda: "3B8880", pause=pause)
    assert out.health.ready and out.self_test == {"card_atr": "3B8880"}
    assert pause.waited == [0.1, 0.1]
    assert reader.calls == ["open", "close"]


def test_no_card_and_a_missing_reader() -> None:
    assert selftests.card_reader(port(FakeDevice()), atr=lambda: None).self_test == {
        "card_atr": "no card"
    }
    gone = HealthReport(HealthState.NOT_READY, "PC/SC service (pcscd) not running")
    pause = Pauses()
    out = selftests.card_reader(
        port(FakeDevice(gone)), atr=lambda: "never asked", pause=pause, settle_s=1.0
    )
    assert out.health == gone and out.self_test == {}
    assert len(pause.waited) == 10  # it waited the whole settle time for the reader


class FakeQr(FakeDevice):
    def __init__(self, *states: HealthReport) -> None:
        super().__init__(*states)
        self.subscribers: list[Callable[[QrScan], None]] = []

    def subscribe(self, callback: Callable[[QrScan], None]) -> None:
        self.subscribers.append(callback)

    def scan(self, payload: str) -> None:
        for callback in self.subscribers:
            callback(QrScan(payload, payload.encode(), "fake"))


def test_qr_listen_reports_kind_and_length_never_the_text() -> None:
    qr = FakeQr()

    def two_scans(_: float) -> None:
        qr.scan(CARD)
        qr.scan("XYZ")

    pause = Pauses(two_scans)
    out = selftests.qr_source(port(qr), listen_s=10.0, pause=pause)
    assert pause.waited == [10.0]
    assert out.self_test == {
        "listened_s": 10.0,
        "scans": 2,
        "arrived": f"card_qr/{len(CARD)} chars, unknown/3 chars",
    }
    assert "Nguyễn" not in str(out) and "001089012345" not in str(out)
    assert qr.calls == ["open", "close"]


def test_qr_not_listened_to_when_the_port_is_down() -> None:
    down = HealthReport(HealthState.NOT_READY, "cannot open /dev/ttyACM0")
    pause = Pauses()
    out = selftests.qr_source(port(FakeQr(down)), listen_s=10.0, pause=pause, settle_s=0.2)
    assert out.health == down and out.self_test["arrived"] == "nothing"
    assert out.self_test["listened_s"] == 0.0
    assert 10.0 not in pause.waited


class FakeScanner(FakeDevice):
    def __init__(self, page: ScannedPage | Exception) -> None:
        super().__init__()
        self.page = page
        self.scans = 0

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        self.scans += 1
        if isinstance(self.page, Exception):
            raise self.page
        return self.page


A4_200 = ScannedPage(1653, 2338, 200, ColourMode.GRAY, b"")


def test_scanner_scans_only_when_asked_and_reports_size_and_dpi() -> None:
    idle = FakeScanner(A4_200)
    assert selftests.document_scanner(port(idle), scan=False).self_test == {}
    assert idle.scans == 0
    out = selftests.document_scanner(port(FakeScanner(A4_200)), scan=True)
    assert out.self_test == {
        "width_px": 1653,
        "height_px": 2338,
        "dpi": 200,
        "mode": "gray",
        "width_mm": 209.9,
        "height_mm": 296.9,
    }


def test_a_scan_error_is_the_last_error() -> None:
    out = selftests.document_scanner(
        port(FakeScanner(NoDevice("scanner test:9 not found"))), scan=True
    )
    assert out.last_error == "NoDevice: scanner test:9 not found"


class FakePrinter(FakeDevice):
    def __init__(self, status: PrinterStatus | Exception, job: Exception | None = None) -> None:
        super().__init__(HealthReport(HealthState.NOT_READY, "cannot connect"))
        self._status = status
        self.job = job
        self.printed = 0

    def status(self) -> PrinterStatus:
        if isinstance(self._status, Exception):
            raise self._status
        return self._status


def print_one(printer: ReceiptPrinter) -> None:
    assert isinstance(printer, FakePrinter)
    fake = printer
    fake.printed += 1
    if fake.job:
        raise fake.job


@pytest.mark.parametrize(
    ("status", "state", "detail"),
    [
        (PrinterStatus(), HealthState.READY, ""),
        (PrinterStatus(paper=PaperState.NEAR_END), HealthState.READY, "paper near end"),
        (
            PrinterStatus(online=False, paper=PaperState.OUT),
            HealthState.NEEDS_TECHNICIAN,
            "paper out",
        ),
        (PrinterStatus(online=False, cover_open=True), HealthState.NEEDS_TECHNICIAN, "cover open"),
    ],
)
def test_printer_status_bytes(status: PrinterStatus, state: HealthState, detail: str) -> None:
    printer = FakePrinter(status)
    out = selftests.receipt_printer(port(printer), print_test=print_one)
    assert (out.health.state, out.health.detail) == (state, detail)
    assert out.self_test["paper"] == status.paper.value
    assert out.self_test["cover_open"] is status.cover_open
    assert printer.printed == (1 if status.can_print else 0)  # never a test job into paper-out


def test_a_silent_printer_and_a_failed_test_receipt() -> None:
    out = selftests.receipt_printer(port(FakePrinter(PrinterOffline("cannot connect: refused"))))
    assert out.self_test == {"answered": False}
    assert out.health.state is HealthState.NOT_READY
    assert out.last_error == "PrinterOffline: cannot connect: refused"
    failed = selftests.receipt_printer(
        port(FakePrinter(PrinterStatus(), job=PaperOut("paper out"))),
        print_test=print_one,
    )
    assert (
        failed.self_test["test_receipt"] == "failed" and failed.last_error == "PaperOut: paper out"
    )


class FakeVoice(FakeDevice):
    def engines(self) -> tuple[EngineStatus, ...]:
        return (EngineStatus("speechd", True), EngineStatus("piper", False, "not installed"))

    def speak(self, utterance: object) -> None:
        raise AssertionError("diagnostics must not speak into the hall")

    def stop(self) -> None: ...


def test_speaker_lists_its_engines() -> None:
    out = selftests.speaker(port(FakeVoice()))
    assert out.self_test == {"speechd": "available", "piper": "missing: not installed"}


class FakeChipReader(FakeDevice):
    def __init__(self, opens_with: BacKey | None, error: Exception | None = None) -> None:
        super().__init__()
        self.opens_with = opens_with
        self.error = error
        self.asked: list[tuple[BacKey, tuple[str, ...]]] = []

    def read_chip(self, key: BacKey, groups: tuple[str, ...]) -> ChipData:
        self.asked.append((key, groups))
        if self.error:
            raise self.error
        if key != self.opens_with:
            raise AccessDenied("mutual authentication failed")
        return ChipData({"COM": b"`"}, apdu_count=7)


KEY_A = BacKey("012345678", "890101", "300101")
KEY_B = BacKey("012345678", "890101", "310101")


def test_bac_with_the_test_card_reads_only_ef_com() -> None:
    reader = FakeChipReader(opens_with=KEY_B)
    out = selftests.card_reader(port(reader), bac_keys=[KEY_A, KEY_B])
    assert out.health.ready and out.self_test == {"bac": "opened", "apdu_count": 7}
    assert reader.asked == [(KEY_A, ("COM",)), (KEY_B, ("COM",))]


def test_bac_refused_or_failed_needs_the_technician() -> None:
    refused = selftests.card_reader(port(FakeChipReader(opens_with=None)), bac_keys=[KEY_A])
    assert refused.health.state is HealthState.NEEDS_TECHNICIAN
    assert refused.self_test == {"bac": "refused"}
    assert refused.last_error == "none of the 1 test card keys opened the chip"
    removed = selftests.card_reader(
        port(FakeChipReader(KEY_A, error=CardRemoved("card left the reader"))), bac_keys=[KEY_A]
    )
    assert removed.self_test == {"bac": "failed"}
    assert removed.last_error == "CardRemoved: card left the reader"


def test_no_bac_without_test_card_keys() -> None:
    reader = FakeChipReader(opens_with=KEY_A)
    assert selftests.card_reader(port(reader)).self_test == {}
    assert reader.asked == []
