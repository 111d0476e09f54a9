"""The gateway API as OpenAPI 3.1, generated from gateway.wire (one source of truth).

    python -m gateway.openapi > docs/api/gateway-openapi.yaml

A test checks that the committed file equals this output.
"""

from __future__ import annotations

import sys
from typing import Any

import msgspec
import yaml

from gateway import wire
from gateway.server import DEFAULT_MAX_BODY

REF = "#/components/schemas/{name}"


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(name="Problem")}}},
    }


def _ok(name: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": REF.format(name=name)}}},
    }


def document() -> dict[str, Any]:
    _, components = msgspec.json.schema_components(
        [
            wire.DossierIn,
            wire.DossierAccepted,
            wire.DossierStatus,
            wire.RatingIn,
            wire.Problem,
            wire.Health,
        ],
        ref_template=REF,
    )
    retry = "Retry later with the same Idempotency-Key."
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ward kiosk portal gateway",
            "version": wire.API_VERSION,
            "description": (
                "What a ward kiosk sends to its portal gateway. Each kiosk has its own bearer "
                "token; the kiosk is identified by it. Dossiers are accepted idempotently: the "
                "kiosk's outbox resends with the same Idempotency-Key until it gets an answer, "
                "and a resend gets the first answer again (200, replayed=true) without a second "
                "dossier. Dossier codes are `<unit code>-YYMMDD-NNNN` (Circular 01/2018/TT-VPCP "
                "Art. 19): the reception date in Asia/Ho_Chi_Minh and a per-day sequence. The "
                "appointment date counts the procedure's processing_days in Vietnamese working "
                "days (weekends, public holidays including the lunar ones, swapped days). "
                "Papers are PDFs, base64 in the JSON, each with its SHA-256. Use HTTPS outside "
                "a test bench."
            ),
        },
        "servers": [{"url": "https://gateway.ward.example/", "description": "a ward's gateway"}],
        "security": [{"kioskToken": []}],
        "paths": {
            "/v1/dossiers": {
                "post": {
                    "operationId": "submitDossier",
                    "summary": "Submit a dossier (idempotent)",
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": True,
                            "description": "The kiosk's UUID for this dossier; reused on resend.",
                            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{8,64}$"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "description": f"At most {DEFAULT_MAX_BODY} bytes by default "
                        "(`--max-body-mb`); Content-Length is required.",
                        "content": {
                            "application/json": {"schema": {"$ref": REF.format(name="DossierIn")}}
                        },
                    },
                    "responses": {
                        "201": _ok("DossierAccepted", "Registered now."),
                        "200": _ok("DossierAccepted", "Already registered under this key."),
                        "400": _problem("Malformed JSON, bad Content-Length or key header."),
                        "401": _problem("Missing or unknown bearer token."),
                        "403": _problem("kiosk_id in the body is not the token's kiosk."),
                        "409": _problem("The key was used for a different dossier."),
                        "411": _problem("No Content-Length (chunked bodies are refused)."),
                        "413": _problem("Body over the limit; refused before reading it."),
                        "415": _problem("Content-Type is not application/json."),
                        "422": _problem("Wrong types, unknown keys, bad checksum, not a PDF."),
                        "500": _problem(f"The gateway failed. {retry}"),
                    },
                }
            },
            "/v1/dossiers/{dossier_code}": {
                "get": {
                    "operationId": "dossierStatus",
                    "summary": "Status of a dossier (non-personal details only)",
                    "parameters": [
                        {
                            "name": "dossier_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 64},
                        }
                    ],
                    "responses": {
                        "200": _ok("DossierStatus", "The dossier's status."),
                        "401": _problem("Missing or unknown bearer token."),
                        "404": _problem("No dossier with this code."),
                    },
                }
            },
            "/v1/dossiers/{dossier_code}/rating": {
                "put": {
                    "operationId": "rateDossier",
                    "summary": "Rate a dossier this kiosk submitted (idempotent)",
                    "parameters": [
                        {
                            "name": "dossier_code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 64},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": REF.format(name="RatingIn")}}
                        },
                    },
                    "responses": {
                        "200": _ok("RatingIn", "Recorded (the last score wins)."),
                        "400": _problem("Malformed JSON."),
                        "401": _problem("Missing or unknown bearer token."),
                        "404": _problem("No dossier with this code from this kiosk."),
                        "413": _problem("Body over 1 KiB."),
                        "422": _problem("Score not a whole number from 1 to 5."),
                    },
                }
            },
            "/v1/health": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness (no token needed)",
                    "security": [],
                    "responses": {"200": _ok("Health", "The gateway is up.")},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "kioskToken": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Per-kiosk token (gateway --token-file: `kiosk_id token`).",
                }
            },
            "schemas": components,
        },
    }


def render() -> str:
    return yaml.safe_dump(document(), sort_keys=False, allow_unicode=True, width=100)


if __name__ == "__main__":
    sys.stdout.write(render())
