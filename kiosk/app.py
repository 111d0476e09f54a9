"""Composition root: settings → ports → store → Qt shell. The one module that sees every layer.

Order matters for start-up time (bench/startup.py): only what the attract screen needs runs before
its first paint; the store (SQLAlchemy, ~200 ms to import) opens afterwards on a worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.prompts import PromptCatalogue, load_prompts
from kiosk.settings.loader import ConfigError, load_settings
from kiosk.settings.schema import Settings

if TYPE_CHECKING:
    from kiosk.wiring import Ports

log = logging.getLogger("kiosk.app")

EXIT_AFTER_PAINT_ENV = "KIOSK_EXIT_AFTER_FIRST_PAINT"  # used by bench/startup.py


def load_configuration(config: Path | None) -> tuple[Settings, PromptCatalogue]:
    from kiosk import paths

    settings = load_settings(config or paths.default_settings_file())
    prompts = load_prompts(paths.prompts_file())
    return settings, prompts


def run(config: Path | None, simulate: bool, windowed: bool) -> int:
    _configure_logging()
    from kiosk.wiring import AdapterUnavailable, build_ports, force_simulated

    try:
        settings, prompts = load_configuration(config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if simulate:
        settings = force_simulated(settings)

    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from kiosk.ports.clock import SystemClock
    from ui.fonts import load_bundled_fonts
    from ui.shell import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ward-kiosk")
    app.setFont(QFont(load_bundled_fonts()))
    clock = SystemClock()
    try:
        ports = build_ports(settings, clock)
    except AdapterUnavailable as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return 2
    window = create_main_window(settings, prompts, ports.speaker, clock)
    background = _Background(settings, ports)
    if os.environ.get(EXIT_AFTER_PAINT_ENV):
        window.first_painted.connect(lambda: _report_first_paint_and_quit(app))
    else:
        window.first_painted.connect(background.start)
    _quit_on_signals(app)
    window.show_kiosk(fullscreen=not windowed)
    log.info("kiosk %s started (%s)", settings.kiosk.id, "windowed" if windowed else "fullscreen")
    code = app.exec()
    background.close()
    for name, port in ports.all().items():
        try:
            port.close()
        except Exception:  # one failing device must not stop the others closing
            log.exception("closing %s failed", name)
    return code


class _Background:
    """Everything that may wait until the attract screen is on the glass."""

    def __init__(self, settings: Settings, ports: Ports) -> None:
        self._settings = settings
        self._ports = ports
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-start")
        self.store: Future[Any] | None = None

    def start(self) -> None:
        self.store = self._executor.submit(self._open_store)
        for name, port in self._ports.all().items():
            opener = getattr(port, "open", None)
            if opener is not None:
                self._executor.submit(self._open_port, name, opener)

    def _open_store(self) -> Any:
        from kiosk import paths
        from kiosk.store.db import make_engine
        from kiosk.store.migrate import upgrade

        url = paths.resolve_database_url(self._settings.database.url)
        upgrade(url)
        log.info("store ready at %s", url.split("@")[-1])
        return make_engine(url)

    @staticmethod
    def _open_port(name: str, opener: Any) -> None:
        try:
            opener()
        except Exception:
            log.exception("opening %s failed", name)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        if self.store is not None and self.store.done() and self.store.exception() is None:
            self.store.result().dispose()


def _report_first_paint_and_quit(app: Any) -> None:
    # CLOCK_MONOTONIC is system-wide on Linux, so the parent can subtract its own spawn time.
    print(f"first_painted_monotonic_ns={time.monotonic_ns()}", flush=True)
    app.quit()


def _quit_on_signals(app: Any) -> None:
    """SIGTERM/SIGINT end the Qt loop cleanly (systemd stops us with SIGTERM)."""
    from PySide6.QtCore import QSocketNotifier

    rsock, wsock = socket.socketpair()
    rsock.setblocking(False)
    wsock.setblocking(False)
    signal.set_wakeup_fd(wsock.fileno())
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    notifier = QSocketNotifier(rsock.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            rsock.recv(64)

    notifier.activated.connect(drain)
    app._kiosk_signal_sockets = (rsock, wsock, notifier)  # keep alive for the app's lifetime


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("KIOSK_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
