"""A scripted serial port on a ManualClock: each chunk arrives after its delay, like a scanner."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import serial

from kiosk.ports.clock import ManualClock

Step = tuple[float, bytes] | Exception  # (seconds of silence before it, bytes) or a read error


class FakePort:
    def __init__(self, clock: ManualClock, steps: Sequence[Step]) -> None:
        self.timeout: float | None = None
        self.closed = False
        self._clock = clock
        self._steps = list(steps)
        self._chunk = b""
        self._cancel = threading.Event()
        self.drained = threading.Event()  # set once the script is used up and the reader waits

    @property
    def in_waiting(self) -> int:
        return len(self._chunk)

    def read(self, size: int = 1) -> bytes:
        if not self._chunk:
            if not self._steps and self.timeout is not None:
                self._clock.advance(self.timeout)  # silence until the read times out
                return b""
            if not self._steps:
                self.drained.set()
                self._cancel.wait(5.0)  # a silent scanner: block until close() cancels
                self._cancel.clear()
                return b""
            step = self._steps[0]
            if isinstance(step, Exception):
                self._steps.pop(0)
                raise step
            delay, data = step
            if self.timeout is not None and delay > self.timeout:
                self._clock.advance(self.timeout)  # the read times out first
                self._steps[0] = (delay - self.timeout, data)
                return b""
            self._steps.pop(0)
            self._clock.advance(delay)
            self._chunk = data
        out, self._chunk = self._chunk[:size], self._chunk[size:]
        return out

    def cancel_read(self) -> None:
        self._cancel.set()

    def close(self) -> None:
        self.closed = True


class Opener:
    """Hands out the scripted ports in turn; None in the list means 'the port is not there'."""

    def __init__(self, clock: ManualClock, ports: Sequence[FakePort | None]) -> None:
        self._clock = clock
        self._ports = list(ports)
        self.attempts: list[float] = []
        self.opened: list[FakePort] = []

    def __call__(self) -> FakePort:
        self.attempts.append(self._clock.monotonic())
        port = self._ports.pop(0) if self._ports else None
        if port is None:
            raise serial.SerialException("[Errno 2] could not open port: No such file")
        self.opened.append(port)
        return port


def collector() -> tuple[list[bytes], Callable[[object], None]]:
    seen: list[bytes] = []

    def on_scan(scan: object) -> None:
        seen.append(scan.raw)  # type: ignore[attr-defined]

    return seen, on_scan
