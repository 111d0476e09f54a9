"""A QR scanner that scans whatever the test (or the simulated mode's debug panel) hands it."""

from __future__ import annotations

from collections.abc import Callable

from devices.simulated._base import SimulatedDevice, deliver
from kiosk.ports.clock import Clock, SystemClock
from kiosk.ports.qr_source import QrScan


class SimulatedQrSource(SimulatedDevice):
    """Scripting hooks: `scan(payload)`, `fail(detail)`, `recover()`.

    Scans are delivered to subscribers on the scripting thread, outside any lock.
    """

    def __init__(self, clock: Clock | None = None, name: str = "simulated-qr") -> None:
        super().__init__(clock or SystemClock(), name)
        self._subscribers: list[Callable[[QrScan], None]] = []

    def subscribe(self, callback: Callable[[QrScan], None]) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def scan(self, payload: str | bytes) -> bool:
        """Deliver one scan; False (nothing delivered) when closed or failed, like a dead scanner.

        Bytes that are not valid UTF-8 keep their raw bytes; the text gets U+FFFD replacements.
        """
        if isinstance(payload, str):
            raw, text = payload.encode("utf-8"), payload
        elif isinstance(payload, bytes):
            raw, text = payload, payload.decode("utf-8", errors="replace")
        else:
            raise TypeError(f"payload must be str or bytes, not {type(payload).__name__}")
        with self._lock:
            if not self._open or self._failure is not None:
                return False
            subscribers = list(self._subscribers)
        deliver(subscribers, QrScan(text, raw, self._name), self._name)
        return True
