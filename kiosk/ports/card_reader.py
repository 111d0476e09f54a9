"""Chip ID card (CCCD) reader port: presence events plus a blocking chip read."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport


class CardEventKind(StrEnum):
    CARD_INSERTED = "card_inserted"
    CARD_REMOVED = "card_removed"
    # The reader itself: unplugged, or its service (pcscd) gone; a card in it is reported
    # removed first. READER_ADDED comes when it is back (a card in it follows as inserted).
    READER_REMOVED = "reader_removed"
    READER_ADDED = "reader_added"


@dataclass(frozen=True, slots=True)
class CardEvent:
    kind: CardEventKind
    reader: str


@dataclass(frozen=True, slots=True)
class BacKey:
    """ICAO 9303 BAC inputs: document number, birth date and expiry date as YYMMDD."""

    document_number: str
    birth_date: str
    expiry_date: str


class PassiveAuth(StrEnum):
    """Whether the data groups are what the issuing state signed (ICAO 9303-11 §5.1)."""

    VALID = "valid"  # hashes match the SOD, signature ok, signer chains to a known CSCA
    CSCA_UNKNOWN = "signature ok, CSCA unknown"  # signed consistently, but by nobody we trust
    TAMPERED = "tampered"  # a hash or the signature does not match
    NOT_CHECKED = "not checked"  # no SOD read, or an adapter that cannot check


@dataclass(frozen=True, slots=True)
class ChipData:
    """Raw data groups read from the chip, keyed "COM", "DG1", "DG2", "DG13", "SOD"."""

    data_groups: Mapping[str, bytes] = field(default_factory=dict)
    passive_auth: PassiveAuth = PassiveAuth.NOT_CHECKED
    apdu_count: int = 0  # commands sent, for diagnostics and bench/card_read.py


class CardReadError(DeviceError):
    """The chip could not be read (removed mid-read, wrong key, damaged chip)."""


class CardRemoved(CardReadError):
    pass


class AccessDenied(CardReadError):
    """BAC mutual authentication failed: the key does not match this card."""


class CardReader(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def subscribe(self, callback: Callable[[CardEvent], None]) -> None:
        """Register for card and reader presence events; called on the adapter's own thread."""
        ...

    def read_chip(self, key: BacKey, groups: tuple[str, ...]) -> ChipData:
        """Blocking: authenticate with `key` and read `groups`. Raises CardReadError."""
        ...

    def close(self) -> None: ...
