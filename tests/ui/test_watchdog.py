"""The systemd watchdog wiring: READY=1 only once the attract screen was painted, WATCHDOG=1 from
a GUI-thread QTimer at half of WATCHDOG_USEC, STOPPING=1 on quit (a real datagram socket)."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from pytestqt.qtbot import QtBot

from kiosk.services.sd_notify import Notifier
from kiosk.settings.schema import Settings
from ui.fonts import load_bundled_fonts
from ui.main_window import MainWindow
from ui.watchdog import SystemdWatchdog, attach_systemd


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "n.sock"))
    sock.setblocking(False)
    yield sock, str(tmp_path / "n.sock")
    sock.close()


def drain(sock: socket.socket) -> list[str]:
    out: list[str] = []
    while True:
        try:
            out.append(sock.recv(4096).decode())
        except BlockingIOError:
            return out


class FakeWindow(QObject):
    first_painted = Signal()


def test_ready_waits_for_the_first_paint(listener: tuple[socket.socket, str], qtbot: QtBot) -> None:
    sock, path = listener
    window = FakeWindow()
    app = QCoreApplication.instance()
    assert app is not None
    watchdog = attach_systemd(app, window, Notifier(path, watchdog_usec=400_000))
    try:
        assert drain(sock) == ["WATCHDOG=1"]  # pinging from the start, but not ready yet
        assert not watchdog.ready_sent
        window.first_painted.emit()
        window.first_painted.emit()  # a second paint signal sends nothing more
        messages = drain(sock)
        assert len(messages) == 1 and messages[0].startswith("READY=1\nSTATUS=ready ")
        timer = watchdog.findChild(QTimer, "SystemdWatchdog")
        assert timer is not None and timer.isActive() and timer.interval() == 200
        assert timer.thread() is app.thread()  # the GUI thread: a hung loop sends nothing
        with qtbot.waitSignal(timer.timeout, timeout=2000):
            pass
        assert "WATCHDOG=1" in drain(sock)
        app.aboutToQuit.emit()
        assert drain(sock) == ["STOPPING=1\nSTATUS=stopping"]
        assert not timer.isActive()
    finally:
        app.aboutToQuit.disconnect(watchdog.on_about_to_quit)
        watchdog.deleteLater()


def test_ready_follows_the_real_attract_paint(
    qtbot: QtBot, settings: Settings, listener: tuple[socket.socket, str]
) -> None:
    sock, path = listener
    window = MainWindow(settings.panel, load_bundled_fonts())
    qtbot.addWidget(window)
    watchdog = SystemdWatchdog(Notifier(path), parent=window)
    window.first_painted.connect(watchdog.on_first_painted)
    assert drain(sock) == []
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show_kiosk(fullscreen=False)
    assert window.attract.isVisible()
    messages = drain(sock)
    assert len(messages) == 1 and messages[0].startswith("READY=1")


def test_without_systemd_nothing_is_sent_and_no_timer_runs() -> None:
    watchdog = SystemdWatchdog(Notifier(None))
    watchdog.start()
    watchdog.on_first_painted()
    timer = watchdog.findChild(QTimer, "SystemdWatchdog")
    assert timer is not None and not timer.isActive()
