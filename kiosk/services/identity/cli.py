"""`kiosk identity parse-qr TEXT [--json]`: what the kiosk reads from a card QR, for technicians."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from kiosk.services.identity.card_qr import CardQr, parse_card_qr
from kiosk.services.identity.errors import IdentityError

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def mask(number: str | None) -> str | None:
    """Every digit hidden but the last four (design §5), also in a technician's terminal."""
    if number is None:
        return None
    return "•" * max(0, len(number) - 4) + number[-4:]


def register(subparsers: Any) -> None:
    """Add `identity parse-qr` to the `kiosk` command's subparsers."""
    identity = subparsers.add_parser("identity", help="card identity tools")
    sub = identity.add_subparsers(dest="identity_command", required=True)
    parse_qr = sub.add_parser("parse-qr", help="parse the text of a CCCD / căn cước card QR")
    parse_qr.add_argument("text", help="the scanned QR text (quote it: it contains |)")
    parse_qr.add_argument("--json", action="store_true", help="print JSON")
    parse_qr.set_defaults(handler=handle_parse_qr)


def handle_parse_qr(args: argparse.Namespace, out: TextIO | None = None) -> int:
    return parse_qr_command(args.text, as_json=args.json, out=out or sys.stdout)


def _card(qr: CardQr) -> dict[str, Any]:
    return {
        "id_number": mask(qr.id_number),
        "old_id": mask(qr.old_id),
        "full_name": qr.full_name,
        "birth_date": qr.birth_date.isoformat(),
        "sex": qr.sex,
        "address": qr.address,
        "issue_date": qr.issue_date.isoformat(),
        "variant": str(qr.variant),
        "quirks": list(qr.quirks),
    }


def _error(error: IdentityError) -> dict[str, Any]:
    return {"error": str(error.code), "prompt_id": error.prompt_id, "detail": error.detail}


def parse_qr_command(text: str, *, as_json: bool, out: TextIO) -> int:
    result = parse_card_qr(text)
    body = _error(result) if isinstance(result, IdentityError) else _card(result)
    if as_json:
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        width = max(len(key) for key in body)
        for key, value in body.items():
            out.write(f"{key.ljust(width)}  {value}\n")
    return EXIT_BAD_INPUT if isinstance(result, IdentityError) else EXIT_OK
