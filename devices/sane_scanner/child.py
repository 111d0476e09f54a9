"""The process that holds libsane: `python -m devices.sane_scanner.child`, driven by
`devices.sane_scanner.remote` over its stdin/stdout.

Why a process of its own: libsane's `sanei_thread` stops a backend's reader thread with an
asynchronous `pthread_cancel`, which can land while that thread holds a libc lock (malloc's arena
lock, gettext's rwlock). The lock is then never released and the next thread that needs it —
any thread of the process, the GUI thread included — waits forever. Reproduced here with SANE's
`test` backend (a start + cancel loop hangs about 1 run in 30, in `pthread_join` behind a reader
stuck in `tcache_thread_shutdown`); CI saw zxing-cpp's next C++ throw hang the same way. Here it
can only hang this process, which the kiosk kills and restarts.

Protocol: pickled frames, 4-byte big-endian length first. Request `(id, op, args)`; reply
`(id, "ok", value)` or `(id, "error", kind, message)` where kind names a ScanError class. Ops run
one at a time in order on one thread, except `cancel`, which runs at once (SANE allows
`sane_cancel` during a read: the read then ends CANCELLED). Both ends are this program, so pickle
carries only our own tuples, bytes and ScanSettings.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any, BinaryIO

from devices.sane_scanner.errors import translate
from devices.sane_scanner.options import apply_settings
from kiosk.ports.document_scanner import ScanError, ScanSettings

log = logging.getLogger("devices.sane_scanner.child")

HEADER = struct.Struct(">I")


def read_frame(stream: BinaryIO) -> Any | None:
    """One frame, or None at end of stream."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)


def write_frame(stream: BinaryIO, value: object) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(body)) + body)
    stream.flush()


class Scanner:
    """libsane in this process: one device at most, opened on demand."""

    def __init__(self) -> None:
        import sane

        self._sane = sane
        self.version = sane.init()
        self._dev: Any = None

    def devices(self) -> list[tuple[str, str, str, str]]:
        found: list[Any] = self._sane.get_devices()
        return [(str(d[0]), str(d[1]), str(d[2]), str(d[3])) for d in found]

    def open(self, name: str, options: dict[str, object]) -> str:
        if not name:
            devices = self.devices()
            if not devices:
                raise ScanError("libsane lists no scanner")  # remapped to NoDevice by the parent
            name = devices[0][0]
        self.close()
        self._dev = self._sane.open(name)
        self.set_options(options)
        return name

    def set_options(self, options: dict[str, object]) -> list[str]:
        refused = []
        for key, value in options.items():
            try:
                setattr(self._device(), key, value)
            except Exception as error:
                log.warning("sane child: option %s=%r refused: %r", key, value, error)
                refused.append(key)
        return refused

    def apply(self, settings: ScanSettings) -> None:
        apply_settings(self._device(), settings)

    def scan(self) -> tuple[int, int, int, str, bytes]:
        """One frame; the device stays started (`finish` ends it) so the page is sent to the
        kiosk before the cancel that might hang."""
        dev = self._device()
        dev.start()
        image = dev.snap(no_cancel=True)
        dpi = round(float(dev.resolution))
        if image.mode not in ("RGB", "L"):
            image = image.convert("L")
        return image.width, image.height, dpi, image.mode, image.tobytes()

    def finish(self) -> None:
        if self._dev is not None:
            self._dev.cancel()

    def cancel(self) -> None:
        if self._dev is not None:
            self._dev.cancel()

    def bed_mm(self) -> tuple[float, float]:
        """The bed's far corner (mm) as the device reports it (tests check the config)."""
        opt = self._device().opt
        return float(opt["br_x"].constraint[1]), float(opt["br_y"].constraint[1])

    def close(self) -> None:
        dev, self._dev = self._dev, None
        if dev is not None:
            dev.close()

    def _device(self) -> Any:
        if self._dev is None:
            raise ScanError("no scanner is open")
        return self._dev


def _reply_error(request_id: int, error: BaseException, doing: str) -> tuple[object, ...]:
    failure = error if isinstance(error, ScanError) else translate(error, doing)
    return (request_id, "error", type(failure).__name__, str(failure))


def serve(requests: BinaryIO, replies: BinaryIO) -> int:
    write_lock = threading.Lock()

    def send(value: object) -> None:
        with write_lock:
            write_frame(replies, value)

    try:
        scanner = Scanner()
    except Exception as error:  # no libsane, or sane_init failed: say so, then stop
        send((0, "error", "NoDevice", f"libsane did not start: {error!r}"))
        return 1
    send((0, "ok", scanner.version))
    work: queue.Queue[tuple[int, str, tuple[Any, ...]] | None] = queue.Queue()
    ops: dict[str, Callable[..., object]] = {
        "list": scanner.devices,
        "open": scanner.open,
        "set_options": scanner.set_options,
        "apply": scanner.apply,
        "scan": scanner.scan,
        "finish": scanner.finish,
        "bed_mm": scanner.bed_mm,
        "close": scanner.close,
    }

    def worker() -> None:
        while (item := work.get()) is not None:
            request_id, op, args = item
            try:
                send((request_id, "ok", ops[op](*args)))
            except Exception as error:
                send(_reply_error(request_id, error, op))

    thread = threading.Thread(target=worker, name="sane-child-ops", daemon=True)
    thread.start()
    while (request := read_frame(requests)) is not None:
        request_id, op, args = request
        if op == "cancel":
            try:
                scanner.cancel()
                send((request_id, "ok", None))
            except Exception as error:
                send(_reply_error(request_id, error, "cancel"))
        elif op in ops:
            work.put((request_id, op, tuple(args)))
        else:
            send((request_id, "error", "ScanError", f"unknown op {op!r}"))
    work.put(None)  # the kiosk closed our stdin: finish what is queued, then leave
    thread.join(timeout=30)
    try:
        scanner.close()
    finally:
        scanner._sane.exit()
    return 0


def main() -> int:
    logging.basicConfig(
        level=os.environ.get("KIOSK_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s[%(process)d]: %(message)s",
        stream=sys.stderr,
    )
    # The protocol owns the real stdout; anything a backend prints goes to stderr (the journal).
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    requests = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    return serve(requests, replies)


if __name__ == "__main__":
    sys.exit(main())
