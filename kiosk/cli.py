"""`kiosk` command line. Kept light: it sits on the path to the first painted screen."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_CONFIG = 2


def _parser(with_tools: bool = True) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="Ward self-service kiosk")
    from kiosk import __version__  # a constant: no importlib.metadata on the way to `run`

    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the kiosk")
    run.add_argument("--simulate", action="store_true", help="use simulated devices for every port")
    run.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    run.add_argument("--config", type=Path, help="settings file (default: config/kiosk.toml)")

    cfg = sub.add_parser("config", help="settings tools")
    cfg_sub = cfg.add_subparsers(dest="config_command", required=True)
    check = cfg_sub.add_parser("check", help="validate a settings file")
    check.add_argument("file", type=Path)
    cfg_sub.add_parser("reference", help="print the settings reference (Markdown)")
    cfg_sub.add_parser(
        "hash-pin", help="read a staff/technician PIN on stdin, print its hash for the settings"
    )
    if with_tools:
        _register_tools(sub)
    return p


def _register_tools(sub: Any) -> None:
    """Technician tools that bring their own subcommands (each sets `handler`)."""
    from devices.diagnostics.cli import register as register_diag
    from devices.pcsc_card.cli import register as register_card
    from devices.sane_scanner.cli import register as register_scan
    from devices.tts.cli import register as register_say
    from gateway.cli import register as register_gateway
    from kiosk.services.identity.cli import register as register_identity
    from kiosk.services.procedures.cli import register as register_procedures
    from printing.cli import register as register_receipt

    register_identity(sub)
    register_card(sub)
    register_procedures(sub)
    register_gateway(sub)
    register_receipt(sub)
    register_say(sub)
    register_scan(sub)
    register_diag(sub)
    from kiosk.app import register_out_of_service

    register_out_of_service(sub)
    qr = sub.add_parser("qr", help="QR scanner and decoder tools")
    qr_sub = qr.add_subparsers(dest="qr_command", required=True)
    from devices.qr_camera.cli import register_decode
    from devices.qr_serial.cli import register_listen

    register_decode(qr_sub)
    register_listen(qr_sub)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `run` is on the path to the first painted screen: skip importing the technician tools.
    args = _parser(with_tools=argv[:1] != ["run"]).parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is not None:
        return int(handler(args))
    if args.command == "run":
        from kiosk.app import run

        return run(config=args.config, simulate=args.simulate, windowed=args.windowed)
    if args.config_command == "check":
        return config_check(args.file)
    if args.config_command == "hash-pin":
        return hash_pin()
    from kiosk.settings.reference import render_reference

    sys.stdout.write(render_reference())
    return EXIT_OK


def config_check(file: Path) -> int:
    from kiosk import paths
    from kiosk.app import icon_names
    from kiosk.services.procedures.catalogue import load_catalogue
    from kiosk.settings.loader import ConfigError, load_settings
    from kiosk.settings.summary import summarize
    from kiosk.wiring import unavailable_adapters

    try:
        settings = load_settings(file)
        load_catalogue(paths.config_dir() / "procedures", icons=icon_names())
    except ConfigError as exc:
        return _report(file, [str(p) for p in exc.problems])
    missing = unavailable_adapters(settings)
    if missing:
        return _report(file, [f"{file}: {m}" for m in missing])
    print(f"{file}: OK — {summarize(settings)}")
    return EXIT_OK


def hash_pin() -> int:
    """A technician sets a PIN without it ever being written down in the settings file."""
    from kiosk.pins import PinError, hash_pin

    if sys.stdin.isatty():
        import getpass

        pin = getpass.getpass("PIN (6-12 digits): ")
        if getpass.getpass("PIN again: ") != pin:
            print("the two PINs differ; nothing was hashed", file=sys.stderr)
            return EXIT_CONFIG
    else:
        pin = sys.stdin.readline().rstrip("\n")
    try:
        print(hash_pin(pin))
    except PinError as exc:
        print(f"bad PIN: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


def _report(file: Path, problems: list[str]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{file}: {len(problems)} problem(s); the kiosk will not start", file=sys.stderr)
    return EXIT_CONFIG


if __name__ == "__main__":
    raise SystemExit(main())
