"""libsane's process-wide state: `sane_init` once, `sane_exit` when the last user leaves.

libsane reads `SANE_CONFIG_DIR` (dll.conf, <backend>.conf) during `sane_init`; a later change of
the variable takes effect only after every user has closed (exit) and the next init. SANE calls
are not thread-safe, so every call made through here holds one process-wide lock.
"""

from __future__ import annotations

import ctypes
import logging
import signal
import threading
from typing import Any

import sane

log = logging.getLogger(__name__)

LOCK = threading.RLock()
_users = 0


def acquire() -> None:
    """sane_init on first use; raises `_sane.error` (or ImportError-like OSError) on failure."""
    global _users
    with LOCK:
        if _users == 0:
            version = sane.init()
            log.info("libsane initialised, version %s", version)
        _users += 1


def release() -> None:
    global _users
    with LOCK:
        if _users == 0:
            return
        _users -= 1
        if _users == 0:
            sane.exit()


def list_devices() -> list[tuple[str, str, str, str]]:
    """(name, vendor, model, type) of every scanner libsane finds now (needs `acquire`)."""
    with LOCK:
        found: list[Any] = sane.get_devices()
    return [(str(d[0]), str(d[1]), str(d[2]), str(d[3])) for d in found]


_libc = ctypes.CDLL(None, use_errno=True)


def keep_sigpipe_ignored() -> None:
    """Put SIGPIPE back to "ignored" for the whole process after libsane ran a scan.

    WORKAROUND (libsane 1.2.1, seen with the `test` backend; sanei_thread starts the reader):
    after `sane_start` + reading, the process's SIGPIPE disposition is SIG_DFL, not the SIG_IGN
    Python set at start-up (Python's own table still says SIG_IGN). A later write to a closed
    socket — a receipt printer unplugged mid-job — would then kill the kiosk instead of raising
    BrokenPipeError. `signal.signal` only works on the main thread and scans run on workers, so
    this asks libc directly; it is process-wide and idempotent.
    """
    _libc.signal(int(signal.SIGPIPE), ctypes.c_void_p(int(signal.SIG_IGN)))
