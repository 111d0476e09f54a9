"""systemd's watchdog fed from the GUI thread: a hung event loop stops the pings and gets restarted.

The WATCHDOG=1 timer is a QTimer on the GUI thread on purpose: a ping from a worker thread would
keep a frozen screen alive forever. READY=1 (with STATUS="ready <version>", which the updater
reads with `systemctl show kiosk -p StatusText`) goes out right after the attract screen's first
paint; STOPPING=1 when the event loop is about to quit.

KIOSK_TEST_BLOCK_GUI_S is a test hook (tests/peers/test_sd_notify.py): after READY the GUI thread
is blocked once for that many seconds, between two STATUS markers, to prove no ping leaves it.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, QTimer, SignalInstance

from kiosk.services.sd_notify import Notifier

log = logging.getLogger("kiosk.watchdog")

TEST_BLOCK_ENV = "KIOSK_TEST_BLOCK_GUI_S"
TEST_BLOCK_AFTER_MS = 1000
BLOCK_START, BLOCK_END = "test-block-start", "test-block-end"


class _PaintsFirst(Protocol):
    @property
    def first_painted(self) -> SignalInstance: ...


def app_version() -> str:
    from kiosk import __version__  # not importlib.metadata: ~13 ms at the first paint

    return __version__


class SystemdWatchdog(QObject):
    def __init__(
        self, notifier: Notifier, version: str = "", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._version = version
        self._ready = False
        self._stopping = False
        self._timer = QTimer(self)
        self._timer.setObjectName("SystemdWatchdog")
        interval = notifier.watchdog_interval_s
        if interval is not None:
            self._timer.setInterval(max(1, int(interval * 1000)))
            self._timer.timeout.connect(self.ping)

    @property
    def ready_sent(self) -> bool:
        return self._ready

    def start(self) -> None:
        """Ping from now on (before READY too: start-up counts against WatchdogSec as well)."""
        if self._notifier.watchdog_interval_s is not None and not self._timer.isActive():
            self._notifier.watchdog()
            self._timer.start()

    def ping(self) -> None:
        self._notifier.watchdog()

    def on_first_painted(self) -> None:
        if self._ready:
            return
        self._ready = True
        version = self._version or app_version()
        self._notifier.ready(f"ready {version}")
        log.info("systemd notified: ready %s", version)
        block_s = _test_block_seconds()
        if block_s:
            QTimer.singleShot(TEST_BLOCK_AFTER_MS, self, lambda: self._block_for_test(block_s))

    def on_about_to_quit(self) -> None:
        if self._stopping:
            return
        self._stopping = True
        self._timer.stop()
        self._notifier.stopping("stopping")

    def _block_for_test(self, seconds: float) -> None:
        self._notifier.status(BLOCK_START)
        time.sleep(seconds)  # deliberately on the GUI thread: the hung loop systemd must catch
        self._notifier.status(BLOCK_END)


def attach_systemd(
    app: QCoreApplication, window: _PaintsFirst, notifier: Notifier | None = None
) -> SystemdWatchdog:
    """Wire READY=1 to the first paint, WATCHDOG=1 to the GUI thread, STOPPING=1 to quit.

    A no-op object when not started by systemd (no $NOTIFY_SOCKET)."""
    watchdog = SystemdWatchdog(notifier or Notifier.from_env(), parent=app)
    window.first_painted.connect(watchdog.on_first_painted)
    app.aboutToQuit.connect(watchdog.on_about_to_quit)
    watchdog.start()
    return watchdog


def _test_block_seconds() -> float:
    raw = os.environ.get(TEST_BLOCK_ENV, "")
    try:
        return max(0.0, float(raw)) if raw else 0.0
    except ValueError:
        return 0.0
