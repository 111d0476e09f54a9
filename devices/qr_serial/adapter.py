"""A serial QR scanner (RS-232, or USB in CDC/COM mode) read by pyserial on its own thread.

Unplugging is routine at a kiosk (cleaners, a loose USB cable): the reader reports NOT_READY,
reopens the port with exponential back-off on the injected clock, and reports READY again once
it is back. A silent scanner costs nothing: the thread blocks in `read` until bytes arrive or
`close()` cancels the read.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Protocol

import serial

from devices.qr_serial.framing import Discarded, Framer, Suffix
from devices.qr_serial.payload_kind import log_if_damaged
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.clock import Clock, SystemClock
from kiosk.ports.qr_source import QrScan

log = logging.getLogger(__name__)


class SerialPort(Protocol):
    """The part of `serial.Serial` the reader uses (a fake in unit tests)."""

    timeout: float | None

    @property
    def in_waiting(self) -> int: ...
    def read(self, size: int = 1) -> bytes: ...
    def cancel_read(self) -> None: ...
    def close(self) -> None: ...


_PORT_ERRORS = (serial.SerialException, OSError)


class SerialQrSource:
    """QrSource for a serial scanner. Subscribers are called on the reader thread."""

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        suffix: Suffix = "cr",
        clock: Clock | None = None,
        idle_gap_s: float = 0.05,
        stale_s: float = 0.5,
        backoff_s: tuple[float, float] = (0.25, 5.0),
        opener: Callable[[], SerialPort] | None = None,
    ) -> None:
        if baudrate <= 0:
            raise ValueError(f"baudrate must be > 0, got {baudrate!r}")
        if not 0 < backoff_s[0] <= backoff_s[1]:
            raise ValueError(f"backoff_s must be 0 < min <= max, got {backoff_s!r}")
        Framer(suffix, idle_gap_s, stale_s)  # validates the framing options now, not on the thread
        self._port_name = port
        self._baudrate = baudrate
        self._suffix: Suffix = suffix
        self._idle_gap = idle_gap_s
        self._stale = stale_s
        self._clock = clock or SystemClock()
        self._backoff_min, self._backoff_max = backoff_s
        self._opener = opener or self._open_pyserial
        self._name = f"qr-serial:{port}"
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._serial: SerialPort | None = None
        self._health = HealthReport(HealthState.NOT_READY, "not open")
        self._subscribers: list[Callable[[QrScan], None]] = []

    @property
    def name(self) -> str:
        return self._name

    # --- QrSource ---------------------------------------------------------------------------

    def open(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()

    def health(self) -> HealthReport:
        with self._lock:
            return self._health

    def subscribe(self, callback: Callable[[QrScan], None]) -> None:
        with self._lock:
            self._subscribers.append(callback)

    def close(self) -> None:
        """Idempotent; returns once the reader thread has ended."""
        with self._lock:
            thread, self._thread = self._thread, None
            port = self._serial
            self._stop.set()
        if port is not None:
            port.cancel_read()
        if thread is not None:
            thread.join(timeout=10.0)
            if thread.is_alive():
                log.error("%s: reader thread did not stop", self._name)
        self._set_health(HealthReport(HealthState.NOT_READY, "closed"))

    # --- reader thread ----------------------------------------------------------------------

    def _open_pyserial(self) -> SerialPort:
        port: SerialPort = serial.Serial(self._port_name, self._baudrate, timeout=None)
        return port

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                port = self._connect()
                if port is None:
                    return
                try:
                    self._read_until_lost(port)
                finally:
                    with self._lock:
                        self._serial = None
                    _quiet_close(port)
                # A port that opens but fails every read must not spin open/fail in a loop.
                if self._clock.wait(self._backoff_min, self._stop):
                    return
        except Exception:  # a bug must show in the log and in health, not end the thread quietly
            log.exception("%s: reader crashed", self._name)
            self._set_health(HealthReport(HealthState.FAILED, "serial reader crashed"))

    def _connect(self) -> SerialPort | None:
        """Open the port, backing off between failures; None once close() was called."""
        backoff = self._backoff_min
        while not self._stop.is_set():
            try:
                port = self._opener()
            except _PORT_ERRORS as error:
                self._set_health(
                    HealthReport(HealthState.NOT_READY, f"cannot open {self._port_name}: {error}")
                )
                if self._clock.wait(backoff, self._stop):
                    return None
                backoff = min(backoff * 2, self._backoff_max)
                continue
            with self._lock:
                if self._stop.is_set():  # close() ran while we were opening: it cannot cancel us
                    _quiet_close(port)
                    return None
                self._serial = port
            self._set_health(READY)
            return port
        return None

    def _read_until_lost(self, port: SerialPort) -> None:
        framer = Framer(self._suffix, self._idle_gap, self._stale)
        while not self._stop.is_set():
            deadline = framer.deadline()
            timeout = None if deadline is None else max(0.0, deadline - self._clock.monotonic())
            try:
                if port.timeout != timeout:
                    port.timeout = timeout
                data = port.read(1)
                if data and port.in_waiting:
                    data += port.read(port.in_waiting)
            except _PORT_ERRORS as error:
                if not self._stop.is_set():
                    self._set_health(
                        HealthReport(HealthState.NOT_READY, f"scanner unplugged: {error}")
                    )
                return
            for item in framer.feed(data, self._clock.monotonic()):
                self._emit(item)

    def _emit(self, item: bytes | Discarded) -> None:
        if isinstance(item, Discarded):
            log.warning("%s: discarded %d bytes: %s", self._name, len(item.raw), item.reason)
            return
        scan = QrScan(item.decode("utf-8", errors="replace"), item, self._name)
        log_if_damaged(scan.payload, self._name)
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(scan)
            except Exception:
                log.exception("%s: subscriber %r raised", self._name, callback)

    def _set_health(self, report: HealthReport) -> None:
        with self._lock:
            before, self._health = self._health, report
        if before != report:  # identical reports (each failed retry) are logged once
            expected = report.ready or report.detail == "closed"
            level = logging.INFO if expected else logging.WARNING
            log.log(level, "%s: %s -> %s %s", self._name, before.state, report.state, report.detail)


def _quiet_close(port: SerialPort) -> None:
    with contextlib.suppress(*_PORT_ERRORS):  # the device is already gone; nothing to release
        port.close()
