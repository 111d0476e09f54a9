"""Helpers for gateway tests: start the real gateway, a fault-injecting HTTP proxy, dossiers.

The proxy sits between the kiosk's HTTP adapter and the gateway and, per request, either passes
it on or injects one fault: answer 500 without forwarding, hold the request until the client
times out, or forward it (the gateway commits) and then drop the connection before the reply —
the "accepted but the answer was lost" case.
"""

from __future__ import annotations

import hashlib
import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from gateway.auth import TokenBook
from gateway.server import GatewayConfig, GatewayServer
from kiosk.ports.clock import Clock, SystemClock
from kiosk.ports.portal import ConsentRecord, DossierSubmission
from kiosk.services.portal_local.registry import Registry, metadata
from kiosk.services.portal_local.working_days import WorkingDayCalendar
from kiosk.store.db import make_engine

KIOSK_ID = "kiosk-test-01"
TOKEN = "t0ken-for-kiosk-test-01-5b2f9c"
OTHER_KIOSK, OTHER_TOKEN = "kiosk-test-02", "another-token-for-kiosk-02-aa1"
UNIT = "000.00.12.H29"


def pdf_bytes(size: int, seed: int = 0) -> bytes:
    """A stand-in PDF of `size` bytes (the gateway checks the %PDF- magic and the checksum)."""
    head = b"%PDF-1.4\n% kiosk test paper\n"
    block = bytes((seed + i) % 251 for i in range(4096))
    body = (block * (size // len(block) + 1))[: max(0, size - len(head) - 6)]
    return head + body + b"\n%%EOF"


def submission(
    local_id: str, *, name: str = "Trần Thị Bình", paper_kb: int = 8
) -> DossierSubmission:
    at = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    return DossierSubmission(
        local_id=local_id,
        procedure_code="1.001193",
        fields={"ho_ten_con": name, "ngay_sinh_con": "2026-11-20"},
        attachments={"giay_chung_sinh": pdf_bytes(paper_kb * 1024)},
        kiosk_id=KIOSK_ID,
        submitted_at=at,
        identity_source="chip",
        consent=ConsentRecord("consent.dossier.v1", at, ("dg1", "dg13")),
        processing_days=3,
    )


def token_file(folder: Path) -> Path:
    path = folder / "gateway-tokens"
    path.write_text(f"# test tokens\n{KIOSK_ID} {TOKEN}\n{OTHER_KIOSK} {OTHER_TOKEN}\n")
    return path


@contextmanager
def running_gateway(
    db_url: str,
    *,
    clock: Clock | None = None,
    max_body_bytes: int = 64 * 1024 * 1024,
    tls: Any = None,
    port: int = 0,
    fresh: bool = True,
) -> Iterator[GatewayServer]:
    """The real gateway (stdlib HTTP server + register) on 127.0.0.1 (a free port by default).

    `fresh` drops the register's tables first: the PostgreSQL peer lives for the whole run.
    """
    engine = make_engine(db_url)
    if fresh:
        metadata.drop_all(engine)
    registry = Registry(engine, clock or SystemClock(), UNIT, WorkingDayCalendar())
    registry.create_schema()
    tokens = TokenBook(
        {
            KIOSK_ID: hashlib.sha256(TOKEN.encode()).digest(),
            OTHER_KIOSK: hashlib.sha256(OTHER_TOKEN.encode()).digest(),
        }
    )
    server = GatewayServer(
        ("127.0.0.1", port), registry, GatewayConfig(tokens, max_body_bytes=max_body_bytes), tls
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()
        engine.dispose()


class FaultProxy:
    """An HTTP proxy on 127.0.0.1 that injects faults: `plan(*modes)` queues one mode per
    request ("pass", "500", "hang", "drop_reply", "refuse"); when the queue is empty it passes.
    `hold` is released by `release_hung()` (or at stop) so no thread outlives the test."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._modes: list[str] = []
        self._lock = threading.Lock()
        self._released = threading.Event()
        self.seen: list[str] = []  # the mode applied to each request, in order
        self.request_seen = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                proxy._handle(self)

            do_POST = do_GET

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def plan(self, *modes: str) -> None:
        with self._lock:
            self._modes.extend(modes)

    def release_hung(self) -> None:
        self._released.set()

    def stop(self) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()

    def _next(self) -> str:
        with self._lock:
            mode = self._modes.pop(0) if self._modes else "pass"
            self.seen.append(mode)
        self.request_seen.set()
        return mode

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else None
        mode = self._next()
        h.close_connection = True
        if mode == "500":
            self._reply(h, 500, b'{"error":"internal","reason":"injected"}')
            return
        if mode == "hang":
            self._released.wait(60)
            return
        if mode == "refuse":  # as if the connection broke before any byte of a reply
            return
        upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=60)
        try:
            headers = {
                k: v for k, v in h.headers.items() if k.lower() not in ("host", "connection")
            }
            upstream.request(h.command, h.path, body=body, headers=headers)
            response = upstream.getresponse()
            payload = response.read()
        finally:
            upstream.close()
        if mode == "drop_reply":  # the gateway committed; the kiosk never hears of it
            return
        self._reply(h, response.status, payload)

    @staticmethod
    def _reply(h: BaseHTTPRequestHandler, status: int, payload: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(payload)))
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(payload)


def register_database(postgres_url: str) -> str:
    """A database of its own for the ward register on the run's PostgreSQL server, so the
    kiosk store's no-drift check on `postgres_url` never sees the register's tables."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    with psycopg.connect(
        host=url.host, port=url.port, user=url.username, dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = 'ward_register'"
        ).fetchone()
        if exists is None:
            conn.execute("CREATE DATABASE ward_register")
    return url.set(database="ward_register").render_as_string(hide_password=False)
