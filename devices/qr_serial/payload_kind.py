"""The payload classifier (kiosk.services.qr_payloads), when present, for logs and the CLI only.

Classification belongs to the service; adapters only ask it whether a scan looks like a card QR
the scanner damaged, so the log says which scanner mangles Vietnamese letters.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

log = logging.getLogger(__name__)


def classify_or_none(payload: str) -> Any | None:
    """The classifier's result, or None if the service is missing or raised (it never should)."""
    try:
        module = importlib.import_module("kiosk.services.qr_payloads")
    except ImportError:
        return None
    classify = getattr(module, "classify", None)
    if classify is None:  # the service is being written; say nothing rather than guess
        return None
    try:
        return classify(payload)
    except Exception:
        log.exception("qr_payloads.classify raised")
        return None


def describe(payload: str) -> dict[str, object]:
    """kind, damaged and reason (English, never personal) as plain values; {} without one."""
    result = classify_or_none(payload)
    if result is None:
        return {}
    kind = getattr(result, "kind", None)
    return {
        "kind": None if kind is None else str(kind),
        "damaged": bool(getattr(result, "damaged", False)),
        "reason": str(getattr(result, "reason", "")),
    }


def log_if_damaged(payload: str, source: str) -> None:
    info = describe(payload)
    if info.get("damaged"):
        # No payload in the log: it is personal data. Kind, reason and length are not.
        log.warning(
            "%s: scan looks damaged (kind %s: %s; %d chars): a scanner that drops letters?",
            source,
            info["kind"],
            info["reason"],
            len(payload),
        )
