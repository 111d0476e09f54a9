"""Acceptance C: screenshots of every shell screen at 1920×1080, saved to docs/screens/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from tests.ui.support import LAN, RecordingSpeaker, button, drive, settle
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


def shoot(window: MainWindow, name: str) -> Path:
    settle()
    path = OUT / f"{name}.png"
    OUT.mkdir(parents=True, exist_ok=True)
    image = window.grab()
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.save(str(path))
    return path


def test_screenshots(
    window: MainWindow, qtbot: QtBot, clock: ManualClock, speaker: RecordingSpeaker
) -> None:
    assert window.controller is not None
    saved = [shoot(window, "attract")]
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    saved.append(shoot(window, "welcome"))
    qtbot.mouseClick(button(window, "WelcomeBigText"), Qt.MouseButton.LeftButton)
    saved.append(shoot(window, "welcome-big-text"))
    qtbot.mouseClick(button(window, "WelcomeBigText"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window, "WelcomeStart"), Qt.MouseButton.LeftButton)
    window.controller.identify(LAN)
    saved.append(shoot(window, "identify"))
    drive(window, clock, 90 + 12)
    saved.append(shoot(window, "warning"))
    for _ in range(window.controller.flow.extensions_left):
        window.controller.on_extend()
        drive(window, clock, 90)
    saved.append(shoot(window, "warning-last"))
    drive(window, clock, 30)
    saved.append(shoot(window, "goodbye"))
    assert all(p.stat().st_size > 10_000 for p in saved)
