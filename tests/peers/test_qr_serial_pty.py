"""SerialQrSource against a real pty (socat) playing a scanner: framings, timings, unplug."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.qr_serial.adapter import SerialQrSource
from devices.qr_serial.framing import Suffix
from kiosk.ports.qr_source import QrScan
from tests.peers.serial_pty import SocatScanner

pytestmark = pytest.mark.peer

CARD = "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|Số 12 Ngõ 34, Phường Trúc Bạch|15062021"


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[SocatScanner]:
    peer = SocatScanner(tmp_path)
    peer.plug()
    yield peer
    peer.unplug()


def wait_ready(qr: SerialQrSource, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not qr.health().ready:
        assert time.monotonic() < deadline, f"never ready: {qr.health()}"
        time.sleep(0.01)


def listen(scanner: SocatScanner, suffix: Suffix = "cr") -> tuple[SerialQrSource, queue.Queue]:
    scans: queue.Queue[QrScan] = queue.Queue()
    qr = SerialQrSource(str(scanner.kiosk_path), suffix=suffix, backoff_s=(0.05, 0.2))
    qr.subscribe(scans.put)
    qr.open()
    wait_ready(qr)  # the port flushes its input on open: write only after that
    return qr, scans


def take(scans: queue.Queue[QrScan], n: int) -> list[str]:
    return [scans.get(timeout=5.0).payload for _ in range(n)]


def test_one_vietnamese_card_qr_split_over_three_writes(scanner: SocatScanner) -> None:
    qr, scans = listen(scanner)
    try:
        wire = CARD.encode() + b"\r"
        for part in (wire[:17], wire[17:60], wire[60:]):
            scanner.write(part)
            time.sleep(0.02)
        assert take(scans, 1) == [CARD]
        assert scans.empty()
    finally:
        qr.close()


def test_two_scans_glued_and_garbage_between(scanner: SocatScanner) -> None:
    qr, scans = listen(scanner)
    try:
        scanner.write(b"G-2024-000123\rG-2024-000124\r")
        scanner.write(b"\x00\x00\x1b\r")  # line noise with a stray CR
        scanner.write(b"\x00" + CARD.encode() + b"\r")
        assert take(scans, 3) == ["G-2024-000123", "G-2024-000124", CARD]
        time.sleep(0.1)
        assert scans.empty()
    finally:
        qr.close()


@pytest.mark.parametrize(("suffix", "end"), [("crlf", b"\r\n"), ("lf", b"\n"), ("cr", b"\r")])
def test_suffixes(scanner: SocatScanner, suffix: Suffix, end: bytes) -> None:
    qr, scans = listen(scanner, suffix)
    try:
        scanner.write(b"ONE" + end)
        scanner.write(CARD.encode() + end)
        assert take(scans, 2) == ["ONE", CARD]
    finally:
        qr.close()


def test_no_suffix_frames_by_the_idle_gap(scanner: SocatScanner) -> None:
    qr, scans = listen(scanner, "none")
    try:
        wire = CARD.encode()
        scanner.write(wire[:30])
        time.sleep(0.01)  # well inside the 50 ms gap: the same scan
        scanner.write(wire[30:])
        time.sleep(0.3)
        scanner.write(b"SECOND")
        assert take(scans, 2) == [CARD, "SECOND"]
    finally:
        qr.close()


def test_unplug_then_replug_reconnects_and_the_next_scan_arrives(scanner: SocatScanner) -> None:
    qr, scans = listen(scanner)
    try:
        scanner.write(b"BEFORE\r")
        assert take(scans, 1) == ["BEFORE"]
        scanner.unplug()
        deadline = time.monotonic() + 5.0
        while qr.health().ready:
            assert time.monotonic() < deadline, "unplug not noticed"
            time.sleep(0.01)
        assert "unplugged" in qr.health().detail or "cannot open" in qr.health().detail
        time.sleep(0.3)  # unplugged a while: several reopen attempts fail
        scanner.plug()
        wait_ready(qr)
        scanner.write(b"AFTER\r")
        assert take(scans, 1) == ["AFTER"]
    finally:
        qr.close()


def test_a_silent_scanner_costs_no_cpu(scanner: SocatScanner) -> None:
    qr, _scans = listen(scanner)
    try:
        start = time.process_time()
        time.sleep(0.5)
        assert time.process_time() - start < 0.05  # blocked in read, not polling
    finally:
        qr.close()


def test_qr_listen_prints_each_scan_as_a_json_line(scanner: SocatScanner) -> None:
    import argparse
    import io
    import json
    import threading

    from devices.qr_serial.cli import handle_listen

    out, err, stop = io.StringIO(), io.StringIO(), threading.Event()
    args = argparse.Namespace(port=str(scanner.kiosk_path), baud=9600, suffix="cr", config=None)
    runner = threading.Thread(target=lambda: handle_listen(args, out, err, stop))
    runner.start()
    try:
        deadline = time.monotonic() + 5.0
        while "ready" not in err.getvalue().replace("not_ready", ""):
            assert time.monotonic() < deadline, err.getvalue()
            time.sleep(0.01)
        scanner.write(CARD.encode() + b"\r")
        while out.getvalue().count("\n") < 1:
            assert time.monotonic() < deadline, err.getvalue()
            time.sleep(0.01)
    finally:
        stop.set()
        runner.join(timeout=5.0)
    line = json.loads(out.getvalue().splitlines()[0])
    assert line["payload"] == CARD and line["raw_hex"] == CARD.encode().hex()
    assert line["kind"] == "card_qr" and line["damaged"] is False
