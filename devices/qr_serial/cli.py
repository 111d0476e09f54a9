"""`kiosk qr listen [--port P --baud N --suffix S] [--config FILE]`: print scans, for technicians.

Each scan is one JSON line on stdout (payload, kind, raw bytes in hex); health changes of the
port (unplugged, back) go to stderr. Runs until Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from pathlib import Path
from typing import Any, TextIO

from devices.qr_serial.adapter import SerialQrSource
from devices.qr_serial.framing import SUFFIXES
from devices.qr_serial.payload_kind import describe
from kiosk.domain.devices import HealthReport
from kiosk.paths import default_settings_file
from kiosk.ports.qr_source import QrScan
from kiosk.settings.loader import ConfigError, load_settings
from kiosk.settings.schema import SerialQr

EXIT_OK = 0
EXIT_FAILED = 2


def register_listen(qr_sub: Any) -> None:
    """Add `listen` to the `kiosk qr` subparsers."""
    listen = qr_sub.add_parser("listen", help="print each scan from the serial QR scanner")
    listen.add_argument("--port", help="serial port, e.g. /dev/ttyACM0 (default: settings)")
    listen.add_argument("--baud", type=int, help="baud rate (default: settings, else 9600)")
    listen.add_argument("--suffix", choices=sorted(SUFFIXES), help="what ends a scan (default cr)")
    listen.add_argument("--config", type=Path, help="settings file (default: config/kiosk.toml)")
    listen.set_defaults(handler=handle_listen)


def scanner_options(args: argparse.Namespace) -> tuple[str, int, str]:
    """(port, baud, suffix) from the flags, falling back to the settings file's serial scanner."""
    port, baud, suffix = args.port, args.baud, args.suffix
    path = args.config or default_settings_file()
    if (port is None or baud is None or suffix is None) and (args.config or path.is_file()):
        section = load_settings(path).devices.qr_source
        if isinstance(section, SerialQr):
            port = section.port if port is None else port
            baud = section.baudrate if baud is None else baud
            suffix = getattr(section, "suffix", None) if suffix is None else suffix
    if not port:
        raise ValueError(
            "no serial scanner: give --port, or set [devices.qr_source] adapter = 'serial' "
            f"and port in {path}"
        )
    return port, 9600 if baud is None else baud, suffix or "cr"


def scan_line(scan: QrScan) -> str:
    body: dict[str, object] = {"payload": scan.payload, "kind": None}
    body.update(describe(scan.payload))
    body.update(raw_len=len(scan.raw), raw_hex=scan.raw.hex())
    return json.dumps(body, ensure_ascii=False)


def handle_listen(
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stop: threading.Event | None = None,
) -> int:
    out, err, stop = out or sys.stdout, err or sys.stderr, stop or threading.Event()
    try:
        port, baud, suffix = scanner_options(args)
        source = SerialQrSource(port, baud, suffix)  # type: ignore[arg-type]
    except ConfigError as error:
        print(f"kiosk qr listen: bad settings:\n{error}", file=err)
        return EXIT_FAILED
    except ValueError as error:
        print(f"kiosk qr listen: {error}", file=err)
        return EXIT_FAILED
    lock = threading.Lock()

    def on_scan(scan: QrScan) -> None:
        with lock:
            out.write(scan_line(scan) + "\n")
            out.flush()

    source.subscribe(on_scan)
    print(f"kiosk qr listen: {port} at {baud} baud, suffix {suffix}; Ctrl-C to stop", file=err)
    source.open()
    shown: HealthReport | None = None
    try:
        while not stop.wait(0.2):
            health = source.health()
            if health != shown:
                shown = health
                print(f"kiosk qr listen: {health.state} {health.detail}".rstrip(), file=err)
    except KeyboardInterrupt:
        pass  # Ctrl-C is how a technician ends it
    finally:
        source.close()
    return EXIT_OK
