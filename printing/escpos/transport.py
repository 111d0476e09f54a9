"""python-escpos printer objects from the settings: serial, USB, TCP 9100, file.

The library's own transports are used as they are (design §2); this only parses the `target`
string. python-escpos profile: "default" unless the settings name one; the media width is set
to the paper's dots so python-escpos checks image widths against the paper we lay out for.
"""

from __future__ import annotations

import copy
import socket
from typing import Any, Literal

from escpos.escpos import Escpos

Connection = Literal["usb", "serial", "network", "file"]


def parse_network_target(target: str) -> tuple[str, int]:
    host, sep, port = target.rpartition(":")
    if not sep:
        return target, 9100
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"bad TCP port in {target!r}")
    return host.strip("[]"), int(port)


def parse_usb_target(target: str) -> tuple[int, int]:
    vendor, _, product = target.partition(":")
    try:
        return int(vendor, 16), int(product, 16)
    except ValueError:
        raise ValueError(
            f"USB target is vendor:product in hex, e.g. 0x04b8:0x0202, not {target!r}"
        ) from None


def make_printer(
    connection: Connection,
    target: str,
    *,
    dots: int,
    profile: str | None = None,
    timeout_s: float = 5.0,
    baudrate: int = 19200,
) -> Escpos:
    """A python-escpos printer, not yet connected (python-escpos opens on first use)."""
    kwargs: dict[str, Any] = {"profile": profile or "default"}
    printer: Escpos
    if connection == "network":
        from escpos.printer import Network

        host, port = parse_network_target(target)
        printer = Network(host, port, timeout=timeout_s, **kwargs)
    elif connection == "serial":
        from escpos.printer import Serial

        printer = Serial(target, baudrate=baudrate, timeout=timeout_s, **kwargs)
    elif connection == "usb":
        from escpos.printer import Usb

        vendor, product = parse_usb_target(target)
        printer = Usb(vendor, product, timeout=int(timeout_s * 1000), **kwargs)
    elif connection == "file":
        from escpos.printer import File

        printer = File(target, **kwargs)
    else:
        raise ValueError(f"unknown connection {connection!r}")
    set_media_width(printer, dots)
    return printer


def set_media_width(printer: Escpos, dots: int) -> None:
    data = copy.deepcopy(printer.profile.profile_data)
    data.setdefault("media", {}).setdefault("width", {})["pixels"] = dots
    printer.profile.profile_data = data


def connect(printer: Escpos) -> None:
    """Open the printer's connection.

    # WORKAROUND: python-escpos 3.1 Network.open() drops the socket of a failed connect
    # without closing it (a ResourceWarning per attempt, every retry of a kiosk whose printer
    # is off); related: https://github.com/python-escpos/python-escpos/issues/303. For TCP we
    # connect with socket.create_connection, which closes its socket on failure, and hand the
    # connected socket to python-escpos, which then sends and reads through it as usual.
    """
    from escpos.printer import Network

    if isinstance(printer, Network):
        sock = socket.create_connection((printer.host, printer.port), timeout=printer.timeout)
        printer.device = sock
        return
    printer.open()


def ask_status(printer: Escpos, request: bytes) -> bytes:
    """Send one real-time status request and read its one-byte answer.

    python-escpos's Serial reads status with read(16), which on a serial line waits the whole
    timeout for 15 bytes that never come (pyserial's posix read ignores inter_byte_timeout):
    three requests would cost three timeouts. A DLE EOT answer is one byte, so serial reads one.
    """
    from escpos.printer import Serial

    if isinstance(printer, Serial):
        printer._raw(request)
        device = printer.device
        assert device is not None
        reply: bytes = device.read(1)
        return reply
    answer: bytes = printer.query_status(request)
    return answer
