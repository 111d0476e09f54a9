"""`kiosk identity parse-qr`: masked output, typed error with exit 2."""

from __future__ import annotations

import argparse
import io
import json

from devices.simulated.citizens import BA_LAN
from kiosk.services.identity.cli import handle_parse_qr, mask, parse_qr_command, register


def parse_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(list(argv))


def test_json_output_masks_the_ids() -> None:
    out = io.StringIO()
    args = parse_args("identity", "parse-qr", BA_LAN.card_qr, "--json")
    assert args.handler is handle_parse_qr
    assert handle_parse_qr(args, out) == 0
    body = json.loads(out.getvalue())
    assert body["id_number"] == "••••••••4321"
    assert body["old_id"] == "•••••4567"
    assert body["full_name"] == "Nguyễn Thị Lan"
    assert body["birth_date"] == "1950-03-15" and body["variant"] == "cccd_2021"
    assert BA_LAN.id_number not in out.getvalue() and BA_LAN.old_id_number not in out.getvalue()


def test_text_output() -> None:
    out = io.StringIO()
    assert parse_qr_command(BA_LAN.card_qr, as_json=False, out=out) == 0
    assert "••••••••4321" in out.getvalue() and BA_LAN.id_number not in out.getvalue()


def test_bad_qr_is_a_typed_error_with_exit_2() -> None:
    out = io.StringIO()
    assert handle_parse_qr(parse_args("identity", "parse-qr", "hello", "--json"), out) == 2
    body = json.loads(out.getvalue())
    assert body["error"] == "qr_not_a_card" and body["prompt_id"] == "identity.qr_not_a_card"


def test_mask() -> None:
    assert mask(None) is None and mask("123") == "123" and mask("12345") == "•2345"
