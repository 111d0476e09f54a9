"""A keyboard-wedge QR scanner as a QrSource: an event filter on the QApplication.

Installed on the application, the filter sees every key before any widget does, so a scan works
on any screen (with or without a text field) and never lands in a focused form field. Keys a
person types pass through, held back by at most `flush_after_s` (see devices.qr_wedge.burst).

Scan text is kept exactly as the keys produced it. Wedge scanners behind a Vietnamese input method
drop or double letters (research vn-formats §1.3); repairing or refusing that is the payload
classifier's job, which flags such a card QR as damaged so the flow asks for the camera or chip.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent

from devices.qr_serial.payload_kind import log_if_damaged
from devices.qr_wedge.burst import BurstTracker, KeyKind, Outcome
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock, SystemClock
from kiosk.ports.qr_source import QrScan

log = logging.getLogger(__name__)

_END_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab}
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
}
_CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True, slots=True)
class HeldKey:
    receiver: QObject
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


def key_kind(event: QKeyEvent) -> KeyKind:
    key = event.key()
    if event.isAutoRepeat() or event.modifiers() & _CHORD:
        return KeyKind.OTHER
    if key in _END_KEYS:
        return KeyKind.END
    if key in _MODIFIER_KEYS:
        return KeyKind.MODIFIER
    text = event.text()
    if text and text.isprintable():
        return KeyKind.CHAR
    return KeyKind.OTHER


class WedgeQrSource(QObject):
    """QrSource; open/close/subscribe on the GUI thread, subscribers called on the GUI thread.

    `repeat_window_s`: some readers send each payload twice (research §1.3); an identical scan
    within this window is dropped.
    """

    def __init__(
        self,
        clock: Clock | None = None,
        gap_s: float = 0.04,
        min_chars: int = 6,
        flush_after_s: float = 0.15,
        repeat_window_s: float = 1.0,
        name: str = "qr-wedge",
    ) -> None:
        super().__init__()
        self._clock = clock or SystemClock()
        self._tracker: BurstTracker[HeldKey] = BurstTracker(gap_s, min_chars, flush_after_s)
        self._repeat_window = repeat_window_s
        self._name = name
        self._subscribers: list[Callable[[QrScan], None]] = []
        self._installed = False
        self._replaying = False
        self._swallowed: set[int] = set()  # keys whose release must not reach a widget either
        self._last_scan: tuple[str, float] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.poll)

    # --- QrSource ---------------------------------------------------------------------------

    def open(self) -> None:
        app = QCoreApplication.instance()
        if app is None or self._installed:
            return
        app.installEventFilter(self)
        self._installed = True
        log.info("%s: listening for keyboard-wedge scans", self._name)

    def health(self) -> HealthReport:
        if self._installed:
            return READY
        if QCoreApplication.instance() is None:
            return HealthReport(HealthState.NOT_READY, "no QApplication to listen on")
        return HealthReport(HealthState.NOT_READY, "not open")

    def subscribe(self, callback: Callable[[QrScan], None]) -> None:
        self._subscribers.append(callback)

    def close(self) -> None:
        """Idempotent. Keys still held go back to their widgets rather than vanish."""
        if not self._installed:
            return
        self._installed = False
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._replay(self._tracker.drain())

    # --- filter -----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._replaying or not isinstance(event, QKeyEvent):
            return False
        now = self._clock.monotonic()
        if event.type() is QEvent.Type.KeyRelease:
            if event.isAutoRepeat() or event.key() not in self._swallowed:
                return False
            self._swallowed.discard(event.key())
            return True
        if event.type() is not QEvent.Type.KeyPress:
            return False
        # Window-system timestamps survive a busy GUI thread; synthetic events carry 0.
        key_time = event.timestamp() / 1000.0 if event.timestamp() else now
        held = HeldKey(watched, event.key(), event.modifiers(), event.text())
        outcome = self._tracker.press(key_kind(event), event.text(), held, key_time, now)
        if outcome.swallow:
            self._swallowed.add(event.key())
        self._apply(outcome)
        return outcome.swallow

    def poll(self) -> None:
        """Resolve a burst whose time is up (the timer calls it; tests call it after a clock
        step)."""
        self._apply(self._tracker.expire(self._clock.monotonic()))

    def _apply(self, outcome: Outcome[HeldKey]) -> None:
        self._replay(outcome.release)
        if outcome.scan is not None:
            self._deliver(outcome.scan, outcome.flushed)
        deadline = self._tracker.deadline()
        if deadline is None:
            self._timer.stop()
        else:
            wait_ms = max(0, round((deadline - self._clock.monotonic()) * 1000))
            self._timer.start(wait_ms + 1)

    def _replay(self, keys: list[HeldKey]) -> None:
        self._replaying = True
        try:
            for held in keys:
                if not shiboken6.isValid(held.receiver):
                    continue  # the widget went away while its key was held
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QCoreApplication.sendEvent(
                        held.receiver, QKeyEvent(kind, held.key, held.modifiers, held.text)
                    )
                self._swallowed.discard(held.key)
        finally:
            self._replaying = False

    def _deliver(self, text: str, flushed: bool) -> None:
        now = self._clock.monotonic()
        if self._last_scan is not None:
            last_text, at = self._last_scan
            if text == last_text and now - at < self._repeat_window:
                log.info("%s: dropped a repeated scan (%d chars)", self._name, len(text))
                return
        self._last_scan = (text, now)
        if flushed:
            log.info("%s: burst ended without Enter; taken as a scan", self._name)
        log_if_damaged(text, self._name)
        scan = QrScan(text, text.encode("utf-8"), self._name)
        for callback in list(self._subscribers):
            try:
                callback(scan)
            except Exception:
                log.exception("%s: subscriber %r raised", self._name, callback)
