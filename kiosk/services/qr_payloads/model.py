"""What a scanned QR is: its kind, its fields, whether it is damaged, what to tell the citizen."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from kiosk.services.identity.card_qr import CardQr

# Why 2 KB: a card QR is ~110–300 bytes, the receipt QR of the corpus 326 bytes, a portal URL well
# under 300. A QR symbol can carry ~2.9 KB, but nothing a ward kiosk expects comes near 2 KB, so a
# longer input is a glued stream, a stuck scanner or something deliberately crafted; the bound also
# caps the regex and JSON work done on the GUI thread per scan.
MAX_PAYLOAD_BYTES = 2048


class QrKind(StrEnum):
    CARD_QR = "card_qr"  # the CCCD / căn cước card's QR
    VNEID = "vneid"  # a QR belonging to the VNeID app (login or e-ID)
    RECEIPT = "receipt"  # a receipt/result QR (Circular 01/2023/TT-VPCP)
    PROCEDURE = "procedure"  # a procedure's QR on the wall: a national procedure code
    DOSSIER_CODE = "dossier_code"  # a bare dossier code, typed or printed
    UNKNOWN = "unknown"


# Citizen prompts (config/prompts/vi/, section [qr]).
PROMPT_UNKNOWN = "qr.unknown"
PROMPT_REFUSED = "qr.refused"
PROMPT_DAMAGED = "qr.damaged"
PROMPT_VNEID = "qr.vneid_unsupported"
PROMPT_RECEIPT = "qr.receipt_not_card"
PROMPT_PROCEDURE = "qr.procedure_not_card"
PROMPT_CARD_READ = "qr.card_read"  # "Đã đọc mã QR", then: put the card on the chip reader
PROMPT_CARD_READ_READING = "qr.card_read_reading"  # "Đã đọc mã QR", and the chip is being read
PROMPT_IDS = (
    PROMPT_UNKNOWN,
    PROMPT_REFUSED,
    PROMPT_DAMAGED,
    f"{PROMPT_DAMAGED}_hint",
    PROMPT_VNEID,
    f"{PROMPT_VNEID}_hint",
    PROMPT_RECEIPT,
    f"{PROMPT_RECEIPT}_hint",
    PROMPT_PROCEDURE,
    f"{PROMPT_PROCEDURE}_hint",
    PROMPT_CARD_READ,
    f"{PROMPT_CARD_READ}_hint",
    PROMPT_CARD_READ_READING,
)

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True, repr=False)
class QrPayload:
    """One classified scan. `fields` are strings (JSON-ready) and may be personal (a card QR's
    name, a receipt's applicant): never log them; `reason` is English and never personal."""

    kind: QrKind
    text: str = ""  # the cleaned text ("" when refused)
    fields: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    card: CardQr | None = None  # the parsed card QR, for kind card_qr when not damaged
    damaged: bool = False  # the right kind, but the scanner garbled it: use nothing from it
    refused: bool = False  # too long or with control characters: not looked at further
    reason: str = ""  # why damaged/refused/unknown, for the log
    prompt_id: str | None = None  # what to tell the citizen when the scan cannot be used as is
    quirks: tuple[str, ...] = ()  # scanner damage we undid (mojibake, AIM prefix …), for the log

    @property
    def usable(self) -> bool:
        return not (self.damaged or self.refused or self.kind is QrKind.UNKNOWN)

    def __repr__(self) -> str:  # only what may reach a log line
        return (
            f"QrPayload(kind={self.kind}, damaged={self.damaged}, refused={self.refused}, "
            f"reason={self.reason!r}, fields={sorted(self.fields)}, quirks={self.quirks})"
        )

    def as_json(self) -> dict[str, object]:
        """For `kiosk qr decode --json` and technicians' tools."""
        return {
            "kind": str(self.kind),
            "text": self.text,
            "fields": dict(self.fields),
            "damaged": self.damaged,
            "refused": self.refused,
            "reason": self.reason,
            "prompt_id": self.prompt_id,
            "quirks": list(self.quirks),
        }


def frozen(fields: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(fields)) if fields else _EMPTY
