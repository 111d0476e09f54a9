"""`kiosk gateway serve|status|set-status`: run the reference gateway, look after its register.

    kiosk gateway serve --db postgresql+psycopg://ward@db/ward --token-file /etc/ward/tokens \
        --unit-code 000.00.12.H29 [--host 0.0.0.0 --port 8443 --tls-cert C --tls-key K]
"""

from __future__ import annotations

import argparse
import logging
import signal
import ssl
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE, EXIT_NOT_FOUND = 0, 2, 1


def register(subparsers: Any) -> None:
    """Add `gateway` and its sub-commands to the `kiosk` command line."""
    gateway = subparsers.add_parser("gateway", help="the reference portal gateway (server side)")
    sub = gateway.add_subparsers(dest="gateway_command", required=True)

    serve = sub.add_parser("serve", help="serve the kiosk portal API over HTTP(S)")
    _db_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8780)
    serve.add_argument("--token-file", type=Path, required=True, help="kiosk_id token per line")
    serve.add_argument("--max-body-mb", type=float, default=64.0)
    serve.add_argument("--tls-cert", type=Path, help="PEM certificate chain (enables HTTPS)")
    serve.add_argument("--tls-key", type=Path, help="PEM private key of --tls-cert")
    serve.set_defaults(handler=_serve)

    status = sub.add_parser("status", help="print a dossier's status")
    _db_options(status)
    status.add_argument("dossier_code")
    status.set_defaults(handler=_status)

    move = sub.add_parser("set-status", help="move a dossier on (ward staff)")
    _db_options(move)
    move.add_argument("dossier_code")
    move.add_argument("status")
    move.set_defaults(handler=_set_status)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["gateway", *(sys.argv[1:] if argv is None else argv)])
    return int(args.handler(args))


def _db_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", default="sqlite:///ward-gateway.db", help="SQLAlchemy URL (PostgreSQL for a ward)"
    )
    parser.add_argument("--unit-code", default=None, help="unit code that starts dossier codes")


def _registry(args: argparse.Namespace) -> Any:
    from kiosk.ports.clock import SystemClock
    from kiosk.services.portal_local.registry import DEFAULT_UNIT_CODE, Registry
    from kiosk.services.portal_local.working_days import WorkingDayCalendar
    from kiosk.store.db import make_engine

    registry = Registry(
        make_engine(args.db),
        SystemClock(),
        args.unit_code or DEFAULT_UNIT_CODE,
        WorkingDayCalendar(),
    )
    registry.create_schema()
    return registry


def _serve(args: argparse.Namespace) -> int:
    from gateway.auth import TokenBook, TokenFileError
    from gateway.server import GatewayConfig, GatewayServer

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        tokens = TokenBook.from_file(args.token_file)
    except (OSError, TokenFileError) as exc:
        print(f"gateway: token file: {exc}", file=sys.stderr)
        return EXIT_USAGE
    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            print("gateway: --tls-cert and --tls-key go together", file=sys.stderr)
            return EXIT_USAGE
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.tls_cert, args.tls_key)
    config = GatewayConfig(tokens=tokens, max_body_bytes=int(args.max_body_mb * 1024 * 1024))
    server = GatewayServer((args.host, args.port), _registry(args), config, tls)
    stop = threading.Event()

    def on_signal(*_: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    server.start()
    scheme = "https" if tls else "http"
    # Tests and the bench wait for this line (with the real port when --port 0).
    print(f"gateway listening on {scheme}://{args.host}:{server.port}", flush=True)
    stop.wait()
    server.stop()
    server.registry.engine.dispose()
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    record = _registry(args).status(args.dossier_code)
    if record is None:
        print(f"no dossier {args.dossier_code}", file=sys.stderr)
        return EXIT_NOT_FOUND
    print(
        f"{record.dossier_code} {record.procedure_code} {record.status} "
        f"received {record.received_at:%Y-%m-%d %H:%M} appointment {record.appointment_date}"
    )
    return EXIT_OK


def _set_status(args: argparse.Namespace) -> int:
    try:
        _registry(args).set_status(args.dossier_code, args.status)
    except (LookupError, ValueError) as exc:
        print(f"gateway: {exc}", file=sys.stderr)
        return EXIT_NOT_FOUND if isinstance(exc, LookupError) else EXIT_USAGE
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
