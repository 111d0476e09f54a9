"""Real-time status bytes (DLE EOT n) → PrinterStatus, as a TM-T88-class printer answers."""

from __future__ import annotations

import pytest

from kiosk.domain.devices import HealthState
from kiosk.ports.receipt_printer import (
    CoverOpen,
    PaperOut,
    PaperState,
    PrinterError,
    PrinterOffline,
    PrinterStatus,
)
from printing.escpos.status import read_status, request

OK = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


def status_for(table: dict[int, int | bytes]) -> tuple[PrinterStatus, list[int]]:
    """The status read from a printer answering `table` (n → reply), and the n asked."""
    asked: list[int] = []

    def ask(req: bytes) -> bytes:
        assert req[:2] == b"\x10\x04" and len(req) == 3
        asked.append(req[2])
        reply = table[req[2]]
        return reply if isinstance(reply, bytes) else bytes((reply,))

    return read_status(ask), asked


def test_request_bytes() -> None:
    assert request(1) == b"\x10\x04\x01" and request(4) == b"\x10\x04\x04"


def test_all_clear() -> None:
    status, asked = status_for(dict(OK))
    assert asked == [1, 2, 4]  # n=3 only when n=2 reports an error
    assert status.can_print and status.problem() is None
    assert status.health().state is HealthState.READY


def test_near_end_is_a_warning_not_a_stop() -> None:
    status, _ = status_for({**OK, 4: 0x1E})
    assert status.paper is PaperState.NEAR_END and status.can_print
    assert status.health().state is HealthState.READY
    assert status.health().detail == "paper near end"


@pytest.mark.parametrize(
    ("table", "error", "health"),
    [
        ({**OK, 1: 0x1A, 2: 0x32, 4: 0x7E}, PaperOut, "paper out"),
        ({**OK, 4: 0x72}, PaperOut, "paper out"),
        ({**OK, 1: 0x1A, 2: 0x16}, CoverOpen, "cover open"),
        ({**OK, 1: 0x1A}, PrinterOffline, "offline"),
    ],
)
def test_stops(table: dict[int, int | bytes], error: type[PrinterError], health: str) -> None:
    status, _ = status_for(table)
    assert not status.can_print
    assert type(status.problem()) is error
    assert health in status.health().detail


def test_an_error_asks_for_its_cause() -> None:
    status, asked = status_for({**OK, 1: 0x1A, 2: 0x52, 3: 0x1A})
    assert asked == [1, 2, 4, 3]
    assert status.error and "autocutter" in status.detail
    assert status.health().state is HealthState.NEEDS_TECHNICIAN


@pytest.mark.parametrize("reply", [b"", b"\x12\x12", b"\x00", b"\xff", b"\x13"])
def test_no_or_a_malformed_answer_is_offline(reply: bytes) -> None:
    with pytest.raises(PrinterOffline, match="DLE EOT 1"):
        status_for({**OK, 1: reply})
