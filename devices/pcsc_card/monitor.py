"""A supervised card-presence monitor that survives pcscd restarts.

pyscard's own CardMonitor polls from a daemon thread that ends on the first PC/SC error, so
after pcscd restarts (an update, a crash, a USB reset) the kiosk would never hear of a card
again. This one owns its PC/SC context: on any service error it drops the context, reports
NOT_READY, and reconnects with exponential back-off until pcscd is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from smartcard import scard

from devices.pcsc_card.transport import find_reader
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.card_reader import CardEvent, CardEventKind
from kiosk.ports.clock import Clock

log = logging.getLogger(__name__)

_SERVICE_LOST = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_F_COMM_ERROR,
    scard.SCARD_E_COMM_DATA_LOST,
}
_READER_GONE = {scard.SCARD_E_UNKNOWN_READER, scard.SCARD_E_READER_UNAVAILABLE}


class CardMonitor:
    """Watches one reader (first name containing `reader_match`) on its own thread.

    `on_card` gets CARD_INSERTED / CARD_REMOVED once per change; `on_reader` gets the reader's
    name when one appears and None when it goes (unplugged, or pcscd gone). Both run on the
    monitor thread; an exception in them is logged and the monitor carries on.
    """

    def __init__(
        self,
        reader_match: str,
        clock: Clock,
        on_card: Callable[[CardEvent], None],
        on_reader: Callable[[str | None], None] | None = None,
        poll_s: float = 0.25,
        backoff_s: tuple[float, float] = (0.1, 5.0),
    ) -> None:
        self._match = reader_match
        self._clock = clock
        self._on_card = on_card
        self._on_reader = on_reader
        self._poll_ms = max(1, int(poll_s * 1000))
        self._backoff_min, self._backoff_max = backoff_s
        self._backoff = self._backoff_min
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._context: int | None = None
        self._health = HealthReport(HealthState.NOT_READY, "monitor not started")
        self._reader: str | None = None
        self._present = False

    # --- control ----------------------------------------------------------------------------

    def start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="pcsc-card-monitor")
            self._thread.start()

    def stop(self) -> None:
        """Idempotent; returns once the thread has ended."""
        with self._lock:
            thread, self._thread = self._thread, None
            context = self._context
            self._stop.set()
        if context is not None:
            scard.SCardCancel(context)  # wakes a GetStatusChange now rather than at its timeout
        if thread is not None:
            thread.join(timeout=10.0)
        with self._lock:
            self._health = HealthReport(HealthState.NOT_READY, "monitor stopped")

    def health(self) -> HealthReport:
        with self._lock:
            return self._health

    @property
    def reader(self) -> str | None:
        with self._lock:
            return self._reader

    @property
    def card_present(self) -> bool:
        with self._lock:
            return self._present

    # --- thread -----------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                if not self._step():
                    self._back_off()
        except Exception:  # a bug here must show in the log and in health, not vanish
            log.exception("card monitor crashed")
            self._set_health(HealthReport(HealthState.FAILED, "card monitor crashed"))
        finally:
            self._drop_context()

    def _step(self) -> bool:
        """One round; False asks for a back-off pause before the next."""
        context = self._ensure_context()
        if context is None:
            return False
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult in _SERVICE_LOST:
            return self._service_lost(hresult)
        found = find_reader(list(readers or []), self._match) if hresult == 0 else None
        self._track_reader(found)
        if found is None:
            self._set_health(
                HealthReport(HealthState.NOT_READY, f"no reader matching {self._match!r}")
            )
            return False
        self._set_health(READY)
        self._backoff = self._backoff_min
        state = scard.SCARD_STATE_PRESENT if self._present else scard.SCARD_STATE_EMPTY
        hresult, states = scard.SCardGetStatusChange(context, self._poll_ms, [(found, state)])
        if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
            return True
        if hresult in _SERVICE_LOST:
            return self._service_lost(hresult)
        if hresult in _READER_GONE:
            self._track_reader(None)
            return True
        if hresult != scard.SCARD_S_SUCCESS:
            log.warning("SCardGetStatusChange: %s", scard.SCardGetErrorMessage(hresult))
            return False
        _name, event_state, _atr = states[0]
        if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            self._track_reader(None)
            return True
        present = bool(event_state & scard.SCARD_STATE_PRESENT) and not (
            event_state & scard.SCARD_STATE_MUTE
        )
        self._track_card(present, found)
        return True

    def _ensure_context(self) -> int | None:
        with self._lock:
            if self._context is not None:
                return self._context
        hresult, established = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        context = int(established)
        if hresult != scard.SCARD_S_SUCCESS:
            self._track_reader(None)
            self._set_health(
                HealthReport(HealthState.NOT_READY, "PC/SC service (pcscd) not running")
            )
            return None
        with self._lock:
            if self._stop.is_set():
                scard.SCardReleaseContext(context)
                return None
            self._context = context
        return context

    def _service_lost(self, hresult: int) -> bool:
        detail = f"lost pcscd: {scard.SCardGetErrorMessage(hresult)}"
        self._drop_context()
        self._track_reader(None)
        self._set_health(HealthReport(HealthState.NOT_READY, detail))
        return False

    def _drop_context(self) -> None:
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)

    def _back_off(self) -> None:
        self._clock.wait(self._backoff, self._stop)
        self._backoff = min(self._backoff * 2, self._backoff_max)

    def _track_reader(self, reader: str | None) -> None:
        with self._lock:
            before = self._reader
            self._reader = reader
        if before == reader:
            return
        if before is not None:
            self._track_card(False, before)  # the card went with its reader
        log.info("card reader %s", f"{reader!r} present" if reader else f"{before!r} gone")
        if self._on_reader is not None:
            try:
                self._on_reader(reader)
            except Exception:
                log.exception("reader callback raised")

    def _track_card(self, present: bool, reader: str) -> None:
        with self._lock:
            if self._present == present:
                return
            self._present = present
        kind = CardEventKind.CARD_INSERTED if present else CardEventKind.CARD_REMOVED
        try:
            self._on_card(CardEvent(kind, reader))
        except Exception:
            log.exception("card event callback raised on %s", kind)

    def _set_health(self, report: HealthReport) -> None:
        with self._lock:
            before, self._health = self._health, report
        if before != report:  # each transition logged once, not once per poll
            level = logging.INFO if report.state is HealthState.READY else logging.WARNING
            log.log(level, "card reader health: %s %s", report.state, report.detail)
