"""Bad requests to the real gateway (SQLite register): a 4xx with a reason, nothing stored."""

from __future__ import annotations

import hashlib
import http.client
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from gateway import wire
from gateway.server import GatewayServer
from kiosk.store.db import sqlite_url
from tests.peers.gateway_fixtures import (
    KIOSK_ID,
    OTHER_TOKEN,
    TOKEN,
    pdf_bytes,
    running_gateway,
)

KEY = "6f1c3a52-8d0e-4d55-9a57-1b2c3d4e5f60"
LIMIT = 256 * 1024


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[GatewayServer]:
    with running_gateway(sqlite_url(tmp_path / "gw.db"), max_body_bytes=LIMIT) as server:
        yield server


def good_body(**changes: object) -> dict[str, object]:
    paper = pdf_bytes(2048)
    body: dict[str, object] = {
        "procedure_code": "1.001193",
        "kiosk_id": KIOSK_ID,
        "submitted_at": "2026-11-23T09:00:00+07:00",
        "fields": {"ho_ten_con": "Lê Văn Cường"},
        "papers": [
            {
                "id": "giay_chung_sinh",
                "sha256": hashlib.sha256(paper).hexdigest(),
                "content": msgspec.json.encode(paper).decode().strip('"'),
            }
        ],
        "identity_source": "chip",
        "processing_days": 1,
    }
    body.update(changes)
    return body


def post(
    server: GatewayServer,
    body: bytes,
    *,
    token: str | None = TOKEN,
    key: str | None = KEY,
    content_type: str = "application/json",
    extra: dict[str, str] | None = None,
) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Content-Type": content_type, **(extra or {})}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    if key is not None:
        headers["Idempotency-Key"] = key
    try:
        conn.request("POST", "/v1/dossiers", body=body, headers=headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def encode(body: dict[str, object]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


BAD = [
    ("malformed JSON", b'{"procedure_code": "1.001193",', {}, 400, "malformed_json"),
    ("not an object", b"[1, 2, 3]", {}, 422, "invalid_dossier"),
    ("wrong type", encode(good_body(processing_days="three")), {}, 422, "invalid_dossier"),
    ("unknown key", encode(good_body(citizen_photo="...")), {}, 422, "invalid_dossier"),
    (
        "naive time",
        encode(good_body(submitted_at="2026-11-23T09:00:00")),
        {},
        422,
        "invalid_dossier",
    ),
    ("rating 9", encode(good_body(rating=9)), {}, 422, "invalid_dossier"),
    ("field value type", encode(good_body(fields={"a": 1})), {}, 422, "invalid_dossier"),
    ("no token", encode(good_body()), {"token": None}, 401, "bad_token"),
    ("wrong token", encode(good_body()), {"token": "x" * 30}, 401, "bad_token"),
    ("other kiosk's id", encode(good_body()), {"token": OTHER_TOKEN}, 403, "wrong_kiosk"),
    ("no key", encode(good_body()), {"key": None}, 400, "bad_idempotency_key"),
    ("bad key", encode(good_body()), {"key": "a b"}, 400, "bad_idempotency_key"),
    ("not JSON type", encode(good_body()), {"content_type": "text/plain"}, 415, "not_json"),
]


@pytest.mark.parametrize(("why", "body", "how", "status", "error"), BAD, ids=[b[0] for b in BAD])
def test_bad_request_is_refused_and_nothing_stored(
    gateway: GatewayServer,
    why: str,
    body: bytes,
    how: dict[str, object],
    status: int,
    error: str,
) -> None:
    got, problem = post(gateway, body, **how)  # type: ignore[arg-type]
    assert (got, problem["error"]) == (status, error), why
    assert problem["reason"]
    assert gateway.registry.count() == 0


def test_checksum_mismatch_and_non_pdf(gateway: GatewayServer) -> None:
    body = good_body()
    body["papers"][0]["sha256"] = "0" * 64  # type: ignore[index]
    assert post(gateway, encode(body))[1]["error"] == "paper_checksum"
    text = b"just text"
    body["papers"][0].update(  # type: ignore[index]
        sha256=hashlib.sha256(text).hexdigest(),
        content=msgspec.json.encode(text).decode().strip('"'),
    )
    assert post(gateway, encode(body))[1]["error"] == "not_pdf"
    assert gateway.registry.count() == 0


def test_huge_body_refused_before_it_is_read(gateway: GatewayServer) -> None:
    # Announce more than the limit and send nothing: the answer must come without the body.
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {TOKEN}\r\nIdempotency-Key: {KEY}\r\n".encode()
            + f"Content-Length: {LIMIT + 1}\r\n\r\n".encode()
        )
        head = b""
        while chunk := sock.recv(4096):  # the gateway closes after answering
            head += chunk
    text = head.decode()
    assert text.startswith("HTTP/1.1 413"), text
    assert "body_too_large" in text
    assert gateway.registry.count() == 0


def test_missing_length_and_chunked_are_refused(gateway: GatewayServer) -> None:
    with socket.create_connection(("127.0.0.1", gateway.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/dossiers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Authorization: Bearer {TOKEN}\r\nIdempotency-Key: {KEY}\r\n".encode()
            + b"Transfer-Encoding: chunked\r\n\r\n"
        )
        assert sock.recv(4096).decode().startswith("HTTP/1.1 411")
    assert gateway.registry.count() == 0


def test_reused_key_with_other_content_is_a_conflict(gateway: GatewayServer) -> None:
    assert post(gateway, encode(good_body()))[0] == 201
    status, problem = post(gateway, encode(good_body(fields={"ho_ten_con": "Khác"})))
    assert (status, problem["error"]) == (409, "idempotency_key_reused")
    assert gateway.registry.count() == 1


def test_good_request_then_replay(gateway: GatewayServer) -> None:
    status, first = post(gateway, encode(good_body()))
    assert status == 201
    accepted = msgspec.convert(first, wire.DossierAccepted, strict=False)
    assert accepted.dossier_code.startswith("000.00.12.H29-")
    assert not accepted.replayed
    status, again = post(gateway, encode(good_body()))
    assert status == 200
    assert again["dossier_code"] == accepted.dossier_code and again["replayed"] is True
    assert gateway.registry.count() == 1


def test_status_needs_a_token_and_a_known_code(gateway: GatewayServer) -> None:
    code = post(gateway, encode(good_body()))[1]["dossier_code"]
    conn = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=10)
    try:
        conn.request("GET", f"/v1/dossiers/{code}")
        response = conn.getresponse()
        assert response.status == 401
        response.read()
        conn.close()
        conn.request(
            "GET", "/v1/dossiers/NOPE-261123-0001", headers={"Authorization": f"Bearer {TOKEN}"}
        )
        response = conn.getresponse()
        assert (response.status, json.loads(response.read())["error"]) == (404, "unknown_dossier")
        conn.close()
        conn.request("GET", f"/v1/dossiers/{code}", headers={"Authorization": f"Bearer {TOKEN}"})
        response = conn.getresponse()
        found = json.loads(response.read())
        assert response.status == 200
        assert found["status"] == "received" and found["procedure_code"] == "1.001193"
        assert "fields" not in found  # only non-personal details
    finally:
        conn.close()


def put_rating(
    server: GatewayServer, code: str, body: bytes, token: str = TOKEN
) -> tuple[int, dict[str, object]]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(
            "PUT",
            f"/v1/dossiers/{code}/rating",
            body=body,
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_rating_bad_inputs_then_good(gateway: GatewayServer) -> None:
    code = post(gateway, encode(good_body()))[1]["dossier_code"]
    assert isinstance(code, str)
    assert put_rating(gateway, code, b'{"score": 9}')[0] == 422
    assert put_rating(gateway, code, b'{"score": 3, "why": "x"}')[0] == 422
    assert put_rating(gateway, code, b'{"score":')[0] == 400
    assert put_rating(gateway, code, b'{"score": 3}', token="y" * 30)[0] == 401
    assert put_rating(gateway, code, b'{"score": 3}', token=OTHER_TOKEN)[0] == 404
    assert put_rating(gateway, code, b" " * 2000)[0] == 413
    assert gateway.registry.rating(code) is None
    assert put_rating(gateway, code, b'{"score": 3}') == (200, {"score": 3})
    assert gateway.registry.rating(code) == 3
