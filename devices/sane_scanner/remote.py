"""libsane in a child process (`devices.sane_scanner.child`), seen from the kiosk.

Why: see the child's docstring — libsane cancels its reader threads asynchronously and can leave
a libc lock held forever; in our process that would freeze the kiosk, in the child it freezes
only the child, which is killed when an answer is late and started again on the next open.

Thread-safe; every call blocks, so call from a worker. An op that gets no answer in time kills
the child and raises ScannerIoError; after a `cancel()`, the op in progress gets `cancel_grace_s`
to end before the same happens. A dead child is started again only by `open`/`list` (its device
state is gone, so anything else says so instead of talking to a fresh, empty libsane).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from devices.sane_scanner.child import read_frame, write_frame
from kiosk.ports import document_scanner as port
from kiosk.ports.document_scanner import NoDevice, ScanError, ScannerIoError

log = logging.getLogger(__name__)

_ERRORS: dict[str, type[ScanError]] = {
    cls.__name__: cls
    for cls in (
        port.ScanError,
        port.NoPaper,
        port.CoverOpen,
        port.PaperJam,
        port.DeviceBusy,
        port.NoDevice,
        port.ScannerIoError,
        port.ScanCancelled,
    )
}
_STARTS = frozenset({"open", "list"})  # the ops that may start a (new) child
_POLL_S = 0.2


@dataclass
class _Pending:
    child: int  # the pid it was sent to: only that child's end fails it
    done: threading.Event = field(default_factory=threading.Event)
    reply: tuple[Any, ...] | None = None


class SaneProcess:
    def __init__(
        self,
        *,
        start_timeout_s: float = 60.0,  # sane_init probes USB and network backends
        op_timeout_s: float = 30.0,
        cancel_grace_s: float = 5.0,
        command: list[str] | None = None,
    ) -> None:
        self.start_timeout_s = start_timeout_s
        self.op_timeout_s = op_timeout_s
        self.cancel_grace_s = cancel_grace_s
        self._command = command or [sys.executable, "-m", "devices.sane_scanner.child"]
        self._lock = threading.Lock()  # the fields below and writes to the child
        self._proc: subprocess.Popen[bytes] | None = None
        self._pending: dict[int, _Pending] = {}
        self._next_id = 1
        self._cancel_deadline: float | None = None
        self.starts = 0  # how many children were started (tests and diagnostics read it)

    # --- calls ------------------------------------------------------------------------------

    def call(self, op: str, *args: object, timeout_s: float | None = None) -> Any:
        """Run `op` in the child; its value, or the ScanError it raised."""
        if op in _STARTS:
            self._ensure_started()
        with self._lock:
            proc = self._proc
            if proc is None or proc.poll() is not None:
                raise ScannerIoError(f"the scanner process is not running ({op})")
            request_id, self._next_id = self._next_id, self._next_id + 1
            pending = self._pending[request_id] = _Pending(proc.pid)
            self._cancel_deadline = None
            self._send(proc, (request_id, op, args))
        return self._wait(op, request_id, pending, timeout_s or self.op_timeout_s)

    def cancel(self) -> None:
        """Out of band: the op in progress (a scan) ends CANCELLED, or the child is killed if it
        has not ended `cancel_grace_s` later. Never raises."""
        with self._lock:
            proc = self._proc
            if proc is None or proc.poll() is not None:
                return
            self._cancel_deadline = time.monotonic() + self.cancel_grace_s
            try:
                self._send(proc, (0, "cancel", ()))
            except ScannerIoError as error:
                log.debug("sane process: cancel: %s", error)

    def close(self) -> None:
        """Let the child finish and leave (it closes the device and calls sane_exit)."""
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            with self._lock:
                if proc.stdin is not None:
                    proc.stdin.close()
            proc.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            log.warning("sane process %d did not leave in 10 s: killed", proc.pid)
            proc.kill()
            proc.wait()

    def kill(self, why: str) -> None:
        with self._lock:
            proc = self._proc
        if proc is not None and proc.poll() is None:
            log.error("sane process %d killed: %s", proc.pid, why)
            proc.kill()
            proc.wait()

    @property
    def alive(self) -> bool:
        with self._lock:
            return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        with self._lock:
            return self._proc.pid if self._proc is not None else None

    # --- internals --------------------------------------------------------------------------

    def _wait(self, op: str, request_id: int, pending: _Pending, timeout_s: float) -> Any:
        deadline = time.monotonic() + timeout_s
        while not pending.done.wait(_POLL_S):
            now = time.monotonic()
            with self._lock:
                cancel_deadline = self._cancel_deadline
            if now > deadline or (cancel_deadline is not None and now > cancel_deadline):
                why = "after a cancel" if now <= deadline else f"within {timeout_s:.0f} s"
                self.kill(f"no answer to {op} {why}")
                pending.done.wait(5)  # the reader thread fails every pending call at EOF
                break
        with self._lock:
            self._pending.pop(request_id, None)
        reply = pending.reply
        if reply is None or not pending.done.is_set():
            raise ScannerIoError(f"the scanner process did not answer {op}; it was restarted")
        if reply[1] == "ok":
            return reply[2]
        kind, message = str(reply[2]), str(reply[3])
        raise _ERRORS.get(kind, ScanError)(message)

    def _ensure_started(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                return
            proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_child_env(),
            )
            self._proc = proc
            self.starts += 1
            hello = self._pending[0] = _Pending(proc.pid)
        threading.Thread(
            target=self._read_replies, args=(proc,), name="sane-replies", daemon=True
        ).start()
        if not hello.done.wait(self.start_timeout_s):
            self.kill(f"libsane did not start in {self.start_timeout_s:.0f} s")
            raise NoDevice(f"libsane did not start in {self.start_timeout_s:.0f} s")
        with self._lock:
            self._pending.pop(0, None)
        reply = hello.reply
        if reply is None or reply[1] != "ok":
            detail = reply[3] if reply is not None else "the scanner process ended at start"
            raise NoDevice(str(detail))
        log.info("sane process %d started, libsane %s", proc.pid, reply[2])

    def _send(self, proc: subprocess.Popen[bytes], request: tuple[Any, ...]) -> None:
        """Caller holds self._lock."""
        stdin: IO[bytes] | None = proc.stdin
        try:
            assert stdin is not None
            write_frame(stdin, request)  # type: ignore[arg-type]
        except (OSError, ValueError) as error:
            raise ScannerIoError(f"the scanner process is gone: {error}") from error

    def _read_replies(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        while True:
            try:
                reply = read_frame(proc.stdout)  # type: ignore[arg-type]
            except Exception as error:  # a torn frame: the child died mid-write
                log.error("sane process %d: unreadable reply: %r", proc.pid, error)
                reply = None
            if reply is None:
                break
            with self._lock:
                pending = self._pending.get(int(reply[0]))
            if pending is not None:
                pending.reply = tuple(reply)
                pending.done.set()
        code = proc.wait()
        with self._lock:  # the pipes go with the child (a late _send sees ValueError)
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    pipe.close()
        if code != 0:
            log.error("sane process %d ended with exit code %d", proc.pid, code)
        with self._lock:
            stranded = [
                p for p in self._pending.values() if p.child == proc.pid and not p.done.is_set()
            ]
        for pending in stranded:  # each waiter raises ScannerIoError
            pending.done.set()


def _child_env() -> dict[str, str]:
    """The child imports this project: put its root first on the path, wherever we run from."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env
