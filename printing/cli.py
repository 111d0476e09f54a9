"""`kiosk receipt render` and `kiosk print-test`: receipts for technicians and for checking.

    kiosk receipt render --json FILE --format escpos|pdf|png --out FILE
                         [--width 58|80] [--large] [--page A5|A4] [--raster-qr]
    kiosk print-test [--config FILE] [--connection usb|serial|network|file --target T]
                     [--width 58|80] [--large] [--raster-qr] [--profile NAME]

The JSON is the Receipt model (kiosk/domain/receipt.py); `"practice": true` renders a practice
receipt (banner at top and bottom, QR with `tap=1`).

Exit codes: 0 done (print-test: printed and confirmed by the printer); 1 the printer could not
print or did not confirm; 2 bad input (the message names the JSON key or the setting).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from kiosk.domain.receipt import Receipt, ReceiptError, decode_receipt_json
from kiosk.prompts import PromptCatalogue, load_prompts

EXIT_OK, EXIT_PRINTER, EXIT_INPUT = 0, 1, 2


def _prompts() -> PromptCatalogue:
    from kiosk import paths

    return load_prompts(paths.prompts_file() / "receipt.toml")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_INPUT


def handle_render(args: argparse.Namespace) -> int:
    from printing.receipt import build_layout, render_pdf, render_raster

    try:
        data = Path(args.json).read_bytes()
    except OSError as exc:
        return _fail(f"cannot read {args.json}: {exc.strerror or exc}")
    try:
        receipt = decode_receipt_json(data)
    except ReceiptError as exc:
        return _fail(f"{args.json}: {exc}")
    layout = build_layout(receipt, _prompts())
    out = Path(args.out)
    if args.format == "pdf":
        payload = render_pdf(layout, args.page, large=args.large)
    else:
        rendered = render_raster(
            layout,
            args.width,
            large=args.large,
            native_qr=args.format == "escpos" and not args.raster_qr,
        )
        if args.format == "png":
            import io

            buffer = io.BytesIO()
            rendered.image.save(buffer, format="PNG")
            payload = buffer.getvalue()
        else:
            from printing.escpos import receipt_bytes

            payload = receipt_bytes(rendered)
    try:
        out.write_bytes(payload)
    except OSError as exc:
        return _fail(f"cannot write {out}: {exc.strerror or exc}")
    print(f"{out}: {args.format}, {len(payload)} bytes")
    return EXIT_OK


def sample_receipt(ward: str, kiosk_id: str) -> Receipt:
    """A receipt with no one's data on it, dated now."""
    from datetime import datetime

    now = datetime.now().astimezone().replace(microsecond=0)
    return Receipt(
        dossier_code=f"TEST-{now:%y%m%d}-0000",
        procedure_code="1.004222",
        procedure_name="Bản in thử máy in",
        applicant_name="Bản in thử — Kiểm tra dấu: ă â đ ê ô ơ ư ạ ả ã ấ ầ ẩ ẫ ậ ế ệ ổ ỡ ự",
        applicant_id="000000000000",
        submitted_at=now,
        appointment_date=(now + timedelta(days=1)).date(),
        fee_vnd=0,
        ward_name=ward,
        kiosk_id=kiosk_id,
        papers_received=("Không có",),
    )


def handle_print_test(args: argparse.Namespace) -> int:
    from kiosk import paths
    from kiosk.ports.receipt_printer import PrinterError
    from kiosk.settings.loader import ConfigError, load_settings
    from kiosk.settings.schema import EscposPrinter, default_settings
    from printing.escpos import EscposReceiptPrinter
    from printing.receipt.raster import PaperWidth

    config = Path(args.config) if args.config else paths.default_settings_file()
    try:
        settings = load_settings(config) if config.is_file() or args.config else default_settings()
    except ConfigError as exc:
        return _fail("; ".join(str(p) for p in exc.problems))
    section: Any = settings.devices.receipt_printer
    if args.connection or args.target:
        if not (args.connection and args.target):
            return _fail("give --connection and --target together")
        connection, target = args.connection, args.target
        width = args.width or 80
    elif isinstance(section, EscposPrinter):
        connection, target = section.connection, section.target
        width = args.width or (58 if section.paper_width_mm < 70 else 80)
    else:
        return _fail(
            f"{config}: devices.receipt_printer is simulated; set adapter = 'escpos' "
            "or give --connection and --target"
        )
    paper: PaperWidth = 58 if width == 58 else 80
    printer = EscposReceiptPrinter(
        connection,
        target,
        _prompts(),
        paper_mm=paper,
        profile=args.profile or getattr(section, "profile", None) or None,
        native_qr=not args.raster_qr and getattr(section, "native_qr", True),
        timeout_s=args.timeout,
    )
    printer.open()
    print(f"printer {connection} {target}: {printer.health().state} {printer.health().detail}")
    try:
        result = printer.print_receipt(
            sample_receipt(settings.kiosk.ward, settings.kiosk.id), large=args.large
        )
    except PrinterError as exc:
        print(f"NOT PRINTED ({type(exc).__name__}): {exc}")
        if type(exc).__name__ == "PrintNotConfirmed":
            print("the job may have been sent, but it was not confirmed by the printer")
        return EXIT_PRINTER
    finally:
        printer.close()
    status = result.status_after
    warning = " (paper near end: change the roll soon)" if result.paper_near_end else ""
    print(f"printed and confirmed: {result.height_px} rows; paper {status.paper}{warning}")
    return EXIT_OK


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    receipt = sub.add_parser("receipt", help="dossier receipt tools")
    receipt_sub = receipt.add_subparsers(dest="receipt_command", required=True)
    render = receipt_sub.add_parser("render", help="render a receipt from its JSON data")
    render.add_argument("--json", required=True, metavar="FILE", help="the receipt's data")
    render.add_argument("--format", required=True, choices=("escpos", "pdf", "png"))
    render.add_argument("--out", required=True, metavar="FILE")
    render.add_argument("--width", type=int, choices=(58, 80), default=80, help="paper, mm")
    render.add_argument("--large", action="store_true", help="the big-type layout")
    render.add_argument("--page", choices=("A5", "A4"), default="A5", help="PDF page size")
    render.add_argument("--raster-qr", action="store_true", help="escpos: QR in the raster")
    render.set_defaults(handler=handle_render)

    test = sub.add_parser("print-test", help="print a test receipt and report the printer status")
    test.add_argument("--config", metavar="FILE", help="settings (default: config/kiosk.toml)")
    test.add_argument("--connection", choices=("usb", "serial", "network", "file"))
    test.add_argument("--target", help="0x04b8:0x0202, /dev/ttyUSB0, 192.0.2.10:9100, a file")
    test.add_argument("--width", type=int, choices=(58, 80))
    test.add_argument("--large", action="store_true")
    test.add_argument("--raster-qr", action="store_true", help="QR in the raster, not GS ( k")
    test.add_argument("--profile", help="python-escpos printer profile, e.g. TM-T20II")
    test.add_argument("--timeout", type=float, default=5.0, help="seconds per request")
    test.set_defaults(handler=handle_print_test)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
