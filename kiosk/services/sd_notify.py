"""The systemd notification protocol (sd_notify(3)): READY=1, WATCHDOG=1, STATUS=…, STOPPING=1.

Stdlib only: the protocol is one datagram per message on the AF_UNIX socket named by
$NOTIFY_SOCKET (a path, or an abstract socket written with a leading "@"). Not under systemd
(no $NOTIFY_SOCKET) every call is a no-op, so the same code runs on a developer's desk.

Under `cage -- kiosk run` the kiosk is cage's child, not the unit's main process: the unit needs
`NotifyAccess=all`, and $WATCHDOG_PID (set by systemd to cage's pid) is accepted when it names an
ancestor as well as ourselves (sd_watchdog_enabled(3) would otherwise switch the watchdog off, and
systemd would kill the silent kiosk every WatchdogSec).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger("kiosk.sd_notify")


class Notifier:
    """Sends notifications to systemd; never raises and never blocks (a full queue drops one)."""

    def __init__(self, socket_name: str | None, watchdog_usec: int | None = None) -> None:
        self._address = _address(socket_name) if socket_name else None
        self._watchdog_usec = watchdog_usec if watchdog_usec and watchdog_usec > 0 else None
        self._warned = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, pid: int | None = None) -> Notifier:
        env = os.environ if environ is None else environ
        socket_name = env.get("NOTIFY_SOCKET") or None
        usec: int | None = None
        raw = env.get("WATCHDOG_USEC", "")
        if raw:
            try:
                usec = int(raw)
            except ValueError:
                log.warning("WATCHDOG_USEC=%r is not a number: watchdog pings are off", raw)
        watchdog_pid = env.get("WATCHDOG_PID", "")
        me = os.getpid() if pid is None else pid
        if (
            usec
            and watchdog_pid
            and not (watchdog_pid.isdigit() and int(watchdog_pid) in {me, *_ancestors(me)})
        ):
            log.info("WATCHDOG_PID=%s is neither us nor an ancestor: no watchdog", watchdog_pid)
            usec = None
        return cls(socket_name, usec)

    @property
    def enabled(self) -> bool:
        return self._address is not None

    @property
    def watchdog_interval_s(self) -> float | None:
        """How often to send WATCHDOG=1: half the unit's WatchdogSec (sd_watchdog_enabled(3))."""
        if self._address is None or self._watchdog_usec is None:
            return None
        return self._watchdog_usec / 2_000_000

    def notify(self, *assignments: str) -> bool:
        """Send one datagram of `KEY=value` lines; True if it was handed to the socket."""
        if self._address is None or not assignments:
            return False
        payload = "\n".join(assignments).encode("utf-8")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                sock.setblocking(False)  # called on the GUI thread: never wait for systemd
                sock.sendto(payload, self._address)
        except OSError as exc:
            if not self._warned:  # once: a ping every few seconds must not flood the journal
                log.warning("sd_notify to %r failed: %s", self._address, exc)
                self._warned = True
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={_one_line(status)}"] if status else []))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self.notify(f"STATUS={_one_line(text)}")

    def stopping(self, status: str = "") -> bool:
        return self.notify("STOPPING=1", *([f"STATUS={_one_line(status)}"] if status else []))


def _ancestors(pid: int, limit: int = 32) -> list[int]:
    """Parent, grandparent, … from /proc: `cage -- sh -c 'kiosk run'` keeps the watchdog."""
    found: list[int] = []
    while pid > 1 and len(found) < limit:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                # "pid (comm) state ppid …": comm may hold spaces or parentheses
                pid = int(stat.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
        found.append(pid)
    return found


def _address(name: str) -> str | bytes:
    if name.startswith("@"):
        return b"\0" + name[1:].encode("utf-8")  # Linux abstract namespace
    return name


def _one_line(text: str) -> str:
    return " ".join(text.split())  # a newline would start a new assignment
