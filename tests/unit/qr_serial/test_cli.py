"""`kiosk qr listen` option resolution and output lines (the live run is a peer test)."""

from __future__ import annotations

import argparse
import io
import json
import threading
from pathlib import Path

import pytest

from devices.qr_serial.cli import handle_listen, register_listen, scan_line, scanner_options
from kiosk.ports.qr_source import QrScan


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    register_listen(parser.add_subparsers(dest="qr_command", required=True))
    return parser.parse_args(["listen", *argv])


def settings_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(body, encoding="utf-8")
    return path


SERIAL = '[devices.qr_source]\nadapter = "serial"\nport = "/dev/ttyACM7"\nbaudrate = 115200\n'


def test_options_come_from_the_settings_file(tmp_path: Path) -> None:
    args = parse("--config", str(settings_file(tmp_path, SERIAL)))
    assert scanner_options(args) == ("/dev/ttyACM7", 115200, "cr")


def test_flags_override_the_settings_file(tmp_path: Path) -> None:
    args = parse("--config", str(settings_file(tmp_path, SERIAL)), "--baud", "9600")
    args.suffix = "crlf"
    assert scanner_options(parse("--port", "/dev/x", "--suffix", "lf", "--baud", "1200")) == (
        "/dev/x",
        1200,
        "lf",
    )
    assert scanner_options(args) == ("/dev/ttyACM7", 9600, "crlf")


def test_no_port_anywhere_is_exit_2_with_a_hint(tmp_path: Path) -> None:
    err = io.StringIO()
    args = parse("--config", str(settings_file(tmp_path, "")))
    assert handle_listen(args, io.StringIO(), err) == 2
    assert "--port" in err.getvalue()


def test_a_bad_settings_file_is_exit_2_naming_the_key(tmp_path: Path) -> None:
    err = io.StringIO()
    bad = '[devices.qr_source]\nadapter = "serial"\nport = "/dev/x"\nbaudrate = -5\n'
    assert handle_listen(parse("--config", str(settings_file(tmp_path, bad))), None, err) == 2
    assert "baudrate" in err.getvalue()


def test_a_bad_baud_flag_is_exit_2() -> None:
    err = io.StringIO()
    stop = threading.Event()
    stop.set()  # were the flag accepted, listen would end at once instead of hanging the test
    assert handle_listen(parse("--port", "/dev/x", "--baud", "0"), None, err, stop) == 2
    assert "baudrate" in err.getvalue()


def test_scan_line_is_json_with_kind_and_raw_hex() -> None:
    card = "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|Số 12 Ngõ 34|15062021"
    body = json.loads(scan_line(QrScan(card, card.encode(), "qr-serial:/dev/x")))
    assert body["payload"] == card and body["raw_hex"] == card.encode().hex()
    assert body["raw_len"] == len(card.encode())
    assert body["kind"] in (None, "card_qr")


@pytest.mark.parametrize("suffix", ["tab"])
def test_unknown_suffix_flag_is_refused_by_argparse(suffix: str) -> None:
    with pytest.raises(SystemExit):
        parse("--port", "/dev/x", "--suffix", suffix)
