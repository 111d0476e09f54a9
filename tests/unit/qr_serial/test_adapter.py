"""The reader thread against scripted ports on a ManualClock: framing, unplug, back-off, close."""

from __future__ import annotations

import logging
import threading

import pytest
import serial

from devices.qr_serial.adapter import SerialQrSource
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrScan
from tests.unit.qr_serial.fakes import FakePort, Opener

CARD = "079201012345||NGUYỄN VĂN A|01012001|Nam|Số 1 Đường X|15032022"


class Scans:
    def __init__(self, expect: int) -> None:
        self.got: list[QrScan] = []
        self.done = threading.Event()
        self._expect = expect

    def __call__(self, scan: QrScan) -> None:
        self.got.append(scan)
        if len(self.got) >= self._expect:
            self.done.set()


def source(clock: ManualClock, opener: Opener, **kwargs: object) -> SerialQrSource:
    return SerialQrSource("/dev/fake", clock=clock, opener=opener, **kwargs)  # type: ignore[arg-type]


def test_scans_arrive_decoded_with_their_raw_bytes() -> None:
    clock = ManualClock()
    port = FakePort(clock, [(0.0, CARD.encode()[:20]), (0.01, CARD.encode()[20:] + b"\rX9\r")])
    qr = source(clock, Opener(clock, [port]))
    scans = Scans(2)
    qr.subscribe(scans)
    qr.open()
    try:
        assert scans.done.wait(5.0)
        assert port.drained.wait(5.0)
        assert qr.health().state is HealthState.READY
    finally:
        qr.close()
    assert [s.payload for s in scans.got] == [CARD, "X9"]
    assert scans.got[0].raw == CARD.encode() and scans.got[0].source == "qr-serial:/dev/fake"
    assert port.closed


def test_no_suffix_mode_ends_a_scan_after_the_idle_gap_read_timeout() -> None:
    clock = ManualClock()
    port = FakePort(clock, [(0.0, b"ABC"), (0.02, b"DEF"), (1.0, b"GHI")])
    qr = source(clock, Opener(clock, [port]), suffix="none", idle_gap_s=0.05)
    scans = Scans(2)
    qr.subscribe(scans)
    qr.open()
    try:
        assert scans.done.wait(5.0)
    finally:
        qr.close()
    assert [s.payload for s in scans.got] == ["ABCDEF", "GHI"]


def test_undecodable_bytes_keep_raw_and_get_replacement_characters() -> None:
    clock = ManualClock()
    port = FakePort(clock, [(0.0, b"Nguy\xe1\xbb\r")])  # a scanner dropped the last UTF-8 byte
    qr = source(clock, Opener(clock, [port]))
    scans = Scans(1)
    qr.subscribe(scans)
    qr.open()
    try:
        assert scans.done.wait(5.0)
    finally:
        qr.close()
    assert scans.got[0].raw == b"Nguy\xe1\xbb" and "\ufffd" in scans.got[0].payload


def test_garbage_is_logged_and_never_delivered(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    port = FakePort(clock, [(0.0, b"\x00\x00\r"), (0.1, b"OK1\r")])
    qr = source(clock, Opener(clock, [port]))
    scans = Scans(1)
    qr.subscribe(scans)
    with caplog.at_level(logging.WARNING, logger="devices.qr_serial.adapter"):
        qr.open()
        try:
            assert scans.done.wait(5.0)
        finally:
            qr.close()
    assert [s.payload for s in scans.got] == ["OK1"]
    assert "line noise" in caplog.text


def test_back_off_doubles_up_to_the_cap_and_resets_after_success() -> None:
    clock = ManualClock(start=0.0)
    unplug = serial.SerialException("device reports readiness to read but returned no data")
    first = FakePort(clock, [(0.0, b"A1\r"), unplug])
    second = FakePort(clock, [(0.0, b"B2\r")])
    opener = Opener(clock, [None, None, None, None, first, None, None, second])
    qr = source(clock, opener, backoff_s=(0.25, 1.0))
    scans = Scans(2)
    qr.subscribe(scans)
    qr.open()
    try:
        assert scans.done.wait(5.0)
        assert second.drained.wait(5.0)
        assert qr.health().state is HealthState.READY
    finally:
        qr.close()
    assert [s.payload for s in scans.got] == ["A1", "B2"]
    gaps = [round(b - a, 3) for a, b in zip(opener.attempts, opener.attempts[1:], strict=False)]
    # 4 failures: 0.25, 0.5, 1.0 (capped), 1.0; after the unplug a 0.25 pause, then 0.25, 0.5 again
    assert gaps == [0.25, 0.5, 1.0, 1.0, 0.25, 0.25, 0.5]
    assert first.closed


def test_each_health_transition_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    clock = ManualClock()
    port = FakePort(clock, [])
    opener = Opener(clock, [None] * 6 + [port])
    qr = source(clock, opener)
    with caplog.at_level(logging.INFO, logger="devices.qr_serial.adapter"):
        qr.open()
        try:
            assert port.drained.wait(5.0)
            assert qr.health().ready
        finally:
            qr.close()
    lines = [r.getMessage() for r in caplog.records if "->" in r.getMessage()]
    assert len(lines) == 3, lines  # closed state -> ... is never repeated per failed attempt
    assert "-> ready" in lines[0] or "-> ready" in lines[1]
    assert lines[-1].endswith("closed")
    assert qr.health().state is HealthState.NOT_READY


def test_a_silent_scanner_is_fine_and_close_is_idempotent() -> None:
    clock = ManualClock()
    port = FakePort(clock, [])
    qr = source(clock, Opener(clock, [port]))
    qr.open()
    qr.open()  # a second open starts no second reader
    assert port.drained.wait(5.0)
    qr.close()
    qr.close()
    assert port.closed and qr.health().detail == "closed"


def test_a_failing_subscriber_does_not_stop_the_others() -> None:
    clock = ManualClock()
    port = FakePort(clock, [(0.0, b"S1\r")])
    qr = source(clock, Opener(clock, [port]))
    scans = Scans(1)

    def broken(_scan: QrScan) -> None:
        raise RuntimeError("bug in a screen")

    qr.subscribe(broken)
    qr.subscribe(scans)
    qr.open()
    try:
        assert scans.done.wait(5.0)
    finally:
        qr.close()


def test_close_while_backing_off_returns_promptly() -> None:
    qr = SerialQrSource("/dev/does-not-exist-kiosk", backoff_s=(30.0, 60.0))
    qr.open()
    qr.close()
    assert qr.health().state is HealthState.NOT_READY


@pytest.mark.parametrize(
    "kwargs", [{"baudrate": 0}, {"suffix": "etx"}, {"idle_gap_s": 0.0}, {"backoff_s": (2.0, 1.0)}]
)
def test_bad_options_fail_at_construction(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        SerialQrSource("/dev/ttyUSB0", **kwargs)  # type: ignore[arg-type]


def test_a_damaged_card_qr_is_delivered_and_flagged_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = ManualClock()
    # A scanner that dropped the last byte of "ễ": the card QR now holds a replacement character.
    wire = b"001089012345|123456789|Nguy" + b"\xe1\xbb" + b"n|01011989|Nam|S|15062021\r"
    port = FakePort(clock, [(0.0, wire)])
    qr = source(clock, Opener(clock, [port]))
    scans = Scans(1)
    qr.subscribe(scans)
    with caplog.at_level(logging.WARNING, logger="devices.qr_serial.payload_kind"):
        qr.open()
        try:
            assert scans.done.wait(5.0)
        finally:
            qr.close()
    assert scans.got[0].raw == wire[:-1]
    assert "damaged" in caplog.text and "Nguy" not in caplog.text  # no personal data logged
