"""The gateway's HTTP server: stdlib ThreadingHTTPServer over the ward register.

Why the standard library: a reference gateway for tests, demos and one ward PC needs four routes;
`http.server` is maintained with CPython, adds no dependency and no event loop, and a thread per
connection is plenty for a ward's few kiosks (bench/outbox.py measures it). Bodies are bounded
before they are read, decoded by msgspec against gateway.wire (unknown keys, wrong types →
4xx with a reason), and only then registered, in one transaction: a refused request stores
nothing.
"""

from __future__ import annotations

import hashlib
import logging
import re
import ssl
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import msgspec

from gateway import wire
from gateway.auth import TokenBook
from kiosk.services.portal_local.registry import (
    IncomingDossier,
    IncomingPaper,
    KeyReused,
    Registry,
)

log = logging.getLogger("gateway")

DEFAULT_MAX_BODY = 64 * 1024 * 1024  # 50 papers of ~1 MB, base64: far above a real dossier
_KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
_STATUS_PATH = re.compile(r"/v1/dossiers/([A-Za-z0-9._-]{1,64})")
_RATING_PATH = re.compile(r"/v1/dossiers/([A-Za-z0-9._-]{1,64})/rating")
_MAX_RATING_BODY = 1024
_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(wire.DossierIn)
_RATING_DECODER = msgspec.json.Decoder(wire.RatingIn)


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    tokens: TokenBook
    max_body_bytes: int = DEFAULT_MAX_BODY
    read_timeout_s: float = 30.0


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, error: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.error, self.reason = status, error, reason


class GatewayServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # close() must not wait for a stuck client

    def __init__(
        self,
        address: tuple[str, int],
        registry: Registry,
        config: GatewayConfig,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.registry = registry
        self.config = config
        super().__init__(address, _Handler)
        if tls is not None:
            # Handshake in the connection's thread, not in the accept loop.
            self.socket = tls.wrap_socket(
                self.socket, server_side=True, do_handshake_on_connect=False
            )
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> None:
        """Serve on a background thread (tests, bench); `serve_forever` for the CLI."""
        self._thread = threading.Thread(
            target=self.serve_forever, args=(0.05,), name="gateway", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(10)


class _Handler(BaseHTTPRequestHandler):
    server: GatewayServer
    protocol_version = "HTTP/1.1"
    server_version = "ward-gateway/1"

    def setup(self) -> None:
        super().setup()
        # A client that stops sending (slowloris, a dead kiosk) frees its thread after this.
        self.connection.settimeout(self.server.config.read_timeout_s)

    # --- routes -----------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._answer(self._get)

    def do_POST(self) -> None:
        self._answer(self._post)

    def do_PUT(self) -> None:
        self._answer(self._put)

    def do_DELETE(self) -> None:
        self._refuse_method()

    do_PATCH = do_DELETE

    def _get(self) -> tuple[HTTPStatus, Any]:
        if self.path == "/v1/health":
            return HTTPStatus.OK, wire.Health()
        match = _STATUS_PATH.fullmatch(self.path)
        if match is None:
            raise _Refused(HTTPStatus.NOT_FOUND, "not_found", "no such resource")
        self._kiosk()
        record = self.server.registry.status(match.group(1))
        if record is None:
            raise _Refused(HTTPStatus.NOT_FOUND, "unknown_dossier", "no dossier with this code")
        return HTTPStatus.OK, wire.DossierStatus(
            dossier_code=record.dossier_code,
            procedure_code=record.procedure_code,
            status=record.status,
            received_at=record.received_at,
            updated_at=record.updated_at,
            appointment_date=record.appointment_date,
        )

    def _post(self) -> tuple[HTTPStatus, Any]:
        if self.path != "/v1/dossiers":
            raise _Refused(HTTPStatus.NOT_FOUND, "not_found", "no such resource")
        kiosk = self._kiosk()
        key = self.headers.get("Idempotency-Key", "")
        if not _KEY.fullmatch(key):
            raise _Refused(
                HTTPStatus.BAD_REQUEST,
                "bad_idempotency_key",
                "Idempotency-Key header missing or not 8-64 letters, digits, '-' or '_'",
            )
        self._require_json()
        dossier = self._decode(self._body(self.server.config.max_body_bytes))
        if dossier.kiosk_id is not None and dossier.kiosk_id != kiosk:
            raise _Refused(HTTPStatus.FORBIDDEN, "wrong_kiosk", "kiosk_id does not match the token")
        papers = _checked_papers(dossier.papers)
        incoming = IncomingDossier(
            idempotency_key=key,
            kiosk_id=kiosk,
            procedure_code=dossier.procedure_code,
            fields=dossier.fields,
            papers=papers,
            processing_days=dossier.processing_days,
            submitted_at=dossier.submitted_at,
            identity_source=dossier.identity_source,
            consent=None if dossier.consent is None else msgspec.to_builtins(dossier.consent),
            rating=dossier.rating,
        )
        try:
            accepted = self.server.registry.accept(incoming)
        except KeyReused as exc:
            raise _Refused(HTTPStatus.CONFLICT, "idempotency_key_reused", str(exc)) from exc
        log.info(
            "dossier %s from %s %s",
            accepted.dossier_code,
            kiosk,
            "registered" if accepted.created else "replayed",
        )
        return (HTTPStatus.CREATED if accepted.created else HTTPStatus.OK), wire.DossierAccepted(
            dossier_code=accepted.dossier_code,
            idempotency_key=key,
            received_at=accepted.received_at,
            appointment_date=accepted.appointment_date,
            status=accepted.status,
            replayed=not accepted.created,
        )

    def _put(self) -> tuple[HTTPStatus, Any]:
        match = _RATING_PATH.fullmatch(self.path)
        if match is None:
            raise _Refused(HTTPStatus.NOT_FOUND, "not_found", "no such resource")
        kiosk = self._kiosk()
        self._require_json()
        body = self._body(_MAX_RATING_BODY)
        try:
            rating = _RATING_DECODER.decode(body)
        except msgspec.ValidationError as exc:
            raise _Refused(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_rating", str(exc)) from exc
        except msgspec.DecodeError as exc:
            raise _Refused(HTTPStatus.BAD_REQUEST, "malformed_json", str(exc)) from exc
        # Only the kiosk that submitted a dossier may rate it; others see no such dossier.
        if not self.server.registry.rate(match.group(1), rating.score, kiosk_id=kiosk):
            raise _Refused(HTTPStatus.NOT_FOUND, "unknown_dossier", "no dossier with this code")
        return HTTPStatus.OK, rating

    # --- checks -----------------------------------------------------------------------------

    def _require_json(self) -> None:
        content_type = self.headers.get("Content-Type", "")
        if content_type.split(";")[0].strip().lower() != "application/json":
            raise _Refused(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "not_json", "Content-Type must be JSON"
            )

    def _kiosk(self) -> str:
        kiosk = self.server.config.tokens.kiosk_for(self.headers.get("Authorization"))
        if kiosk is None:
            raise _Refused(HTTPStatus.UNAUTHORIZED, "bad_token", "missing or unknown bearer token")
        return kiosk

    def _body(self, limit: int) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise _Refused(
                HTTPStatus.LENGTH_REQUIRED, "length_required", "send Content-Length, not chunks"
            )
        raw = self.headers.get("Content-Length")
        if raw is None:
            raise _Refused(HTTPStatus.LENGTH_REQUIRED, "length_required", "Content-Length missing")
        if not raw.isdigit():
            raise _Refused(HTTPStatus.BAD_REQUEST, "bad_length", "Content-Length is not a number")
        length = int(raw)
        if length > limit:
            raise _Refused(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                "body_too_large",
                f"body of {length} bytes is over the limit of {limit}",
            )
        body = self.rfile.read(length)
        if len(body) != length:
            raise _Refused(HTTPStatus.BAD_REQUEST, "short_body", "body shorter than Content-Length")
        return body

    @staticmethod
    def _decode(body: bytes) -> wire.DossierIn:
        try:
            return _DECODER.decode(body)
        except msgspec.ValidationError as exc:
            raise _Refused(HTTPStatus.UNPROCESSABLE_ENTITY, "invalid_dossier", str(exc)) from exc
        except msgspec.DecodeError as exc:
            raise _Refused(HTTPStatus.BAD_REQUEST, "malformed_json", str(exc)) from exc

    # --- plumbing ---------------------------------------------------------------------------

    def _answer(self, route: Any) -> None:
        try:
            status, body = route()
        except _Refused as refused:
            # The body may be unread: do not try to parse what follows as another request.
            self.close_connection = True
            status, body = refused.status, wire.Problem(error=refused.error, reason=refused.reason)
            log.info("%s %s refused: %d %s", self.command, self.path, status, refused.error)
        except Exception:
            log.exception("%s %s failed", self.command, self.path)
            self.close_connection = True
            status = HTTPStatus.INTERNAL_SERVER_ERROR
            body = wire.Problem(error="internal", reason="the gateway failed; retry later")
        self._send(status, _ENCODER.encode(body))

    def _refuse_method(self) -> None:
        self.close_connection = True
        problem = wire.Problem(error="method_not_allowed", reason=f"{self.command} not allowed")
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, _ENCODER.encode(problem))

    def _send(self, status: HTTPStatus, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if status == HTTPStatus.UNAUTHORIZED:
            self.send_header("WWW-Authenticate", 'Bearer realm="ward-gateway"')
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)


def _checked_papers(papers: list[wire.Paper]) -> list[IncomingPaper]:
    seen: set[str] = set()
    out: list[IncomingPaper] = []
    for paper in papers:
        if paper.id in seen:
            raise _Refused(
                HTTPStatus.UNPROCESSABLE_ENTITY, "duplicate_paper", f"paper {paper.id} sent twice"
            )
        seen.add(paper.id)
        if hashlib.sha256(paper.content).hexdigest() != paper.sha256:
            raise _Refused(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                "paper_checksum",
                f"paper {paper.id} does not match its sha256",
            )
        if not paper.content.startswith(b"%PDF-"):
            raise _Refused(
                HTTPStatus.UNPROCESSABLE_ENTITY, "not_pdf", f"paper {paper.id} is not a PDF"
            )
        out.append(IncomingPaper(paper.id, paper.content))
    return out
