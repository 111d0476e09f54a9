"""Which citizen capabilities work right now, from the ports' health states (issue 11, Health).

The flows adapt instead of failing: no printer → the receipt is shown on screen as a QR; no
document scanner → the papers go to the counter (the dossier records it); no way to identify
at all → the attract screen sends the citizen to the counter instead of starting. The portal
being down changes nothing for the citizen: the outbox queues the dossier.

Flapping: a port's state only counts once it has held for `settle_s` (two health polls by
default), so a device that drops and comes back within seconds never makes a notice blink.
And the flows read the availability only at a step boundary (the papers step when it starts,
the receipt step when it starts), never in the middle of a print or a scan.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.domain.devices import HealthState

CARD_READER = "card_reader"
QR_SOURCE = "qr_source"
MRZ_READER = "mrz_reader"
DOCUMENT_SCANNER = "document_scanner"
RECEIPT_PRINTER = "receipt_printer"
SPEAKER = "speaker"
PORTAL = "portal"
IDENTITY_PORTS = (CARD_READER, QR_SOURCE, MRZ_READER)

# The attract screen's notices, one short line per adaptation, in this order (prompt ids).
NOTICE_PRINTER = "availability.printer_down"
NOTICE_SCANNER = "availability.scanner_down"
NOTICE_SPEAKER = "availability.speaker_down"
CLOSED = "availability.closed"  # replaces "touch to start" when no one can be identified
RECEIPT_ON_SCREEN = "availability.receipt_on_screen"
RECEIPT_ON_SCREEN_HINT = "availability.receipt_on_screen_hint"
PAPERS_AT_COUNTER = "availability.papers_at_counter"
PROMPT_IDS = (
    NOTICE_PRINTER,
    NOTICE_SCANNER,
    NOTICE_SPEAKER,
    CLOSED,
    RECEIPT_ON_SCREEN,
    RECEIPT_ON_SCREEN_HINT,
    PAPERS_AT_COUNTER,
)

DEFAULT_SETTLE_S = 10.0  # two polls of kiosk.app's 5 s health timer


@dataclass(frozen=True, slots=True)
class Availability:
    """The ports that are down (any state but READY); everything else is derived from it.

    A port that is not fitted at all is simply never reported, so it counts as up: the flows'
    own fallbacks (e.g. a receipt that could not be printed) still cover it."""

    down: frozenset[str] = field(default_factory=frozenset)

    @property
    def can_identify(self) -> bool:
        """Chip reader, card/VNeID QR or the MRZ: any one is a way in (staff help covers it)."""
        return not all(port in self.down for port in IDENTITY_PORTS)

    @property
    def can_scan_papers(self) -> bool:
        return DOCUMENT_SCANNER not in self.down

    @property
    def can_print_receipt(self) -> bool:
        return RECEIPT_PRINTER not in self.down

    @property
    def can_speak(self) -> bool:
        return SPEAKER not in self.down

    @property
    def portal_online(self) -> bool:
        """Informational only: a dossier submitted while offline waits in the outbox."""
        return PORTAL not in self.down

    @property
    def receipt_on_screen(self) -> bool:
        return not self.can_print_receipt

    @property
    def papers_at_counter(self) -> bool:
        return not self.can_scan_papers

    @property
    def closed(self) -> bool:
        """Starting a session is replaced by "please go to the counter"."""
        return not self.can_identify

    @property
    def notices(self) -> tuple[str, ...]:
        """Prompt ids of the attract screen's lines, one per adaptation (none when closed:
        the one line that matters then is CLOSED)."""
        if self.closed:
            return ()
        found = []
        if self.receipt_on_screen:
            found.append(NOTICE_PRINTER)
        if self.papers_at_counter:
            found.append(NOTICE_SCANNER)
        if not self.can_speak:
            found.append(NOTICE_SPEAKER)
        return tuple(found)


ALL_UP = Availability()


def availability_of(states: Mapping[str, HealthState]) -> Availability:
    """The availability if `states` (port → state) were settled."""
    return Availability(frozenset(p for p, s in states.items() if s is not HealthState.READY))


@dataclass(slots=True)
class _Seen:
    state: HealthState
    since: datetime


class AvailabilityTracker:
    """Debounces the polled states: a port's new state counts after it held for `settle_s`.

    Every port starts as ready, and its first reading must hold too: right after start the
    adapters pass through "not open" / "looking for the scanner", which must not flash a
    notice on the attract screen. Call `update` from one thread (the GUI thread)."""

    def __init__(self, settle_s: float = DEFAULT_SETTLE_S) -> None:
        if not settle_s >= 0:
            raise ValueError(f"settle_s must be >= 0, got {settle_s!r}")
        self._settle_s = float(settle_s)
        self._settled: dict[str, HealthState] = {}
        self._seen: dict[str, _Seen] = {}
        self._current = ALL_UP

    @property
    def current(self) -> Availability:
        return self._current

    def update(self, states: Mapping[str, HealthState], now: datetime) -> Availability | None:
        """Feed one poll; the new Availability when it changed, else None."""
        for port, state in states.items():
            seen = self._seen.get(port)
            if seen is None or seen.state is not state:
                seen = self._seen[port] = _Seen(state, now)
            if (now - seen.since).total_seconds() >= self._settle_s:
                self._settled[port] = state
        new = availability_of(self._settled)
        if new == self._current:
            return None
        self._current = new
        return new
