"""What every simulator shares: open/closed/failed state and waits that `close()` cuts short."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import TypeVar

from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock

_log = logging.getLogger(__name__)

E = TypeVar("E")


def check_delay(name: str, seconds: float) -> float:
    if not seconds >= 0:  # also rejects NaN
        raise ValueError(f"{name} must be >= 0 seconds, got {seconds!r}")
    return float(seconds)


def deliver(callbacks: Iterable[Callable[[E], None]], event: E, source: str) -> None:
    """Call each subscriber once; a failing one stops neither the others nor the device."""
    for callback in callbacks:
        try:
            callback(event)
        except Exception:
            _log.exception("%s: subscriber %r raised on %r", source, callback, event)


class SimulatedDevice:
    """Open/close/fail state behind one lock, plus cancellable waits on the injected clock.

    `close()` is idempotent and wakes every thread blocked in `_wait`; `open()` after `close()`
    reopens the device. `fail(detail)` / `recover()` are scripting hooks for a broken device.
    """

    def __init__(self, clock: Clock, name: str) -> None:
        self._clock = clock
        self._name = name
        self._lock = threading.Lock()
        self._open = False
        self._failure: str | None = None
        self._waits: set[threading.Event] = set()

    @property
    def name(self) -> str:
        return self._name

    def open(self) -> None:
        with self._lock:
            self._open = True

    def close(self) -> None:
        with self._lock:
            if not self._open:
                return
            self._open = False
        self._cancel_waits()

    def fail(self, detail: str) -> None:
        """Scripting hook: the device breaks; health is FAILED and operations raise."""
        with self._lock:
            self._failure = detail

    def recover(self) -> None:
        """Scripting hook: undo `fail`."""
        with self._lock:
            self._failure = None

    def _base_health(self) -> HealthReport | None:
        """NOT_READY if closed, FAILED if failed, else None (caller refines). Hold the lock."""
        if not self._open:
            return HealthReport(HealthState.NOT_READY, "not open")
        if self._failure is not None:
            return HealthReport(HealthState.FAILED, self._failure)
        return None

    def health(self) -> HealthReport:
        with self._lock:
            return self._base_health() or READY

    def _cancel_waits(self) -> None:
        with self._lock:
            waits = list(self._waits)
        for event in waits:
            event.set()

    def _wait(self, seconds: float) -> bool:
        """Wait on the clock; True if cut short (by `close()` or `_cancel_waits()`) or closed."""
        cancel = threading.Event()
        with self._lock:
            if not self._open:
                return True
            self._waits.add(cancel)
        try:
            cancelled = self._clock.wait(seconds, cancel)
        finally:
            with self._lock:
                self._waits.discard(cancel)
                still_open = self._open
        return cancelled or cancel.is_set() or not still_open
