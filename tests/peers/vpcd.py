"""The card side of vsmartcard's vpcd socket protocol: a Python card object in a real reader.

pcscd's vpcd driver listens on TCP (35963 for reader "Virtual PCD 00 00", 35964 for "… 00 01");
a virtual card connects as the client. Every message either way is a 2-byte big-endian length
followed by the payload. A 1-byte message from vpcd is a control code (0 power off, 1 power on,
2 reset, 4 "send your ATR", which vpcd also uses to poll for presence); anything longer is a
command APDU, answered with the response APDU. Closing the socket is how the card leaves the
reader: vpcd then reports the slot empty to pcscd.

Written from the protocol description in the vsmartcard documentation; no code copied.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from typing import Protocol

# pcscd polls vpcd for presence every 400 ms; a card back in the slot before the next poll is
# taken for the one that left (never seen absent), and pcscd then keeps the slot "empty" after a
# failed reset. A hand cannot swap a card that fast, so the slot stays empty at least this long.
MIN_OUT_S = 1.0

VPCD_HOST = "127.0.0.1"
_last_out: dict[tuple[str, int], float] = {}  # per slot, across VirtualCard objects
VPCD_PORT = 35963  # reader "Virtual PCD 00 00"; 35964 is "Virtual PCD 00 01"

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4


class Card(Protocol):
    """What tests/emrtd/card.py's EmrtdCard (or any test card) offers."""

    atr: bytes

    def apdu(self, command: bytes) -> bytes: ...
    def reset(self) -> None: ...


class VirtualCard:
    """One slot of the virtual reader: `insert(card)` connects to vpcd, `remove()` hangs up.

    `remove_after(n)` makes the card vanish instead of answering its n-th next APDU, which is
    exactly what a citizen pulling the card mid-read looks like to pcscd.
    """

    def __init__(self, port: int = VPCD_PORT, host: str = VPCD_HOST) -> None:
        self._address = (host, port)
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._card: Card | None = None
        self._vanish_in: int | None = None
        self.apdus: list[bytes] = []  # every command APDU the card received, in order
        self.error: BaseException | None = None  # a card object that raised, for the test to see

    @property
    def inserted(self) -> bool:
        with self._lock:
            return self._sock is not None

    def insert(self, card: Card, connect_timeout_s: float = 10.0) -> None:
        if self.inserted:
            raise ValueError("the slot already holds a card; remove() it first")
        # vpcd only listens once pcscd has loaded the driver; a restart briefly closes the port.
        time.sleep(max(0.0, _last_out.get(self._address, 0.0) + MIN_OUT_S - time.monotonic()))
        deadline = time.monotonic() + connect_timeout_s
        while True:
            try:
                sock = socket.create_connection(self._address, timeout=2.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # test helper, not a unit test: waiting on a real daemon
        sock.settimeout(None)
        # vpcd writes the length and the payload separately; without these, Nagle on its side
        # and delayed ACKs on ours add ~40 ms to every APDU.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        thread = threading.Thread(
            target=self._serve, args=(sock, card), name=f"vpcd-card-{self._address[1]}"
        )
        with self._lock:
            self._sock, self._card, self._thread, self.error = sock, card, thread, None
        thread.start()

    def remove(self) -> None:
        """Take the card out (no-op when empty); returns once the serving thread has ended."""
        with self._lock:
            sock, thread = self._sock, self._thread
            self._sock, self._thread, self._card, self._vanish_in = None, None, None, None
            if sock is not None:
                _last_out[self._address] = time.monotonic()
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the thread's blocking recv
            sock.close()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5.0)

    def remove_after(self, apdus: int) -> None:
        """Vanish instead of answering the `apdus`-th command from now (1 = the next one)."""
        with self._lock:
            self._vanish_in = apdus

    def close(self) -> None:
        self.remove()

    # --- serving thread ---------------------------------------------------------------------

    def _serve(self, sock: socket.socket, card: Card) -> None:
        try:
            while True:
                message = _receive(sock)
                if message is None:
                    return  # vpcd hung up: pcscd stopped or restarted
                reply = self._handle(card, message)
                if reply is _VANISH:
                    return
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
        except OSError:
            return  # remove() closed the socket under us
        except Exception as error:  # a bug in the card object: keep it for the test to report
            self.error = error
        finally:
            self._vanish(sock)  # whatever ended the session, the slot is empty now

    def _handle(self, card: Card, message: bytes) -> bytes | None:
        if len(message) == 1:
            code = message[0]
            if code == GET_ATR:
                return card.atr
            if code in (POWER_ON, RESET):
                card.reset()  # a power cycle drops the chip's session keys, as on a real card
            return None  # power off / on / reset expect no answer
        with self._lock:
            if self._vanish_in is not None:
                self._vanish_in -= 1
                if self._vanish_in <= 0:
                    return _VANISH
        self.apdus.append(message)
        return card.apdu(message)

    def _vanish(self, sock: socket.socket) -> None:
        with self._lock:
            if self._sock is sock:
                self._sock, self._card, self._vanish_in = None, None, None
                _last_out[self._address] = time.monotonic()
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


_VANISH = b"<vanish>"


def _receive(sock: socket.socket) -> bytes | None:
    header = _exactly(sock, 2)
    if header is None:
        return None
    (length,) = struct.unpack(">H", header)
    return _exactly(sock, length)


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)  # Linux resets it per recv
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


class FileCard:
    """A tiny ISO 7816-4 card: SELECT answers 9000, READ BINARY serves one fixed file.

    Enough to test the PC/SC plumbing without the eMRTD emulator.
    """

    atr = bytes.fromhex("3B8880010000000000000000")

    def __init__(
        self, content: bytes = bytes(range(256)) * 4, chain: bool = False, exact_le: bool = False
    ) -> None:
        self.content = content
        self.chain = chain  # answer a READ BINARY with 61xx first, as T=0 cards do
        self.exact_le = exact_le  # answer 6Cxx to a READ BINARY whose Le overshoots the file
        self.resets = 0
        self._pending = b""

    def reset(self) -> None:
        self.resets += 1
        self._pending = b""

    def apdu(self, command: bytes) -> bytes:
        ins = command[1]
        if ins == 0xA4:
            return b"\x90\x00"
        if ins == 0xC0:  # GET RESPONSE
            size = command[4] or 256
            out, self._pending = self._pending[:size], self._pending[size:]
            return out + (
                b"\x61" + bytes([min(len(self._pending), 255)]) if self._pending else b"\x90\x00"
            )
        if ins == 0xB0:
            offset = (command[2] << 8) | command[3]
            le = command[4] if len(command) == 5 else 0
            if len(command) == 7 and command[4] == 0:
                le = ((command[5] << 8) | command[6]) or 65536
            elif le == 0:
                le = 256
            data = self.content[offset : offset + le]
            if self.exact_le and len(data) < le and le <= 256:
                return b"\x6c" + bytes([len(data)])
            if self.chain:
                self._pending = data
                return b"\x61" + bytes([min(len(data), 255) or 0])
            return data + b"\x90\x00"
        return b"\x6d\x00"
