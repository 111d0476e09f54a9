"""`kiosk procedures list [--json]` and `kiosk procedures check`: the catalogue for technicians.

`list --json` prints one object per procedure (id, national code, Vietnamese name, group, fee,
processing days, required papers …) for checks and for comparing with a ward's published list.
Exit 0; exit 2 when the catalogue does not validate (every problem on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from kiosk.domain.procedure import Procedure
from kiosk.services.procedures.catalogue import Catalogue, load_catalogue, qr_payload
from kiosk.settings.loader import ConfigError

EXIT_OK = 0
EXIT_CONFIG = 2


def register(subparsers: Any) -> None:
    """Add `procedures list|check` to the `kiosk` command's subparsers."""
    procedures = subparsers.add_parser("procedures", help="procedure catalogue tools")
    sub = procedures.add_subparsers(dest="procedures_command", required=True)
    listing = sub.add_parser("list", help="print the procedure catalogue")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument(
        "--folder", type=Path, help="catalogue folder (default: config/procedures)"
    )
    listing.set_defaults(handler=handle_list)
    check = sub.add_parser("check", help="validate the procedure files")
    check.add_argument("folder", type=Path, nargs="?", help="default: config/procedures")
    check.set_defaults(handler=handle_check)


def handle_list(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    catalogue = _load(args.folder)
    if catalogue is None:
        return EXIT_CONFIG
    rows = [describe(p) for p in catalogue.all()]
    if args.json:
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(table(rows))
    return EXIT_OK


def handle_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    catalogue = _load(args.folder)
    if catalogue is None:
        return EXIT_CONFIG
    (out or sys.stdout).write(f"{len(catalogue.all())} procedures OK\n")
    return EXIT_OK


def describe(p: Procedure) -> dict[str, Any]:
    return {
        "id": p.id,
        "national_code": p.national_code,
        "name": p.name,
        "short_name": p.short_name,
        "group": p.group.value,
        "agency": p.agency,
        "fee": {
            "amount_vnd": p.fee.amount_vnd,
            "per_page_vnd": p.fee.per_page_vnd,
            "max_vnd": p.fee.max_vnd,
            "note": p.fee.note,
        },
        "processing_days": p.processing_days,
        "papers": [
            {"id": x.id, "name": x.name, "optional": x.optional, "note": x.note} for x in p.papers
        ],
        "fields": [f.id for f in p.fields],
        "devices": list(p.devices),
        "linked": list(p.linked),
        "qr": qr_payload(p),
        "unverified": list(p.source.unverified) if p.source else [],
    }


def table(rows: Sequence[dict[str, Any]]) -> str:
    """Aligned columns; the papers (the longest) last."""
    lines = [("CODE", "ID", "GROUP", "FEE VND", "DAYS", "NAME", "PAPERS")]
    for r in rows:
        papers = "; ".join(
            x["name"] + (" (tùy trường hợp)" if x["optional"] else "") for x in r["papers"]
        )
        fee = str(r["fee"]["amount_vnd"]) + ("/trang" if r["fee"]["per_page_vnd"] else "")
        code = r["national_code"] or "-"
        days = str(r["processing_days"])
        lines.append((code, r["id"], r["group"], fee, days, r["short_name"], papers))
    widths = [max(len(line[i]) for line in lines) for i in range(6)]
    out = ["  ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=False)), line[6]])
           for line in lines]  # fmt: skip
    return "\n".join(x.rstrip() for x in out) + "\n"


def _load(folder: Path | None) -> Catalogue | None:
    try:
        return load_catalogue(folder)
    except ConfigError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["procedures", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
