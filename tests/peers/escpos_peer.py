"""A TCP ESC/POS printer on 127.0.0.1 (the port-9100 "raw" protocol of network printers),
answering real-time status requests (DLE EOT n) with scripted bytes as a TM-T88-class printer
does, and keeping every byte it was sent for the decoder.

The stream is parsed command by command (tests/escpos_decode.py), so a 0x10 0x04 inside raster
data is data, and a DLE EOT is answered at once with one byte, as the printer's real-time
command handling does.

Scripts (TM-T88 bit meanings, see printing/escpos/status.py):
    OK          n1 0x12, n2 0x12, n3 0x12, n4 0x12
    NEAR_END    n4 0x1E (near-end sensor)
    PAPER_OUT   n1 0x1A (offline), n2 0x32 (stopped by paper end), n4 0x7E
    COVER_OPEN  n1 0x1A (offline), n2 0x16 (cover open)
"""

from __future__ import annotations

import os
import select
import socket
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tests.escpos_decode import Command, decode_prefix

Status = Mapping[int, int]
OK: Status = MappingProxyType({1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12})
NEAR_END: Status = MappingProxyType({**OK, 4: 0x1E})
PAPER_OUT: Status = MappingProxyType({**OK, 1: 0x1A, 2: 0x32, 4: 0x7E})
COVER_OPEN: Status = MappingProxyType({**OK, 1: 0x1A, 2: 0x16})


@dataclass
class Script:
    """What the printer answers. `after_raster` takes over once a GS v 0 arrived (paper ran out
    during the job …); `drop_after_bytes` closes the connection mid-job; `silent` never
    answers (a printer that is switched off but whose network card still accepts)."""

    status: Status = field(default_factory=lambda: OK)
    after_raster: Status | None = None
    drop_after_bytes: int | None = None
    silent: bool = False


@dataclass
class Connection:
    received: bytearray = field(default_factory=bytearray)
    commands: list[Command] = field(default_factory=list)
    status_requests: list[int] = field(default_factory=list)
    dropped: bool = False


class EscposPeer:
    """`with EscposPeer() as peer:` serves on `peer.port` until closed; one thread, one client
    at a time (a printer's raw port is single-client too)."""

    def __init__(self, script: Script | None = None, port: int = 0) -> None:
        self.script = script or Script()
        self.connections: list[Connection] = []
        self._server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._server.bind(("127.0.0.1", port))
        self._server.listen(4)
        self._server.settimeout(0.1)
        self.port: int = self._server.getsockname()[1]
        self._stop = threading.Event()
        self.lock = threading.Lock()
        self._thread = threading.Thread(target=self._serve, name="escpos-peer", daemon=True)

    def __enter__(self) -> EscposPeer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        self._server.close()

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def all_commands(self) -> list[Command]:
        with self.lock:
            return [c for conn in self.connections for c in conn.commands]

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._server.accept()
            except TimeoutError:
                continue
            with client:
                client.settimeout(0.1)
                self._talk(client)

    def _talk(self, client: socket.socket) -> None:
        conn = Connection()
        with self.lock:
            self.connections.append(conn)
        brain = PrinterBrain(self, conn)
        while not self._stop.is_set():
            try:
                chunk = client.recv(65536)
            except TimeoutError:
                continue
            except OSError:
                return
            if not chunk:
                return
            script = self.script
            if script.drop_after_bytes is not None:
                room = script.drop_after_bytes - len(conn.received)
                if room <= len(chunk):
                    with self.lock:
                        conn.received += chunk[: max(room, 0)]
                        conn.dropped = True
                    client.shutdown(socket.SHUT_RDWR)
                    return
            reply = brain.feed(chunk)
            if reply:
                client.sendall(reply)


class PrinterBrain:
    """What a printer does with the bytes of one connection: keep them, parse them command by
    command, and answer each DLE EOT from the peer's current script."""

    def __init__(self, peer: EscposPeer | SerialPrinterPeer, conn: Connection) -> None:
        self._peer = peer
        self._conn = conn
        self._pending = b""
        self._raster_seen = False

    def feed(self, chunk: bytes) -> bytes:
        script = self._peer.script
        with self._peer.lock:
            self._conn.received += chunk
        self._pending += chunk
        commands, used = decode_prefix(self._pending)
        self._pending = self._pending[used:]
        reply = bytearray()
        for command in commands:
            with self._peer.lock:
                self._conn.commands.append(command)
            if command.name == "GS v 0":
                self._raster_seen = True
            elif command.name == "DLE EOT":
                n = command.args[0]
                with self._peer.lock:
                    self._conn.status_requests.append(n)
                if script.silent:
                    continue
                after = script.after_raster if self._raster_seen else None
                answer = (after or script.status).get(n)
                if answer is not None:
                    reply.append(answer)
        return bytes(reply)


class SerialPrinterPeer:
    """The same printer behind a pty: python-escpos's Serial transport opens `path`."""

    def __init__(self, script: Script | None = None) -> None:
        import tty

        self.script = script or Script()
        self.lock = threading.Lock()
        self.connection = Connection()
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        self.path = os.ttyname(self._slave)
        self._brain = PrinterBrain(self, self.connection)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="escpos-serial-peer", daemon=True)

    def __enter__(self) -> SerialPrinterPeer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        os.close(self._master)
        os.close(self._slave)

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self._master, 65536)
            except OSError:
                return
            reply = self._brain.feed(chunk)
            if reply:
                os.write(self._master, reply)
