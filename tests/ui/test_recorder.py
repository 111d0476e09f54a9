"""The staff prompt recorder with an injected microphone (generated WAVs) and a fake player."""

from __future__ import annotations

import math
import threading
from array import array
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.domain.devices import DeviceUnavailable
from kiosk.prompts import PromptCatalogue
from kiosk.services.speech_text.prompt_pack import load_pack, sha256_of
from kiosk.settings.schema import default_settings
from ui.fonts import load_bundled_fonts
from ui.recorder_controller import RecorderController
from ui.screens.recorder import RecorderScreen
from ui.theme import Theme, apply_theme

CLICK = Qt.MouseButton.LeftButton
IDS = ["welcome.title", "welcome.instruction", "nav.replay"]
OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


def tone_wav(seconds: float, amplitude: int = 8000, freq: float = 220.0) -> bytes:
    import io
    import wave

    rate = 16000
    samples = array(
        "h",
        (
            int(amplitude * math.sin(2 * math.pi * freq * i / rate))
            for i in range(int(rate * seconds))
        ),
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return out.getvalue()


class GeneratedMicrophone:
    """An AudioSource that 'records' the next queued WAV (instead of a microphone)."""

    def __init__(self) -> None:
        self.takes: list[bytes] = []
        self.present = True
        self.started = 0

    def start(self) -> None:
        if not self.present:
            raise DeviceUnavailable("no microphone")
        self.started += 1

    def stop(self) -> bytes:
        return self.takes.pop(0)


class FakePlayer:
    def __init__(self) -> None:
        self.played: list[bytes] = []
        self.stops = 0
        self._lock = threading.Lock()

    def play(self, wav: bytes, volume: float = 1.0) -> None:
        with self._lock:
            self.played.append(wav)

    def stop(self) -> None:
        with self._lock:
            self.stops += 1


@pytest.fixture
def rig(
    qtbot: QtBot, prompts: PromptCatalogue, tmp_path: Path
) -> Iterator[tuple[RecorderScreen, RecorderController, GeneratedMicrophone, FakePlayer, Path]]:
    screen = RecorderScreen()
    theme = Theme.for_panel(default_settings().panel, load_bundled_fonts())
    apply_theme(screen, theme)
    screen.apply(theme)
    screen.setFixedSize(1920, 1080)  # a top-level whose size hint changes warns offscreen
    qtbot.addWidget(screen)
    mic, player = GeneratedMicrophone(), FakePlayer()
    folder = tmp_path / "pack-chi-hoa"
    controller = RecorderController(screen, prompts, IDS, folder, "Chị Hoa", mic, player)
    screen.show()
    yield screen, controller, mic, player, folder
    controller.close()


def click(screen: RecorderScreen, qtbot: QtBot, name: str) -> None:
    b = screen.findChild(QPushButton, name)
    assert b is not None and b.isEnabled(), name
    qtbot.mouseClick(b, CLICK)


def take(screen: RecorderScreen, qtbot: QtBot, controller: RecorderController, name: str) -> None:
    click(screen, qtbot, name)
    qtbot.waitUntil(lambda: controller.view().recording)
    click(screen, qtbot, "RecorderRecord")
    qtbot.waitUntil(lambda: not controller.view().recording and controller.view().status != "")


def test_record_play_retake_into_a_new_pack(
    rig: tuple[RecorderScreen, RecorderController, GeneratedMicrophone, FakePlayer, Path],
    qtbot: QtBot,
    prompts: PromptCatalogue,
) -> None:
    screen, controller, mic, player, folder = rig
    assert [r.prompt_id for r in controller.view().rows] == IDS
    first, retake, second = tone_wav(1.0), tone_wav(1.2, freq=330), tone_wav(2.0)
    mic.takes += [first, retake, second]

    take(screen, qtbot, controller, "RecorderRecord")
    assert controller.view().status == prompts.text("recorder.saved")
    click(screen, qtbot, "RecorderPlay")
    qtbot.waitUntil(lambda: player.played == [first])
    take(screen, qtbot, controller, "RecorderRetake")  # the second take replaces the first
    click(screen, qtbot, "RecorderNext")
    take(screen, qtbot, controller, "RecorderRecord")
    assert controller.view().progress == "Đã ghi 2/3 câu"

    pack = load_pack(folder)
    assert set(pack.entries) == {"welcome.title", "welcome.instruction"}
    assert pack.voice == "Chị Hoa"
    assert pack.entries["welcome.title"].sha256 == sha256_of(retake)
    assert pack.entries["welcome.instruction"].text == prompts.speech("welcome.instruction")
    assert pack.problems == {}
    finished: list[object] = []
    controller.finished.connect(finished.append)
    click(screen, qtbot, "RecorderDone")
    assert finished == [folder]

    OUT.mkdir(parents=True, exist_ok=True)
    assert screen.grab().save(str(OUT / "recorder.png"))


def test_silent_or_short_take_is_not_saved(
    rig: tuple[RecorderScreen, RecorderController, GeneratedMicrophone, FakePlayer, Path],
    qtbot: QtBot,
    prompts: PromptCatalogue,
) -> None:
    screen, controller, mic, _, folder = rig
    mic.takes += [tone_wav(1.0, amplitude=0), tone_wav(0.1)]
    take(screen, qtbot, controller, "RecorderRecord")
    assert controller.view().status == prompts.text("recorder.too_short")
    take(screen, qtbot, controller, "RecorderRecord")
    assert controller.view().status == prompts.text("recorder.too_short")
    assert not controller.view().rows[0].recorded
    assert not folder.exists() or load_pack(folder).entries == {}


def test_no_microphone_is_said_and_nothing_breaks(
    rig: tuple[RecorderScreen, RecorderController, GeneratedMicrophone, FakePlayer, Path],
    qtbot: QtBot,
    prompts: PromptCatalogue,
) -> None:
    screen, controller, mic, _, _ = rig
    mic.present = False
    click(screen, qtbot, "RecorderRecord")
    qtbot.waitUntil(lambda: controller.view().status == prompts.text("recorder.no_microphone"))
    assert not controller.view().recording
