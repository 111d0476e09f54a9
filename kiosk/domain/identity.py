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
    """One identity from several sources. The face image is deliberately absent: never stored.

    The fields after `sources` come from the chip's DG13; None means "not available" (a newer
    card withholds it, or the source does not carry it), never "empty".
    """

    id_number: str
    full_name: str
    birth_date: date | None = None
    sex: str | None = None
    address: str | None = None  # place of residence (nơi thường trú / nơi cư trú)
    sources: dict[str, IdentitySource] = field(default_factory=dict)
    old_id_number: str | None = None
    nationality: str | None = None
    ethnicity: str | None = None
    religion: str | None = None
    place_of_origin: str | None = None
    identifying_marks: str | None = None
    issue_date: date | None = None
    expiry_date: date | None = None  # None with no_expiry False: unknown
    no_expiry: bool = False
    father_name: str | None = None
    mother_name: str | None = None
    spouse_name: str | None = None

    def masked_id(self) -> str:
        """ID shown on screen: every digit hidden but the last four (design §5)."""
        return "•" * max(0, len(self.id_number) - 4) + self.id_number[-4:]
