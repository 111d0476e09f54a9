"""`kiosk diag [--json] [--config FILE] [--listen-s N] [--scan] [--print-test]`.

Checks every configured device through its port (the adapter the settings pick, built by
kiosk.wiring) and prints one line a device, or one JSON document. Exit 0 when every device is
healthy, 1 when any is not, 2 for a bad argument or settings file.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TextIO

from kiosk import paths, wiring
from kiosk.domain.devices import HealthReport, HealthState
from kiosk.ports.card_reader import BacKey
from kiosk.ports.clock import SystemClock
from kiosk.services.diagnostics import selftests
from kiosk.services.diagnostics.report import DiagReport, render_text, to_json
from kiosk.services.diagnostics.runner import Outcome, Probe, run_probes
from kiosk.services.diagnostics.system import system_info
from kiosk.services.diagnostics.where import print_practice, where
from kiosk.settings import schema
from kiosk.settings.loader import ConfigError, load_settings
from kiosk.settings.summary import device_adapters

EXIT_HEALTHY = 0
EXIT_UNHEALTHY = 1
EXIT_USAGE = 2


def register(subparsers: Any) -> None:
    diag = subparsers.add_parser("diag", help="check every configured device (technician)")
    diag.add_argument("--json", action="store_true", help="one JSON document instead of lines")
    diag.add_argument("--config", type=Path, help="settings file (default: config/kiosk.toml)")
    diag.add_argument(
        "--listen-s", type=_seconds, default=10.0, help="how long to listen for QR scans (10)"
    )
    card = diag.add_mutually_exclusive_group()
    card.add_argument("--test-card-qr", metavar="TEXT", help="test card's QR: also try a BAC read")
    card.add_argument(
        "--test-card-mrz", metavar="LINES", help="test card's 3 MRZ lines: also try a BAC read"
    )
    diag.add_argument("--scan", action="store_true", help="scan one page (size and dpi only)")
    diag.add_argument("--print-test", action="store_true", help="print a test receipt")
    diag.add_argument(
        "--timeout-s", type=_seconds, default=20.0, help="longest a device's check may take (20)"
    )
    diag.set_defaults(handler=handle)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError("seconds must be within 0..600")
    return value


def main(argv: list[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    try:
        args = parser.parse_args(["diag", *(sys.argv[1:] if argv is None else argv)])
    except SystemExit as exc:  # argparse exits 2 on bad arguments: keep that code
        return int(exc.code or 0)
    return handle(args, out)


def handle(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    config: Path = args.config or paths.default_settings_file()
    try:
        settings = load_settings(config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_USAGE
    missing = wiring.unavailable_adapters(settings)
    if missing:
        print("; ".join(missing), file=sys.stderr)
        return EXIT_USAGE
    try:
        keys = _test_card_keys(args)
    except ValueError as exc:
        print(f"kiosk diag: {exc}", file=sys.stderr)
        return EXIT_USAGE
    probes = build_probes(settings, args, keys)
    report = DiagReport(
        system=system_info(config, paths.data_dir() if paths.data_dir().exists() else Path("/")),
        devices=run_probes(probes),
    )
    out.write(to_json(report) + "\n" if args.json else render_text(report))
    return EXIT_HEALTHY if report.healthy else EXIT_UNHEALTHY


def _test_card_keys(args: argparse.Namespace) -> list[BacKey]:
    qr, mrz = getattr(args, "test_card_qr", None), getattr(args, "test_card_mrz", None)
    if qr is None and mrz is None:
        return []
    from devices.pcsc_card.cli import CardCommandError, keys_from

    try:
        return [key for _, key in keys_from(qr, mrz, date.today())]
    except CardCommandError as exc:  # its message names the field, never echoes the card's data
        raise ValueError(str(exc)) from exc


def build_probes(
    settings: schema.Settings, args: argparse.Namespace, keys: list[BacKey] | None = None
) -> list[Probe]:
    d, clock, timeout = settings.devices, SystemClock(), float(args.timeout_s)
    card, qr, scanner = d.card_reader, d.qr_source, d.document_scanner
    printer, voice, portal = d.receipt_printer, d.speaker, d.portal
    adapter = device_adapters(d)

    def card_test() -> Outcome:
        atr = None
        if isinstance(card, schema.PcscCardReader):
            from devices.diagnostics.card_atr import card_atr

            def atr() -> str | None:
                return card_atr(card.reader_match)

        return selftests.card_reader(
            wiring.card_reader_port(card, clock), atr=atr, bac_keys=keys or ()
        )

    def qr_test() -> Outcome:
        if isinstance(qr, schema.WedgeQr):  # a keyboard wedge types into the kiosk's window
            return Outcome(
                HealthReport(HealthState.NOT_READY, "a keyboard wedge is tested on the screen")
            )
        return selftests.qr_source(wiring.qr_source_port(qr, clock), listen_s=float(args.listen_s))

    def scanner_test() -> Outcome:
        built = wiring.document_scanner_port(scanner, clock)
        return selftests.document_scanner(built, scan=bool(args.scan))

    def printer_test() -> Outcome:
        built = wiring.receipt_printer_port(printer, clock)
        return selftests.receipt_printer(
            built, print_test=_print_test(settings) if args.print_test else None
        )

    def speaker_test() -> Outcome:
        return selftests.speaker(wiring.speaker_port(voice, clock))

    def portal_test() -> Outcome:
        return selftests.portal(wiring.portal_port(portal, settings, clock))

    listen_budget = timeout + float(args.listen_s)
    return [
        Probe("card_reader", adapter["card_reader"], _where(card), card_test, timeout),
        Probe("qr_source", adapter["qr_source"], _where(qr), qr_test, listen_budget),
        Probe(
            "document_scanner",
            adapter["document_scanner"],
            _where(scanner),
            scanner_test,
            timeout * 3,
        ),
        Probe(
            "receipt_printer",
            adapter["receipt_printer"],
            _where(printer),
            printer_test,
            timeout * 2,
        ),
        Probe("speaker", adapter["speaker"], _where(voice), speaker_test, timeout),
        Probe("portal", adapter["portal"], _where(portal), portal_test, timeout),
    ]


def _where(section: object) -> str:
    return where(section)


def _print_test(settings: schema.Settings) -> Any:
    return print_practice(settings, lambda: datetime.now(UTC))


if __name__ == "__main__":
    raise SystemExit(main())
