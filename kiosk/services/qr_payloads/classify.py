"""`classify`: any scanned payload → a `QrPayload`; never raises, never opens anything."""

from __future__ import annotations

import logging
import re

from kiosk.services.identity.card_qr import CardQr, parse_card_qr
from kiosk.services.qr_payloads.codes import parse_dossier_code, parse_procedure_code
from kiosk.services.qr_payloads.model import (
    MAX_PAYLOAD_BYTES,
    PROMPT_DAMAGED,
    PROMPT_PROCEDURE,
    PROMPT_RECEIPT,
    PROMPT_REFUSED,
    PROMPT_UNKNOWN,
    PROMPT_VNEID,
    QrKind,
    QrPayload,
    frozen,
)
from kiosk.services.qr_payloads.structured import from_fields, from_json, from_url, split_fields
from kiosk.services.qr_payloads.text import clean

__all__ = ["classify"]

log = logging.getLogger(__name__)

_CARD_START = re.compile(r"^\d{12}\|")
_CARD_INSIDE = re.compile(r"(?<!\d)\d{12}\|")
_SEX_FIELD = re.compile(r"^(nam|n.{0,2})$", re.I)
_DDMMYYYY = re.compile(r"^\d{8}$")
_KIND_PROMPTS = {
    QrKind.VNEID: PROMPT_VNEID,
    QrKind.RECEIPT: PROMPT_RECEIPT,
    QrKind.DOSSIER_CODE: PROMPT_RECEIPT,
    QrKind.PROCEDURE: PROMPT_PROCEDURE,
}


def classify(payload: str | bytes) -> QrPayload:
    """Classify one decoded scan (bytes are taken as UTF-8). Refused (too long, control
    characters) and damaged payloads say why in `reason` (logged here, in English)."""
    try:
        result = _classify(payload)
    except Exception as exc:  # the boundary: a bug here must never reach the citizen's screen
        log.exception("qr: classifier failure")
        result = QrPayload(
            QrKind.UNKNOWN,
            refused=True,
            reason=f"classifier failure: {type(exc).__name__}",
            prompt_id=PROMPT_REFUSED,
        )
    if result.refused or result.damaged:
        log.warning("qr: scan %s: %s", "refused" if result.refused else "damaged", result.reason)
    return result


def _classify(payload: str | bytes) -> QrPayload:
    if not isinstance(payload, str | bytes | bytearray):
        return _refused(f"payload is {type(payload).__name__}, not text", ())
    cleaned = clean(
        bytes(payload) if isinstance(payload, bytearray) else payload, MAX_PAYLOAD_BYTES
    )
    if cleaned.refusal:
        return _refused(cleaned.refusal, cleaned.quirks)
    text, quirks = cleaned.text, cleaned.quirks
    if not text:
        return QrPayload(QrKind.UNKNOWN, reason="empty payload", prompt_id=PROMPT_UNKNOWN)
    if _looks_like_card(text):
        return _card(text, quirks, cleaned.replacement)
    if cleaned.replacement:
        return QrPayload(
            QrKind.UNKNOWN,
            text,
            damaged=True,
            reason="replacement characters: bytes lost on the way",
            prompt_id=PROMPT_DAMAGED,
            quirks=quirks,
        )
    found = from_url(text) or from_json(text)
    if found is None:
        parts = split_fields(text)
        found = from_fields(parts) if parts is not None else _single(text)
    kind_value, fields = found
    if kind_value:
        kind = QrKind(kind_value)
        return _known(kind, text, fields, quirks)
    if _CARD_INSIDE.search(text):  # junk before the ID (a wedge's stray keys): still the card
        return _card(text, quirks, replacement=False)
    return QrPayload(
        QrKind.UNKNOWN,
        text,
        frozen({k: v for k, v in fields.items() if k in ("url", "host")}),
        reason="no known QR layout",
        prompt_id=PROMPT_UNKNOWN,
        quirks=quirks,
    )


def _single(text: str) -> tuple[str, dict[str, str]]:
    dossier = parse_dossier_code(text)
    if dossier is not None:
        return "dossier_code", {"dossier_code": dossier.code}
    procedure = parse_procedure_code(text)
    if procedure is not None:
        return "procedure", {"procedure_code": procedure}
    return "", {}


def _known(kind: QrKind, text: str, fields: dict[str, str], quirks: tuple[str, ...]) -> QrPayload:
    dossier = (
        parse_dossier_code(fields.get("dossier_code", "")) if "dossier_code" in fields else None
    )
    damaged = dossier is not None and not dossier.date_ok
    return QrPayload(
        kind,
        text,
        frozen(fields),
        damaged=damaged,
        reason="dossier code reception date is not a calendar day" if damaged else "",
        prompt_id=_KIND_PROMPTS.get(kind),
        quirks=quirks,
    )


def _looks_like_card(text: str) -> bool:
    """A card QR by its start, or a pipe-separated text shaped like one whose ID got garbled."""
    if _CARD_START.match(text):
        return True
    fields = text.split("|")
    if not 6 <= len(fields) <= 16:
        return False
    dates = sum(1 for f in fields if _DDMMYYYY.match(f.strip()))
    sex = any(_SEX_FIELD.match(f.strip()) for f in fields[3:6])
    return dates >= 1 and sex and parse_dossier_code(fields[0]) is None


def _card(text: str, quirks: tuple[str, ...], replacement: bool) -> QrPayload:
    if replacement:
        return _damaged_card(text, "replacement characters: bytes lost on the way", quirks)
    parsed = parse_card_qr(text)
    if not isinstance(parsed, CardQr):
        return _damaged_card(text, f"{parsed.code}: {parsed.detail}", quirks)
    return QrPayload(
        QrKind.CARD_QR, text, _card_fields(parsed), card=parsed, quirks=quirks + parsed.quirks
    )


def _damaged_card(text: str, reason: str, quirks: tuple[str, ...]) -> QrPayload:
    return QrPayload(
        QrKind.CARD_QR,
        text,
        damaged=True,
        reason=f"card QR damaged: {reason}",
        prompt_id=PROMPT_DAMAGED,
        quirks=quirks,
    )


def _card_fields(qr: CardQr) -> dict[str, str]:
    return {
        "id_number": qr.id_number,
        "old_id": qr.old_id or "",
        "full_name": qr.full_name,
        "birth_date": qr.birth_date.isoformat(),
        "sex": qr.sex,
        "address": qr.address,
        "issue_date": qr.issue_date.isoformat(),
        "variant": str(qr.variant),
    }


def _refused(reason: str, quirks: tuple[str, ...]) -> QrPayload:
    return QrPayload(
        QrKind.UNKNOWN, refused=True, reason=reason, prompt_id=PROMPT_REFUSED, quirks=quirks
    )
