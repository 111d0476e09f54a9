"""Cut a serial scanner's byte stream into scans: by suffix, or by silence when it sends none.

Pure (no I/O, time passed in) so every framing case is unit-tested without a port.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

Suffix = Literal["cr", "lf", "crlf", "none"]
SUFFIXES: dict[str, bytes] = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n", "none": b""}

# Bytes a scanner never means as payload: NUL padding, and the C0 controls some firmwares wrap
# a scan in (STX/ETX, a stray LF when set to CR but sending CRLF). DEL is line noise too.
_EDGE_NOISE = bytes([*range(0x00, 0x20), 0x7F])
MAX_SCAN_BYTES = 4096  # a version-40 QR holds < 3 KB; more is a stuck line, not a scan


@dataclass(frozen=True, slots=True)
class Discarded:
    raw: bytes
    reason: str  # English, for the log


class Framer:
    """Feed it what each read returned; it hands back complete scans (bytes) or Discarded.

    `stale_s`: bytes left without their suffix for that long are a fragment (line noise, a
    half-sent scan from before an unplug) and are dropped when the next bytes arrive, so they
    never glue onto the front of the next scan. A scanner sends one scan in a single burst.
    """

    def __init__(
        self, suffix: Suffix = "cr", idle_gap_s: float = 0.05, stale_s: float = 0.5
    ) -> None:
        if suffix not in SUFFIXES:
            raise ValueError(f"suffix must be one of {sorted(SUFFIXES)}, got {suffix!r}")
        if not idle_gap_s > 0 or not stale_s > 0:
            raise ValueError("idle_gap_s and stale_s must be > 0")
        self._terminator = SUFFIXES[suffix]
        self._idle_gap = idle_gap_s
        self._stale = stale_s
        self._buffer = bytearray()
        self._last_byte_at = 0.0

    @property
    def pending(self) -> bool:
        return bool(self._buffer)

    def deadline(self) -> float | None:
        """When `expire` next has work: the silence that ends a scan, or makes a fragment stale."""
        if not self._buffer:
            return None
        return self._last_byte_at + (self._stale if self._terminator else self._idle_gap)

    def feed(self, data: bytes, now: float) -> list[bytes | Discarded]:
        out = self.expire(now)
        if not data:
            return out
        self._buffer += data
        self._last_byte_at = now
        if self._terminator:
            *frames, rest = bytes(self._buffer).split(self._terminator)
            self._buffer = bytearray(rest)
            out.extend(item for frame in frames if (item := _clean(frame)) is not None)
        if len(self._buffer) > MAX_SCAN_BYTES:
            out.append(Discarded(bytes(self._buffer), f"over {MAX_SCAN_BYTES} bytes without end"))
            self._buffer.clear()
        return out

    def expire(self, now: float) -> list[bytes | Discarded]:
        """What the passage of time completes: a suffix-less scan, or a stale fragment."""
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return []
        frame = bytes(self._buffer)
        self._buffer.clear()
        if self._terminator:
            if not frame.strip(b"\r\n"):
                return []  # the LF of a CRLF scanner set to CR: tolerated, not noise
            return [Discarded(frame, f"fragment without its suffix for {self._stale:g} s")]
        item = _clean(frame)
        return [] if item is None else [item]


def _clean(frame: bytes) -> bytes | Discarded | None:
    """Strip edge noise and NUL padding; None for an empty frame (a CR after an LF)."""
    if not frame:
        return None
    stripped = frame.strip(_EDGE_NOISE).replace(b"\x00", b"")
    if not stripped:
        return Discarded(frame, "line noise: only control bytes")
    if stripped != frame:
        log.debug("qr serial: dropped %d noise bytes around a scan", len(frame) - len(stripped))
    return stripped
