"""Every QR a ward kiosk meets, classified: the card's QR, VNeID, a receipt, a procedure's QR, a
dossier code, or unknown (with a polite prompt). Pure Python: no device, no network."""

from kiosk.services.qr_payloads.classify import classify
from kiosk.services.qr_payloads.model import MAX_PAYLOAD_BYTES, PROMPT_IDS, QrKind, QrPayload
from kiosk.services.qr_payloads.text import repair_mojibake

__all__ = ["MAX_PAYLOAD_BYTES", "PROMPT_IDS", "QrKind", "QrPayload", "classify", "repair_mojibake"]
