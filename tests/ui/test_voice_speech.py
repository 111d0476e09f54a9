"""Speech on the screens: replay everywhere, silence on screen change, volume per session."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.devices import READY, HealthReport
from kiosk.ports.clock import ManualClock
from kiosk.ports.speaker import DEFAULT_RATE, Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import RecordingSpeaker, SimDevices, button, drive, open_window, settle
from tests.ui.test_prompt_coverage import QUIET_SCREENS, walk_every_screen
from ui.main_window import MainWindow
from ui.screens.welcome import WelcomeScreen
from ui.session_controller import VOLUME

CLICK = Qt.MouseButton.LeftButton


class BlockingSpeaker:
    """Speaks until stopped: each utterance blocks its worker until `stop()`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: threading.Event | None = None
        self.started: list[str] = []
        self.finished: list[str] = []  # ended by stop()
        self.speaking = threading.Event()

    def open(self) -> None: ...
    def health(self) -> HealthReport:
        return READY

    def speak(self, utterance: Utterance) -> None:
        stop = threading.Event()
        with self._lock:
            self._current = stop
            self.started.append(utterance.prompt_id)
        self.speaking.set()
        stop.wait(10)
        with self._lock:
            self.finished.append(utterance.prompt_id)

    def stop(self) -> None:
        with self._lock:
            if self._current is not None:
                self._current.set()

    def close(self) -> None:
        self.stop()

    def ids(self) -> list[str]:
        with self._lock:
            return list(self.started)


def test_speech_stops_when_the_screen_changes(
    qtbot: QtBot, settings: Settings, prompts: PromptCatalogue, clock: ManualClock
) -> None:
    speaker = BlockingSpeaker()
    window = open_window(qtbot, settings, prompts, speaker, clock)  # type: ignore[arg-type]
    try:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.waitUntil(lambda: speaker.ids() == ["welcome.instruction"])
        assert speaker.finished == []  # still talking: it only ends when stopped
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        qtbot.waitUntil(lambda: len(speaker.ids()) == 2)  # the identify screen's prompt
        assert speaker.ids()[1].startswith("identify.")
        assert speaker.finished == ["welcome.instruction"]  # cut by the screen change
        drive(window, clock, settings.timeouts.form_idle_s + 1)
        qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["timeout.warning_speech"])
        assert speaker.finished == speaker.ids()[:2]
    finally:
        speaker.stop()
        window.close()


def test_replay_exists_and_replays_on_every_screen_with_speech(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    speaker: RecordingSpeaker,
) -> None:
    controller = window.controller
    assert controller is not None
    checked: set[str] = set()
    missing: set[str] = set()

    def on_screen(snap: object) -> None:
        screen_id = window.current_screen_id
        if screen_id in QUIET_SCREENS or screen_id in checked | missing:
            return
        nav = window.nav_bar()
        if not (nav.isVisible() and nav.replay.isVisible() and nav.replay.isEnabled()):
            missing.add(screen_id)
            return
        before = len(speaker.utterances)
        controller._speak_screen(controller.flow.screen)  # what the screen said on arrival
        qtbot.waitUntil(lambda: len(speaker.utterances) > before)
        first = speaker.last().prompt_id
        qtbot.mouseClick(nav.replay, CLICK)
        qtbot.waitUntil(lambda: len(speaker.utterances) > before + 1)
        assert speaker.last().prompt_id == first, f"{screen_id}: replay said something else"
        checked.add(screen_id)

    walk_every_screen(window, qtbot, sim, clock, settings, on_screen)
    assert {"welcome", "identify", "goodbye"} <= checked
    if missing - {"warning"}:
        pytest.fail(f"no 'Nghe lại' on: {sorted(missing)}")


def test_warning_screen_has_replay(
    window: MainWindow, qtbot: QtBot, clock: ManualClock, settings: Settings
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    drive(window, clock, settings.timeouts.form_idle_s + 1)
    assert window.current_screen_id == "warning"
    nav = window.nav_bar()
    assert nav.isVisible() and nav.replay.isVisible()


def test_volume_resets_to_the_default_at_every_session(
    window: MainWindow, qtbot: QtBot, clock: ManualClock, settings: Settings,
    speaker: RecordingSpeaker,
) -> None:  # fmt: skip
    controller = window.controller
    assert controller is not None
    default = settings.voice.default_volume
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.instruction"])
    assert speaker.last().volume == VOLUME[default]
    assert speaker.last().rate == settings.voice.rate == DEFAULT_RATE  # slower for the elderly
    qtbot.mouseClick(button(window, "WelcomeVolume"), CLICK)
    qtbot.mouseClick(button(window, "WelcomeVolume"), CLICK)
    assert controller.flow.session is not None and controller.flow.session.volume != default
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)  # the session ends
    assert window.current_screen_id == "attract"
    qtbot.mouseClick(window.attract, CLICK)  # the next citizen
    assert controller.flow.session is not None and controller.flow.session.volume == default
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.instruction"])
    assert speaker.last().volume == VOLUME[default]


def test_volume_minus_plus_buttons(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker
) -> None:
    controller = window.controller
    assert controller is not None
    qtbot.mouseClick(window.attract, CLICK)
    welcome = window.screen_widget("welcome")
    assert isinstance(welcome, WelcomeScreen)
    down, up = button(window, "WelcomeVolumeDown"), button(window, "WelcomeVolumeUp")
    assert (down.text(), up.text()) == ("−", "+")
    settle()
    out = Path(__file__).resolve().parents[2] / "docs" / "screens" / "welcome-volume.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out))
    theme = window.theme
    assert min(down.width(), down.height(), up.width(), up.height()) >= theme.target_px
    steps: list[int] = []
    welcome.volume_step_requested.connect(steps.append)
    qtbot.mouseClick(down, CLICK)
    qtbot.mouseClick(up, CLICK)
    assert steps == [-1, 1]

    assert controller.flow.session is not None and controller.flow.session.volume == 1
    qtbot.mouseClick(down, CLICK)  # the screen's signal reaches the session
    assert controller.flow.session.volume == 0
    settle()
    assert not down.isEnabled() and up.isEnabled()  # the state shows without colour too
    assert button(window, "WelcomeVolume").text() == "Âm lượng: Nhỏ"
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.volume_0"])
    assert speaker.last().volume == VOLUME[0]
    controller.on_volume_step(-1)  # already the quietest: it says so again
    qtbot.waitUntil(lambda: speaker.ids().count("welcome.volume_0") == 2)
    controller.on_volume_step(1)
    controller.on_volume_step(1)
    assert controller.flow.session.volume == 2
    settle()
    assert down.isEnabled() and not up.isEnabled()
