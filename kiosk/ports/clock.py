"""Time as a port, so no test ever sleeps."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float:
        """Seconds on a clock that never jumps; for timeouts."""
        ...

    def now(self) -> datetime:
        """Aware wall-clock time; for records."""
        ...

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        """Block up to `seconds` (simulated device delays); True if `cancel` was set."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        return (cancel or threading.Event()).wait(seconds)


class ManualClock:
    """A clock tests move by hand; `wait` advances it instead of sleeping."""

    def __init__(self, start: float = 1000.0, wall: datetime | None = None) -> None:
        self._t = start
        self._wall0 = wall or datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
        self._start = start
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self._t

    def now(self) -> datetime:
        from datetime import timedelta

        with self._lock:
            return self._wall0 + timedelta(seconds=self._t - self._start)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._t += seconds

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        if cancel is not None and cancel.is_set():
            return True
        self.advance(seconds)
        return False
