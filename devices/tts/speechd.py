"""speech-dispatcher through its own protocol (SSIP) on its Unix socket.

Why not QtTextToSpeech: it lives in PySide6-Addons (a 175 MB wheel we do not otherwise need) and
needs a Qt event loop on the speaking thread; SSIP is a small, stable, line-based text protocol
(the one `spd-say` and libspeechd speak). See docs/decisions/0006-voice.md.

Replies are lines "NNN-data" ending with "NNN text"; 7xx replies are events (701 BEGIN, 702 END,
703 CANCELED, 704 PAUSED, 705 RESUMED) whose first two lines carry the message and client ids.
One reader thread splits replies from events.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import threading
import time
from collections import deque
from pathlib import Path

from devices.tts.engines import EngineFailed
from kiosk.ports.speaker import EngineStatus, Utterance

log = logging.getLogger(__name__)

_DONE = {"702", "703"}  # END, CANCELED


class SsipError(Exception):
    pass


def default_socket() -> Path:
    """$SPEECHD_ADDRESS (unix_socket:PATH), else the per-user default socket."""
    address = os.environ.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:") and len(address) > len("unix_socket:"):
        return Path(address.split(":", 1)[1])
    runtime = os.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    return Path(runtime) / "speech-dispatcher" / "speechd.sock"


class SsipClient:
    def __init__(self, path: Path, timeout_s: float = 5.0) -> None:
        self._timeout = timeout_s
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.settimeout(timeout_s)
        try:
            self._sock.connect(str(path))
        except OSError as exc:
            self._sock.close()
            raise SsipError(f"cannot connect to {path}: {exc}") from None
        self._sock.settimeout(None)
        # one slot per reply expected, in the order the commands were sent: a queue for a caller
        # waiting on it, or None for a reply nobody waits for (CANCEL from the GUI thread)
        self._pending: deque[queue.Queue[tuple[str, list[str]]] | None] = deque()
        self._events: dict[str, str] = {}  # message id → last event code
        self.began_at: dict[str, float] = {}  # message id → monotonic time of 701 BEGIN
        self._cond = threading.Condition()
        self._send_lock = threading.Lock()
        self._command_lock = threading.Lock()
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="ssip-reader", daemon=True)
        self._reader.start()

    # ---- commands --------------------------------------------------------------------------

    def command(self, line: str, expect: str = "2") -> tuple[str, list[str]]:
        with self._command_lock:
            slot = self._send(line + "\r\n")
            return self._reply(slot, expect, line)

    def speak(self, text: str) -> str:
        """Queue `text`; returns its message id."""
        body = " ".join(text.splitlines())
        if body.startswith("."):
            body = "." + body  # SSIP escapes a leading dot
        with self._command_lock:
            self._reply(self._send("SPEAK\r\n"), "230", "SPEAK")
            code, lines = self._reply(self._send(body + "\r\n.\r\n"), "225", "SPEAK data")
        if not lines:
            raise SsipError(f"SPEAK answered {code} without a message id")
        return lines[0]

    def wait_done(self, msg_id: str, stop: threading.Event, timeout_s: float) -> str:
        """Block until END/CANCELED for `msg_id` (or `stop`, or the timeout); the event code."""
        waited = 0.0
        with self._cond:
            while self._events.get(msg_id) not in _DONE:
                if stop.is_set() or self._closed:
                    return "stopped"
                if waited >= timeout_s:
                    raise SsipError(f"message {msg_id}: no END after {timeout_s:.0f} s")
                self._cond.wait(0.05)
                waited += 0.05
            return self._events.pop(msg_id)

    def cancel(self) -> None:
        """Stop speaking now. Never waits (it is called from the GUI thread): the reply is
        read and dropped by the reader."""
        try:
            self._send("CANCEL self\r\n", wait=False)
        except SsipError as exc:
            log.warning("speechd: cancel failed: %s", exc)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            with self._send_lock:
                self._sock.sendall(b"QUIT\r\n")
        except OSError:
            pass
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()
        self._reader.join(timeout=2)
        with self._cond:
            self._cond.notify_all()

    # ---- internals -------------------------------------------------------------------------

    def _send(self, data: str, wait: bool = True) -> queue.Queue[tuple[str, list[str]]] | None:
        slot: queue.Queue[tuple[str, list[str]]] | None = queue.Queue(maxsize=1) if wait else None
        try:
            with self._send_lock:  # the slot order is the send order
                self._pending.append(slot)
                self._sock.sendall(data.encode("utf-8"))
        except OSError as exc:
            raise SsipError(f"send failed: {exc}") from None
        return slot

    def _reply(
        self, slot: queue.Queue[tuple[str, list[str]]] | None, expect: str, what: str
    ) -> tuple[str, list[str]]:
        assert slot is not None
        try:
            code, lines = slot.get(timeout=self._timeout)
        except queue.Empty:
            raise SsipError(f"{what}: no reply in {self._timeout:.0f} s") from None
        if not code.startswith(expect):
            raise SsipError(f"{what}: {code} {' '.join(lines)}")
        return code, lines

    def _read(self) -> None:
        buffer = b""
        lines: list[str] = []
        while True:
            try:
                chunk = self._sock.recv(4096)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            while b"\r\n" in buffer:
                raw, buffer = buffer.split(b"\r\n", 1)
                line = raw.decode("utf-8", errors="replace")
                code, sep, rest = line[:3], line[3:4], line[4:]
                if sep == "-":
                    lines.append(rest)
                    continue
                if code.startswith("7"):
                    if lines and code == "701":
                        self.began_at[lines[0]] = time.monotonic()
                    if lines:
                        with self._cond:
                            self._events[lines[0]] = code
                            self._cond.notify_all()
                else:
                    try:
                        slot = self._pending.popleft()
                    except IndexError:
                        slot = None  # a reply nobody asked for: ignore
                    if slot is not None:
                        slot.put((code, [*lines, rest] if code == "225" else lines))
                lines = []
        with self._cond:
            self._closed = True
            self._cond.notify_all()


def ssip_rate(rate: float) -> int:
    return max(-100, min(100, round((rate - 1.0) * 100)))


def ssip_volume(volume: float) -> int:
    return max(-100, min(100, round(volume * 200 - 100)))


class SpeechdEngine:
    """Speaks through a running speech-dispatcher (espeak-ng module, Vietnamese)."""

    name = "speechd"

    def __init__(
        self,
        socket_path: Path | None = None,
        language: str = "vi",
        module: str = "espeak-ng",
        timeout_s: float = 60.0,
    ) -> None:
        self._path = socket_path or default_socket()
        self._language = language
        self._module = module
        self._timeout = timeout_s
        self._client: SsipClient | None = None
        self._lock = threading.Lock()
        self.queued = threading.Event()  # set once an utterance was accepted (tests, bench)
        self.last_message: tuple[SsipClient, str] | None = None  # (bench: BEGIN time)

    def probe(self) -> EngineStatus:
        if not self._path.exists():
            return EngineStatus(self.name, False, f"not running (no socket {self._path})")
        try:
            self._connect()
        except SsipError as exc:
            return EngineStatus(self.name, False, str(exc))
        return EngineStatus(self.name, True, f"{self._module} {self._language} at {self._path}")

    def _connect(self) -> SsipClient:
        with self._lock:
            if self._client is not None:
                return self._client
            client = SsipClient(self._path)
            try:
                client.command("SET self CLIENT_NAME kiosk:voice:main")
                client.command(f"SET self OUTPUT_MODULE {self._module}")
                client.command(f"SET self LANGUAGE {self._language}")
                client.command("SET self NOTIFICATION ALL on")
            except SsipError:
                client.close()
                raise
            self._client = client
            return client

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        try:
            client = self._connect()
            client.command(f"SET self RATE {ssip_rate(utterance.rate)}")
            client.command(f"SET self VOLUME {ssip_volume(utterance.volume)}")
            msg_id = client.speak(spoken)
            self.queued.set()
            self.last_message = (client, msg_id)
            result = client.wait_done(msg_id, stop, self._timeout)
        except SsipError as exc:
            self._drop()
            raise EngineFailed(f"speechd: {exc}") from None
        if result == "stopped":
            client.cancel()
            return False
        return result == "702"

    def cancel(self) -> None:
        with self._lock:
            client = self._client
        if client is not None:
            client.cancel()

    def close(self) -> None:
        self._drop()

    def _drop(self) -> None:
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()
