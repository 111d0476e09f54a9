"""The CardReader port over the real PC/SC stack: pcscd, pyscard, ICAO 9303 BAC."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from pathlib import Path

from devices.pcsc_card.icao.reader import read_chip
from devices.pcsc_card.monitor import CardMonitor
from devices.pcsc_card.transport import PcscTransport, ReaderUnavailable
from devices.simulated._base import deliver
from kiosk.domain.devices import HealthReport, HealthState
from kiosk.ports.card_reader import BacKey, CardEvent, CardEventKind, CardReadError, ChipData
from kiosk.ports.clock import Clock

log = logging.getLogger(__name__)

DEFAULT_GROUPS = ("COM", "DG1", "DG2", "DG13", "SOD")


class PcscCardReader:
    """Presence events from a supervised monitor; `read_chip` opens its own connection per read.

    `reader_match` picks the first reader whose name contains it ("" = the first reader).
    `csca_dir` holds the trusted CSCA certificates for passive authentication; `max_read`
    caps READ BINARY lengths (None: the largest the card accepts).
    """

    def __init__(
        self,
        reader_match: str = "",
        *,
        clock: Clock,
        csca_dir: Path | None = None,
        max_read: int | None = None,
        poll_s: float = 0.25,
    ) -> None:
        self._match = reader_match
        self._csca_dir = csca_dir
        self._max_read = max_read
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()  # one chip read at a time: a card has one session
        self._card_subscribers: list[Callable[[CardEvent], None]] = []
        self._reader_subscribers: list[Callable[[str | None], None]] = []
        self._monitor = CardMonitor(
            reader_match, clock, self._card_event, self._reader_event, poll_s=poll_s
        )
        self._open = False
        self._current: PcscTransport | None = None
        self._last_reader = reader_match  # the name a READER_REMOVED event carries
        self.last_apdu_count = 0  # of the last read, failed ones too (CLI and diagnostics)

    # --- port -------------------------------------------------------------------------------

    def open(self) -> None:
        with self._lock:
            if self._open:
                return
            self._open = True
        self._monitor.start()

    def health(self) -> HealthReport:
        with self._lock:
            if not self._open:
                return HealthReport(HealthState.NOT_READY, "not open")
        return self._monitor.health()

    def subscribe(self, callback: Callable[[CardEvent], None]) -> None:
        """Card inserted/removed and reader added/removed (pcscd lost counts as removed)."""
        with self._lock:
            self._card_subscribers.append(callback)

    def subscribe_reader(self, callback: Callable[[str | None], None]) -> None:
        """Reader plugged (its name) / unplugged (None); on the monitor thread."""
        with self._lock:
            self._reader_subscribers.append(callback)

    def read_chip(self, key: BacKey, groups: tuple[str, ...] = DEFAULT_GROUPS) -> ChipData:
        with self._lock:
            if not self._open:
                raise ReaderUnavailable("card reader is not open")
        with self._read_lock:
            transport = PcscTransport(self._monitor.reader or self._match)
            with self._lock:
                self._current = transport
            try:
                transport.connect()
                chip = read_chip(
                    transport.transmit,
                    key,
                    groups,
                    csca_dir=self._csca_dir,
                    max_read=self._max_read,
                )
            except CardReadError:
                raise
            except Exception as error:  # never let a library error reach the flow as a crash
                log.exception("chip read failed unexpectedly")
                raise CardReadError(f"chip read failed: {error!r}") from error
            finally:
                with self._lock:
                    self._current = None
                self.last_apdu_count = transport.apdu_count
                transport.disconnect()
            # What went over the wire, GET RESPONSEs included, is the honest count.
            return dataclasses.replace(chip, apdu_count=max(chip.apdu_count, transport.apdu_count))

    def close(self) -> None:
        """Idempotent; stops the monitor thread. A read in progress ends with its next APDU."""
        with self._lock:
            if not self._open:
                return
            self._open = False
            current = self._current
        if current is not None:
            current.cancel()
        self._monitor.stop()

    # --- monitor callbacks (monitor thread) ------------------------------------------------

    def _card_event(self, event: CardEvent) -> None:
        with self._lock:
            subscribers = list(self._card_subscribers)
        deliver(subscribers, event, "pcsc card reader")

    def _reader_event(self, reader: str | None) -> None:
        with self._lock:
            subscribers = list(self._reader_subscribers)
            card_subscribers = list(self._card_subscribers)
            if reader is None:
                event = CardEvent(CardEventKind.READER_REMOVED, self._last_reader)
            else:
                self._last_reader = reader
                event = CardEvent(CardEventKind.READER_ADDED, reader)
        deliver(subscribers, reader, "pcsc card reader")
        deliver(card_subscribers, event, "pcsc card reader")
