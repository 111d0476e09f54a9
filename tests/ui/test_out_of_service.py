"""The out-of-service screen: the catalogue's words, big and high contrast, inert to touches,
said once; a broken settings file still shows it (with the defaults)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication
from pytestqt.qtbot import QtBot

from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings, default_settings
from tests.ui.support import RecordingSpeaker
from tests.ui.test_theme import contrast
from ui import out_of_service as oos
from ui.fonts import load_bundled_fonts
from ui.out_of_service_cli import _settings
from ui.theme import Theme

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


@pytest.fixture
def screen(qtbot: QtBot, prompts: PromptCatalogue, settings: Settings) -> oos.OutOfServiceScreen:
    w = oos.OutOfServiceScreen(prompts, settings.panel, load_bundled_fonts())
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_shows_the_catalogue_words_big_and_high_contrast(
    screen: oos.OutOfServiceScreen, prompts: PromptCatalogue, settings: Settings, qtbot: QtBot
) -> None:
    assert screen.title.text() == "Máy tạm ngừng phục vụ"
    assert screen.body.text() == "Mời ông/bà đến quầy để được hỗ trợ"
    theme = Theme.for_panel(settings.panel, load_bundled_fonts())
    assert screen.title.font().pixelSize() == theme.font_px["display"]
    assert theme.mm(theme.cap_px["title"]) >= 5.0  # the body line is title-sized
    assert contrast(oos.TITLE_COLOUR, oos.BACKGROUND) >= 7
    assert contrast(oos.BODY_COLOUR, oos.BACKGROUND) >= 7
    QApplication.processEvents()
    image = screen.grab()
    assert (image.width(), image.height()) == (1920, 1080)
    OUT.mkdir(parents=True, exist_ok=True)
    assert image.save(str(OUT / "out-of-service.png"))
    corner = image.toImage().pixelColor(5, 5).name()
    assert corner == oos.BACKGROUND.lower()


def test_no_touch_does_anything(screen: oos.OutOfServiceScreen, qtbot: QtBot) -> None:
    assert screen.findChildren(QAbstractButton) == []
    with qtbot.assertNotEmitted(screen.painted, wait=0):
        for point in (QPoint(10, 10), screen.rect().center(), QPoint(1900, 1070)):
            QTest.mouseClick(screen, Qt.MouseButton.LeftButton, pos=point)
        QTest.keyClick(screen, Qt.Key.Key_Escape)
    assert screen.isVisible()
    assert screen.title.text() == "Máy tạm ngừng phục vụ"


def test_said_once_in_the_speech_form(prompts: PromptCatalogue) -> None:
    speaker = RecordingSpeaker()
    voice = oos.SpeakOnce(speaker, prompts, rate=0.85)
    voice.start()
    voice.start()
    voice.close()
    assert [u.text for u in speaker.utterances] == [
        "Máy tạm ngừng phục vụ. Mời ông bà đến quầy để được hỗ trợ."
    ]
    assert "/" not in speaker.utterances[0].text
    assert speaker.threads and threading.current_thread().name not in speaker.threads


def test_a_broken_speaker_is_only_logged(
    prompts: PromptCatalogue, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken(RecordingSpeaker):
        def open(self) -> None:
            raise OSError("no sound card")

    voice = oos.SpeakOnce(Broken(), prompts, rate=0.85)
    voice.start()
    voice.close()
    assert "not spoken" in caplog.text


def test_a_broken_settings_file_falls_back_to_the_defaults(tmp_path: Path) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[panel]\nwidth_px = 'wide'\n", encoding="utf-8")
    assert _settings(bad) == default_settings()


def test_the_command_shows_the_screen_even_with_a_broken_config(tmp_path: Path) -> None:
    """`kiosk out-of-service` end to end: READY after paint, STOPPING and exit 0 on SIGTERM."""
    import os
    import signal
    import socket
    import subprocess
    import sys

    bad = tmp_path / "kiosk.toml"
    bad.write_text("this is not toml [", encoding="utf-8")
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(tmp_path / "n.sock"))
        sock.settimeout(60)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "NOTIFY_SOCKET": str(sock.getsockname()),
        }
        env.pop("WATCHDOG_USEC", None)
        proc = subprocess.Popen(
            [sys.executable, "-m", "ui.out_of_service_cli", "out-of-service", "--config", str(bad)],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            ready = sock.recv(4096).decode()
            proc.send_signal(signal.SIGTERM)
            stopping = sock.recv(4096).decode()
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert ready.startswith("READY=1\nSTATUS=ready ")
    assert stopping.startswith("STOPPING=1")
    assert proc.returncode == 0, err.decode(errors="replace")
    assert b"settings:" in err  # the broken file is named in the log, the screen shown anyway
