"""Submit dossiers to a gateway over HTTPS: bearer token, CA bundle, timeouts, idempotency key.

Standard library `http.client` + `ssl`: two routes, one request at a time from the outbox's
thread, and no retries here (the outbox owns back-off), so a client library would add a
dependency and no capability. One connection per request keeps failure handling simple: every
error is a fresh start, and a reply lost after the gateway committed is just resent with the
same Idempotency-Key.

Errors: network down, timeouts, TLS failures, 5xx, 408/429 and a rejected token → PortalOffline
(retry later; the token case also turns health to NOT_READY for the technician); any other 4xx →
PortalRejected (the same dossier would be refused again).
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import logging
import ssl
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote, urlsplit

import msgspec

from gateway import wire
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.portal import (
    DossierNotFound,
    DossierStatusReport,
    DossierSubmission,
    PortalOffline,
    PortalRejected,
    SubmissionAck,
)

log = logging.getLogger("devices.portal_http")

_T = TypeVar("_T")
_RETRYABLE = {408, 425, 429}
_ENCODER = msgspec.json.Encoder()


class HttpPortal:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        kiosk_id: str,
        ca_bundle: Path | None = None,
        timeout_s: float = 20.0,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"base_url must be http(s)://host[:port][/prefix], not {base_url!r}")
        if not token.strip():
            raise ValueError("empty portal token")
        if timeout_s <= 0:
            raise ValueError("timeout_s must be > 0")
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._token = token.strip()
        self._kiosk_id = kiosk_id
        self._timeout = timeout_s
        self._tls: ssl.SSLContext | None = None
        if self._https:
            self._tls = ssl.create_default_context(
                cafile=str(ca_bundle) if ca_bundle is not None else None
            )
        elif not _loopback(self._host):
            log.warning(
                "portal %s is plain HTTP: the token and dossiers travel unencrypted", base_url
            )
        self._lock = threading.Lock()
        self._health = READY
        self._closed = False

    @classmethod
    def from_token_file(
        cls,
        base_url: str,
        token_file: Path,
        *,
        kiosk_id: str,
        ca_bundle: Path | None = None,
        timeout_s: float = 20.0,
    ) -> HttpPortal:
        token = token_file.read_text(encoding="utf-8").strip()
        return cls(base_url, token, kiosk_id=kiosk_id, ca_bundle=ca_bundle, timeout_s=timeout_s)

    # --- port -------------------------------------------------------------------------------

    def health(self) -> HealthReport:
        """The last request's outcome; no network call (polled from the store thread)."""
        with self._lock:
            if self._closed:
                return HealthReport(HealthState.NOT_READY, "closed")
            return self._health

    def submit(self, dossier: DossierSubmission) -> SubmissionAck:
        body = _ENCODER.encode(self._wire(dossier))
        status, payload = self._request(
            "POST",
            "/v1/dossiers",
            body,
            {"Idempotency-Key": dossier.local_id, "Content-Type": "application/json"},
        )
        if status not in (200, 201):
            self._raise_for(status, payload)
        accepted = self._decode(payload, wire.DossierAccepted)
        if accepted.idempotency_key != dossier.local_id:
            raise PortalOffline("gateway answered for another idempotency key")
        return SubmissionAck(
            local_id=dossier.local_id,
            dossier_code=accepted.dossier_code,
            received_at=accepted.received_at,
            appointment_date=accepted.appointment_date,
        )

    def status(self, dossier_code: str) -> DossierStatusReport:
        status, payload = self._request("GET", f"/v1/dossiers/{quote(dossier_code, safe='')}")
        if status == 404:
            raise DossierNotFound("unknown dossier")
        if status != 200:
            self._raise_for(status, payload)
        found = self._decode(payload, wire.DossierStatus)
        return DossierStatusReport(
            dossier_code=found.dossier_code,
            status=found.status,
            updated_at=found.updated_at,
            procedure_code=found.procedure_code,
            received_at=found.received_at,
            appointment_date=found.appointment_date,
        )

    def rate(self, dossier_code: str, score: int) -> None:
        body = _ENCODER.encode(wire.RatingIn(score=score))
        status, payload = self._request(
            "PUT",
            f"/v1/dossiers/{quote(dossier_code, safe='')}/rating",
            body,
            {"Content-Type": "application/json"},
        )
        if status == 404:
            raise DossierNotFound("unknown dossier")
        if status != 200:
            self._raise_for(status, payload)

    def close(self) -> None:
        with self._lock:
            self._closed = True

    # --- internals --------------------------------------------------------------------------

    def _wire(self, dossier: DossierSubmission) -> wire.DossierIn:
        consent = None
        if dossier.consent is not None:
            c = dossier.consent
            consent = wire.Consent(
                notice_id=c.notice_id, given_at=c.given_at, scopes=list(c.scopes)
            )
        return wire.DossierIn(
            procedure_code=dossier.procedure_code,
            kiosk_id=dossier.kiosk_id or self._kiosk_id,
            submitted_at=dossier.submitted_at or datetime.now(UTC),
            fields=dict(dossier.fields),
            papers=[
                wire.Paper(id=k, sha256=hashlib.sha256(v).hexdigest(), content=v)
                for k, v in dossier.attachments.items()
            ],
            identity_source=dossier.identity_source,
            consent=consent,
            rating=dossier.rating,
            processing_days=dossier.processing_days,
        )

    def _request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        with self._lock:
            if self._closed:
                raise PortalOffline("portal client is closed")
        all_headers = {
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json",
            "User-Agent": f"ward-kiosk/{self._kiosk_id}",
            **(headers or {}),
        }
        connection: http.client.HTTPConnection
        if self._tls is not None:
            connection = http.client.HTTPSConnection(
                self._host, self._port, timeout=self._timeout, context=self._tls
            )
        else:
            connection = http.client.HTTPConnection(self._host, self._port, timeout=self._timeout)
        try:
            connection.request(method, self._prefix + path, body=body, headers=all_headers)
            response = connection.getresponse()
            payload = response.read()
            status = response.status
        except ssl.SSLCertVerificationError as exc:
            self._set_health(HealthState.NOT_READY, "gateway certificate not trusted")
            raise PortalOffline(f"TLS: {exc.verify_message}") from exc
        except (OSError, http.client.HTTPException) as exc:  # refused, reset, timeout, TLS
            self._set_health(HealthState.NOT_READY, f"gateway unreachable: {type(exc).__name__}")
            raise PortalOffline(f"{type(exc).__name__}: {exc}") from exc
        finally:
            connection.close()
        if status in (401, 403):
            self._set_health(HealthState.NEEDS_TECHNICIAN, "gateway refused the kiosk token")
        elif status >= 500 or status in _RETRYABLE:
            self._set_health(HealthState.NOT_READY, f"gateway answered {status}")
        else:
            self._set_health(HealthState.READY, "")
        return status, payload

    def _raise_for(self, status: int, payload: bytes) -> None:
        reason = _reason(payload)
        if status in (401, 403) or status >= 500 or status in _RETRYABLE:
            raise PortalOffline(f"gateway answered {status}: {reason}")
        raise PortalRejected(f"gateway refused ({status}): {reason}")

    @staticmethod
    def _decode(payload: bytes, kind: type[_T]) -> _T:
        try:
            return msgspec.json.decode(payload, type=kind)
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            # The gateway may have registered it: resending with the same key is safe.
            raise PortalOffline(f"unreadable answer from the gateway: {exc}") from exc

    def _set_health(self, state: HealthState, detail: str) -> None:
        with self._lock:
            self._health = READY if state is HealthState.READY else HealthReport(state, detail)


def _reason(payload: bytes) -> str:
    try:
        problem = msgspec.json.decode(payload, type=wire.Problem)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return payload[:200].decode("utf-8", "replace")
    return f"{problem.error}: {problem.reason}"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
