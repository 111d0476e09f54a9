"""The simulated QR scanner: delivery, decoding and what happens when it is closed or broken."""

from __future__ import annotations

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.simulated.citizens import BA_LAN
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrScan, QrSource


def opened(name: str = "simulated-qr") -> tuple[SimulatedQrSource, list[QrScan]]:
    source = SimulatedQrSource(ManualClock(), name=name)
    scans: list[QrScan] = []
    source.subscribe(scans.append)
    source.open()
    return source, scans


def test_conforms_to_the_port() -> None:
    _: QrSource = SimulatedQrSource()


def test_not_ready_until_open_and_after_close() -> None:
    source = SimulatedQrSource()
    assert source.health().state is HealthState.NOT_READY
    source.open()
    assert source.health().ready
    source.close()
    source.close()
    assert source.health().state is HealthState.NOT_READY


def test_scans_while_closed_go_nowhere() -> None:
    source = SimulatedQrSource()
    scans: list[QrScan] = []
    source.subscribe(scans.append)
    assert source.scan("before open") is False
    source.open()
    source.close()
    assert source.scan("after close") is False
    assert scans == []


def test_text_is_delivered_with_its_utf8_bytes() -> None:
    source, scans = opened(name="counter-qr")
    assert source.scan(BA_LAN.card_qr) is True
    assert scans == [QrScan(BA_LAN.card_qr, BA_LAN.card_qr.encode("utf-8"), "counter-qr")]


def test_valid_utf8_bytes_are_decoded() -> None:
    source, scans = opened()
    source.scan("Nguyễn Thị Lan".encode())
    assert scans[0].payload == "Nguyễn Thị Lan"


def test_invalid_utf8_keeps_the_raw_bytes_and_replaces_in_the_text() -> None:
    source, scans = opened()
    raw = b"001150004321|\xff\xfeLan|\xc3"  # stray bytes and a truncated sequence
    source.scan(raw)
    [scan] = scans
    assert scan.raw == raw
    assert scan.payload == "001150004321|\ufffd\ufffdLan|\ufffd"


@given(st.binary(max_size=200))
def test_any_bytes_arrive_intact(raw: bytes) -> None:
    source, scans = opened()
    source.scan(raw)
    assert scans == [QrScan(raw.decode("utf-8", errors="replace"), raw, "simulated-qr")]


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_any_text_round_trips(text: str) -> None:
    source, scans = opened()
    source.scan(text)
    assert scans[0].payload == text
    assert scans[0].raw.decode("utf-8") == text


def test_other_payload_types_are_a_scripting_error() -> None:
    source, scans = opened()
    with pytest.raises(TypeError):
        source.scan(123)  # type: ignore[arg-type]
    assert scans == []


def test_every_subscriber_gets_each_scan_once() -> None:
    source, first = opened()
    second: list[QrScan] = []
    source.subscribe(second.append)
    source.scan("a")
    source.scan("b")
    assert [s.payload for s in first] == ["a", "b"]
    assert [s.payload for s in second] == ["a", "b"]


def test_a_failing_subscriber_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    source = SimulatedQrSource()

    def broken(scan: QrScan) -> None:
        raise RuntimeError("subscriber bug")

    source.subscribe(broken)
    scans: list[QrScan] = []
    source.subscribe(scans.append)
    source.open()
    with caplog.at_level(logging.ERROR):
        assert source.scan("x") is True
    assert len(scans) == 1
    assert "subscriber bug" in caplog.text


def test_a_failed_scanner_reports_failed_and_delivers_nothing() -> None:
    source, scans = opened()
    source.fail("no response on the serial port")
    assert source.health().state is HealthState.FAILED
    assert source.scan("x") is False
    source.recover()
    assert source.scan("y") is True
    assert [s.payload for s in scans] == ["y"]
