"""ESC/POS real-time status (DLE EOT n), as TM-T88-class printers answer it.

Each request is 3 bytes, `10 04 n`; the printer answers one byte at once, even mid-job. Every
valid answer has bits 1 and 4 set and bits 0 and 7 clear (`byte & 0x93 == 0x12`); anything else
is not an answer we understand. Bits used (Epson ESC/POS reference, DLE EOT):

    n=1 printer status   0x08 offline
    n=2 offline cause    0x04 cover open, 0x20 stopped by paper end, 0x40 error
    n=3 error cause      0x08 autocutter error, 0x20 unrecoverable, 0x40 auto-recoverable
    n=4 roll paper       0x0C paper near end, 0x60 paper end (no paper)
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ports.receipt_printer import PaperState, PrinterOffline, PrinterStatus

DLE_EOT = b"\x10\x04"
PRINTER, OFFLINE_CAUSE, ERROR_CAUSE, ROLL_PAPER = 1, 2, 3, 4


def request(n: int) -> bytes:
    return DLE_EOT + bytes((n,))


def valid(byte: int) -> bool:
    return byte & 0x93 == 0x12


def read_status(ask: Callable[[bytes], bytes]) -> PrinterStatus:
    """Ask n=1, 2 and 4 (and 3 when the printer reports an error) through `ask(request) ->
    reply`; raises PrinterOffline when a reply is missing or not a status byte."""

    def one(n: int) -> int:
        reply = ask(request(n))
        if len(reply) != 1 or not valid(reply[0]):
            raise PrinterOffline(f"no valid answer to DLE EOT {n}: {reply.hex() or 'nothing'}")
        return reply[0]

    printer, cause, paper = one(PRINTER), one(OFFLINE_CAUSE), one(ROLL_PAPER)
    error_cause = one(ERROR_CAUSE) if cause & 0x40 else 0
    paper_state = PaperState.OK
    if paper & 0x60 or cause & 0x20:
        paper_state = PaperState.OUT
    elif paper & 0x0C:
        paper_state = PaperState.NEAR_END
    details = []
    if error_cause & 0x08:
        details.append("autocutter error")
    if error_cause & 0x20:
        details.append("unrecoverable error")
    if error_cause & 0x40:
        details.append("auto-recoverable error (head temperature?)")
    return PrinterStatus(
        online=not printer & 0x08,
        paper=paper_state,
        cover_open=bool(cause & 0x04),
        error=bool(cause & 0x40),
        detail=", ".join(details) or ("offline" if printer & 0x08 else ""),
    )
