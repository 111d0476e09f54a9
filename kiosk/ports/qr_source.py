"""QR input port (serial or keyboard-wedge scanner, camera): a stream of decoded payloads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

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


@dataclass(frozen=True, slots=True)
class QrPreview:
    """One downscaled camera frame for the screen: 8-bit gray, row-major, `width` bytes a row."""

    width: int
    height: int
    gray: bytes
    guide: tuple[int, int, int, int]  # x, y, w, h in these pixels: where to hold the code
    decoded: bool  # this frame gave a payload

    def __post_init__(self) -> None:
        if self.width <= 0 or self.height <= 0 or len(self.gray) != self.width * self.height:
            raise ValueError(
                f"preview of {len(self.gray)} bytes does not match {self.width}x{self.height}"
            )


@runtime_checkable
class QrPreviewSource(Protocol):
    """Optional: a camera QR source that can show the citizen what it sees."""

    def subscribe_live_preview(self, callback: Callable[[QrPreview], None]) -> None:
        """Register for small frames (rate-capped), called on the adapter's own thread; the
        receiver must not keep a frame once the scanning step ends (it shows a citizen)."""
        ...
