"""A chip-card reader with a slot that tests (or the simulated mode) put cards into."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from devices.simulated._base import SimulatedDevice, check_delay, deliver
from kiosk.domain.devices import READY, DeviceUnavailable, HealthReport, HealthState
from kiosk.ports.card_reader import (
    AccessDenied,
    BacKey,
    CardEvent,
    CardEventKind,
    CardReadError,
    CardRemoved,
    ChipData,
)
from kiosk.ports.clock import Clock


@dataclass(frozen=True)
class SimulatedCard:
    """A chip card: the BAC key that opens it and its raw data groups ("COM", "DG1", "DG13" …)."""

    key: BacKey
    data_groups: Mapping[str, bytes] = field(default_factory=dict)


def _bac_seed(key: BacKey) -> tuple[str, str, str]:
    """What BAC actually authenticates: the document number is '<'-padded to 9 characters."""
    return (key.document_number.upper().ljust(9, "<"), key.birth_date, key.expiry_date)


class ReaderUnplugged(CardReadError, DeviceUnavailable):
    """The reader is not there (a port error, like the PC/SC adapter's ReaderUnavailable)."""


class SimulatedCardReader(SimulatedDevice):
    """Behaves like a PC/SC reader with a card-presence monitor.

    Scripting hooks: `insert(card)`, `remove()`, `unplug()`, `plug()`, `fail(detail)`,
    `recover()`. Unplugging reports a card in the slot as removed, then READER_REMOVED; plugging
    back reports READER_ADDED, then the card (still in the slot) as inserted, as the PC/SC
    monitor does. A reader plugged in at open is not announced: it was never missing.
    Presence events go to subscribers on the thread that scripts them, never under a lock
    (a subscriber may call back into the reader). A card already in the slot when the reader
    opens is reported as inserted, as pyscard's monitor does; nothing is reported while closed.
    """

    def __init__(
        self, clock: Clock, read_delay_s: float = 1.5, name: str = "simulated-reader"
    ) -> None:
        super().__init__(clock, name)
        self._read_delay_s = check_delay("read_delay_s", read_delay_s)
        self._subscribers: list[Callable[[CardEvent], None]] = []
        self._card: SimulatedCard | None = None
        self._generation = 0  # bumped on every insert/remove, so a read can tell the card changed
        self._plugged = True

    # --- port -------------------------------------------------------------------------------

    def open(self) -> None:
        with self._lock:
            was_open, self._open = self._open, True
            announce = not was_open and self._card is not None and self._plugged
        if announce:
            self._fire(CardEventKind.CARD_INSERTED)

    def health(self) -> HealthReport:
        with self._lock:
            base = self._base_health()
            if base is None and not self._plugged:
                return HealthReport(HealthState.NOT_READY, "reader unplugged")
        return base or READY

    def subscribe(self, callback: Callable[[CardEvent], None]) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def read_chip(self, key: BacKey, groups: tuple[str, ...]) -> ChipData:
        with self._lock:
            if not self._open:
                raise CardReadError("reader is not open")
            if not self._plugged:
                raise ReaderUnplugged("reader unplugged")
            if self._failure is not None:
                raise CardReadError(self._failure)
            card, generation = self._card, self._generation
        if card is None:
            raise CardRemoved("no card in the reader")
        if _bac_seed(key) != _bac_seed(card.key):
            raise AccessDenied("BAC mutual authentication failed")
        cancelled = self._wait(self._read_delay_s)
        with self._lock:
            if not self._plugged:
                raise ReaderUnplugged("reader unplugged during the read")
            if cancelled or not self._open or self._generation != generation:
                raise CardRemoved("card removed during the read")
            if self._failure is not None:
                raise CardReadError(self._failure)
        return ChipData({g: card.data_groups[g] for g in groups if g in card.data_groups})

    # --- scripting hooks --------------------------------------------------------------------

    @property
    def card(self) -> SimulatedCard | None:
        with self._lock:
            return self._card

    def insert(self, card: SimulatedCard) -> None:
        with self._lock:
            if self._card is not None:
                raise ValueError("the slot already holds a card; remove() it first")
            self._card = card
            self._generation += 1
            is_open = self._open and self._plugged
        if is_open:
            self._fire(CardEventKind.CARD_INSERTED)

    def remove(self) -> None:
        """Take the card out; a read in progress raises CardRemoved. No-op on an empty slot."""
        with self._lock:
            if self._card is None:
                return
            self._card = None
            self._generation += 1
            is_open = self._open and self._plugged
        self._cancel_waits()
        if is_open:
            self._fire(CardEventKind.CARD_REMOVED)

    def unplug(self) -> None:
        """The reader's cable is pulled: a read in progress fails. No-op when unplugged."""
        with self._lock:
            if not self._plugged:
                return
            self._plugged = False
            self._generation += 1
            is_open, had_card = self._open, self._card is not None
        self._cancel_waits()
        if is_open and had_card:
            self._fire(CardEventKind.CARD_REMOVED)
        if is_open:
            self._fire(CardEventKind.READER_REMOVED)

    def plug(self) -> None:
        """The reader is back; a card left in the slot is seen again. No-op when plugged."""
        with self._lock:
            if self._plugged:
                return
            self._plugged = True
            is_open, has_card = self._open, self._card is not None
        if is_open:
            self._fire(CardEventKind.READER_ADDED)
        if is_open and has_card:
            self._fire(CardEventKind.CARD_INSERTED)

    def _fire(self, kind: CardEventKind) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        deliver(subscribers, CardEvent(kind, self._name), self._name)
