"""QR input port (serial or keyboard-wedge scanner, camera): a stream of decoded payloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.devices import HealthReport


@dataclass(frozen=True, slots=True)
class QrScan:
    payload: str  # decoded text (UTF-8)
    raw: bytes  # bytes exactly as the device gave them
    source: str  # adapter name, for the log


class QrSource(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def subscribe(self, callback: Callable[[QrScan], None]) -> None:
        """Register for scans; called on the adapter's own thread."""
        ...

    def close(self) -> None: ...
