"""`kiosk card read --json [--qr TEXT | --mrz LINES] [--reader NAME] [--csca DIR]`, for technicians.

Reads the chip in the first matching PC/SC reader with the BAC key taken from the card's QR (every
expiry candidate, most likely first) or from the MRZ on its back, and prints the identity with the
ID masked but its last four digits, the passive-authentication verdict, APDU count and time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from devices.pcsc_card.adapter import DEFAULT_GROUPS, PcscCardReader
from kiosk.domain.devices import DeviceError
from kiosk.domain.identity import CitizenIdentity
from kiosk.ports.card_reader import AccessDenied, BacKey, CardRemoved, ChipData
from kiosk.ports.clock import Clock, SystemClock
from kiosk.services.identity.assemble import identity_from_chip
from kiosk.services.identity.bac_keys import bac_key_candidates, bac_key_from_mrz
from kiosk.services.identity.card_qr import parse_card_qr
from kiosk.services.identity.cli import mask
from kiosk.services.identity.errors import IdentityError
from kiosk.services.identity.mrz import parse_td1

EXIT_OK = 0
EXIT_FAILED = 2


class CardCommandError(Exception):
    """What the technician is told, in English, before exit 2."""


def register(subparsers: Any) -> None:
    """Add `card read` to the `kiosk` command's subparsers."""
    card = subparsers.add_parser("card", help="chip ID card (CCCD) tools")
    sub = card.add_subparsers(dest="card_command", required=True)
    read = sub.add_parser("read", help="read the chip in the card reader (ICAO 9303 BAC)")
    source = read.add_mutually_exclusive_group(required=True)
    source.add_argument("--qr", metavar="TEXT", help="the card's QR text: BAC key from it")
    source.add_argument(
        "--mrz", metavar="LINES", help="the 3 MRZ lines from the back (newlines or '\\n' between)"
    )
    read.add_argument("--reader", default="", help="part of the reader name (default: first)")
    read.add_argument("--csca", type=Path, help="folder of trusted CSCA certificates")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.set_defaults(handler=handle_card_read)


def handle_card_read(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    clock = SystemClock()
    try:
        keys = keys_from(args.qr, args.mrz, clock.now().date())
        body = read_card(keys, args.reader, args.csca, clock)
    except CardCommandError as error:
        print(f"kiosk card read: {error}", file=sys.stderr)
        if args.json:
            out.write(json.dumps({"error": str(error)}) + "\n")
        return EXIT_FAILED
    if args.json:
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        for key, value in body.items():
            out.write(f"{key}: {value}\n")
    return EXIT_OK


def keys_from(qr: str | None, mrz: str | None, today: date) -> Sequence[tuple[str, BacKey]]:
    """(where from, key) pairs to try in order."""
    if qr is not None:
        card_qr = parse_card_qr(qr)
        if isinstance(card_qr, IdentityError):
            raise CardCommandError(f"the QR text is not a valid card QR ({card_qr.detail})")
        return [("card_qr", key) for key in bac_key_candidates(card_qr, today)]
    if mrz is not None:
        parsed = parse_td1(mrz.replace("\\n", "\n"))
        if isinstance(parsed, IdentityError):
            raise CardCommandError(f"the MRZ is not a valid TD1 MRZ ({parsed.detail})")
        return [("mrz", bac_key_from_mrz(parsed))]
    raise CardCommandError("give --qr or --mrz: the chip opens only with a BAC key")


def read_card(
    keys: Sequence[tuple[str, BacKey]], reader_match: str, csca: Path | None, clock: Clock
) -> dict[str, Any]:
    if csca is not None and not csca.is_dir():
        raise CardCommandError(f"--csca {csca} is not a folder")
    reader = PcscCardReader(reader_match, clock=clock, csca_dir=csca)
    started = time.perf_counter()
    apdus = 0
    try:
        reader.open()
        for attempt, (source, key) in enumerate(keys, start=1):
            try:
                chip = reader.read_chip(key, DEFAULT_GROUPS)
            except AccessDenied:
                apdus += reader.last_apdu_count
                continue
            except CardRemoved as error:
                raise CardCommandError(f"no card, or the card left the reader ({error})") from error
            except DeviceError as error:
                raise CardCommandError(str(error)) from error
            seconds = time.perf_counter() - started
            return _report(chip, source, attempt, len(keys), apdus + chip.apdu_count, seconds)
    finally:
        reader.close()
    raise CardCommandError(f"none of the {len(keys)} BAC keys opened the chip: wrong card?")


def _report(
    chip: ChipData, source: str, attempt: int, tried_of: int, apdus: int, seconds: float
) -> dict[str, Any]:
    identity = identity_from_chip(chip)
    return {
        "identity": _identity(identity) if isinstance(identity, CitizenIdentity) else None,
        "identity_error": None if isinstance(identity, CitizenIdentity) else identity.detail,
        "groups": sorted(chip.data_groups),
        "passive_auth": chip.passive_auth.value,
        "bac_key_from": source,
        "bac_key_attempt": f"{attempt} of {tried_of}",
        "apdu_count": apdus,
        "seconds": round(seconds, 3),
    }


def _identity(identity: CitizenIdentity) -> dict[str, Any]:
    fields = asdict(identity)
    fields["id_number"] = mask(identity.id_number)
    fields["old_id_number"] = mask(identity.old_id_number)
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in fields.items()}
