"""The citizen as the kiosk knows them for one session, with where each field came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class IdentitySource(StrEnum):
    CHIP = "chip"
    CARD_QR = "card_qr"
    VNEID_QR = "vneid_qr"
    STAFF_ENTRY = "staff_entry"


@dataclass(frozen=True, slots=True)
class CitizenIdentity:
    id_number: str
    full_name: str
    birth_date: date | None = None
    sex: str | None = None
    address: str | None = None
    sources: dict[str, IdentitySource] = field(default_factory=dict)

    def masked_id(self) -> str:
        """ID shown on screen: every digit hidden but the last four (design §5)."""
        return "•" * max(0, len(self.id_number) - 4) + self.id_number[-4:]
