"""`kiosk scan --out FILE.pdf [--device NAME] [--pages N]`: scan papers to one PDF, for
technicians checking a scanner (and its config) without the kiosk UI.

Pages go through the same packer the kiosk uses (`printing.paper_pdf`, contract 2). Exit 0 when
the PDF is written; exit 2 with one clear line on bad arguments, no scanner, or a failed scan
(pages scanned before a failure are still written, and the message says so).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from devices.sane_scanner.adapter import SaneDocumentScanner
from kiosk.ports.document_scanner import (
    ColourMode,
    ScanError,
    ScannedPage,
    ScanSettings,
    ScanSource,
)
from kiosk.ports.paper_packer import DEFAULT_MAX_BYTES, PaperPackError

EXIT_OK = 0
EXIT_FAILED = 2


class ScanCommandError(Exception):
    """What the technician is told, in English, before exit 2."""


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register(subparsers: Any) -> None:
    """Add `scan` to the `kiosk` command's subparsers."""
    scan = subparsers.add_parser("scan", help="scan papers from the SANE scanner into one PDF")
    scan.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help="PDF to write")
    scan.add_argument("--device", default="", help="SANE device name (default: the first)")
    scan.add_argument(
        "--pages",
        type=_positive,
        default=1,
        metavar="N",
        help="at most N pages; more than 1 scans from the document feeder",
    )
    scan.add_argument("--source", choices=[s.value for s in ScanSource], help="default: by --pages")
    scan.add_argument("--mode", choices=[m.value for m in ColourMode], default="colour")
    scan.add_argument("--dpi", type=_positive, default=200)
    scan.add_argument("--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES)
    scan.set_defaults(handler=handle_scan)


def handle_scan(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        message = scan_to_pdf(args)
    except ScanCommandError as error:
        print(f"kiosk scan: {error}", file=sys.stderr)
        return EXIT_FAILED
    out.write(message + "\n")
    return EXIT_OK


def scan_to_pdf(args: argparse.Namespace) -> str:
    target: Path = args.out
    if target.suffix.lower() != ".pdf":
        raise ScanCommandError(f"--out must name a .pdf file, got {str(target)!r}")
    if not target.parent.resolve().is_dir():
        raise ScanCommandError(f"folder {str(target.parent)!r} does not exist")
    source = ScanSource(args.source) if args.source else None
    if source is None:
        source = ScanSource.ADF if args.pages > 1 else ScanSource.FLATBED
    if source is ScanSource.FLATBED and args.pages > 1:
        raise ScanCommandError("the flatbed scans one page at a time; use --source adf")
    settings = ScanSettings(dpi=args.dpi, mode=ColourMode(args.mode), source=source)

    scanner = SaneDocumentScanner(args.device)
    scanner.open()
    failure: ScanError | None = None
    try:
        pages: Sequence[ScannedPage] = scanner.scan_pages(settings, max_pages=args.pages)
    except ScanError as error:
        failure, pages = error, error.pages
    finally:
        scanner.close()
    if not pages:
        assert failure is not None
        raise ScanCommandError(f"{type(failure).__name__}: {failure}")
    size, count, dpi = _write_pdf(pages, target, args.max_bytes)
    done = f"wrote {target}: {count} page(s), {size / 1024:.0f} KB, lowest {dpi} dpi"
    if failure is not None:
        raise ScanCommandError(f"{done}; then {type(failure).__name__}: {failure}")
    return done


def _write_pdf(pages: Sequence[ScannedPage], target: Path, max_bytes: int) -> tuple[int, int, int]:
    from printing.paper_pdf import Img2PdfPaperPacker

    try:
        packed = Img2PdfPaperPacker().pack(pages, max_bytes=max_bytes)
    except PaperPackError as error:
        raise ScanCommandError(f"could not pack the PDF: {error}") from error
    # write then rename: a half-written PDF is never left under the asked name
    fd, temp = tempfile.mkstemp(prefix=".scan-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(packed.pdf)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return packed.size_bytes, packed.pages, packed.min_effective_dpi


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m devices.sane_scanner.cli --out FILE.pdf …` (same as `kiosk scan …`)."""
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["scan", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
