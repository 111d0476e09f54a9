"""The shell's controller: lazy screens, speech per screen and per session, big text, wipes."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import msgspec
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.flows.session import SessionSummary
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import (
    LAN,
    RecordingSpeaker,
    SimDevices,
    button,
    drive,
    every_text,
    label,
    leftovers,
    open_window,
    settle,
)
from ui.main_window import LAZY_SCREENS, MainWindow
from ui.session_controller import VOLUME
from ui.shell import create_main_window

CLICK = Qt.MouseButton.LeftButton
ROOT = Path(__file__).resolve().parents[2]


def test_only_attract_is_built_before_the_first_paint(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
) -> None:
    window = create_main_window(settings, prompts, speaker, clock)
    qtbot.addWidget(window)
    try:
        assert set(window.built_screens()) == {"attract"}
        painted: list[bool] = []
        window.first_painted.connect(lambda: painted.append(True))
        with qtbot.waitSignal(window.first_painted):
            window.show_kiosk(fullscreen=False)
        assert window.current_screen_id == "attract"
        qtbot.waitUntil(lambda: set(window.built_screens()) == {"attract", *LAZY_SCREENS})
        window.attract.update()
        settle()
        assert painted == [True]  # once only
    finally:
        window.close()
    assert speaker.ids() == []  # the attract screen is quiet


def test_shell_imports_stay_light() -> None:
    code = (
        "import sys; import ui.shell; "
        "heavy = [m for m in ('sqlalchemy', 'numpy', 'alembic', 'argon2', 'ui.screens.welcome', "
        "'ui.screens.warning') if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_every_screen_change_stops_the_speaker_first(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker
) -> None:
    stops = speaker.stops
    qtbot.mouseClick(window.attract, CLICK)
    assert speaker.stops > stops
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.instruction"])
    stops = speaker.stops
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    assert speaker.stops > stops
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.waiting"])
    assert speaker.last().rate == 0.85


def test_replay_says_the_screen_again(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.waitUntil(lambda: speaker.ids() == ["welcome.instruction"])
    qtbot.mouseClick(button(window, "NavReplay"), CLICK)
    qtbot.waitUntil(lambda: speaker.ids() == ["welcome.instruction"] * 2)
    window.close()  # the composition root, not the shell, opens and closes the speaker
    assert speaker.opened == speaker.closed == 0


def test_volume_is_reset_for_each_new_session(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, prompts: PromptCatalogue
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    volume = button(window, "WelcomeVolume")
    assert volume.text() == "Âm lượng: Vừa"
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.instruction"])
    assert speaker.last().volume == VOLUME[1]
    qtbot.mouseClick(volume, CLICK)
    assert volume.text() == "Âm lượng: To"  # the state in words
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.volume_2"])
    assert speaker.last().volume == VOLUME[2]
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)
    assert window.current_screen_id == "attract"
    qtbot.mouseClick(window.attract, CLICK)
    assert volume.text() == prompts.text("welcome.volume_1")
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["welcome.instruction"])
    assert speaker.last().volume == VOLUME[1]


def test_default_volume_and_disabled_voice_come_from_settings(
    qtbot: QtBot, prompts: PromptCatalogue, clock: ManualClock
) -> None:
    loud = msgspec.convert({"voice": {"default_volume": 2}}, Settings)
    speaker = RecordingSpeaker()
    window = open_window(qtbot, loud, prompts, speaker, clock)
    try:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.waitUntil(lambda: len(speaker.ids()) == 1)
        assert speaker.last().volume == VOLUME[2]
    finally:
        window.close()
    mute = msgspec.convert({"voice": {"enabled": False}}, Settings)
    quiet = RecordingSpeaker()
    window = open_window(qtbot, mute, prompts, quiet, clock)
    try:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        settle()
        assert quiet.ids() == []
    finally:
        window.close()


def test_big_text_changes_font_sizes_and_is_off_for_the_next_session(
    window: MainWindow, qtbot: QtBot
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    title, start = label(window, "WelcomeTitle"), button(window, "WelcomeStart")
    toggle, back = button(window, "WelcomeBigText"), button(window, "NavBack")
    normal = [w.font().pixelSize() for w in (title, start, toggle, back)]
    assert toggle.text() == "Chữ to: Tắt" and toggle.property("on") is False
    qtbot.mouseClick(toggle, CLICK)
    big = [w.font().pixelSize() for w in (title, start, toggle, back)]
    assert all(b > n for b, n in zip(big, normal, strict=True)), (normal, big)
    assert toggle.text() == "Chữ to: Bật" and toggle.property("on") is True
    assert window.controller is not None and window.controller.flow.idle_limit_s == 180
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    assert label(window, "IdentifyTitle").font().pixelSize() == big[0]
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)
    qtbot.mouseClick(window.attract, CLICK)
    assert [w.font().pixelSize() for w in (title, start, toggle, back)] == normal
    assert toggle.text() == "Chữ to: Tắt"


def test_start_over_wipes_the_citizen(window: MainWindow, qtbot: QtBot) -> None:
    controller = window.controller
    assert controller is not None
    summaries: list[SessionSummary] = []
    controller.session_ended.connect(summaries.append)
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    controller.identify(LAN)
    assert label(window, "HeaderGreeting").text() == "Ông/Bà Nguyễn Thị Lan"
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)
    assert window.current_screen_id == "attract"
    assert controller.flow.session is None
    assert leftovers(window, LAN) == []
    assert [s.reason for s in summaries] == ["cancelled"]
    assert LAN.full_name not in repr(summaries[0])


def test_back_walks_back_then_leaves(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    qtbot.mouseClick(button(window, "NavBack"), CLICK)
    assert window.current_screen_id == "welcome"
    qtbot.mouseClick(button(window, "NavBack"), CLICK)
    assert window.current_screen_id == "attract"


def test_touching_anywhere_restarts_the_idle_time(
    window: MainWindow, qtbot: QtBot, clock: ManualClock
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    drive(window, clock, 80)
    qtbot.mouseClick(label(window, "WelcomeInstruction"), CLICK)  # not a button
    drive(window, clock, 80)
    assert window.current_screen_id == "welcome"
    drive(window, clock, 10)
    assert window.current_screen_id == "warning"


def test_no_timeout_while_a_device_works(
    window: MainWindow, qtbot: QtBot, clock: ManualClock
) -> None:
    controller = window.controller
    assert controller is not None
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    with controller.flow.device_hold("card_reader"):
        drive(window, clock, 600)
        assert window.current_screen_id == "identify"
    drive(window, clock, 90)
    assert window.current_screen_id == "warning"


def test_nav_buttons_keep_their_places(
    window: MainWindow, qtbot: QtBot, clock: ManualClock
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    settle()
    names = ("NavBack", "NavReplay", "NavStartOver")
    places = {n: button(window, n).geometry() for n in names}
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    settle()
    assert {n: button(window, n).geometry() for n in names} == places
    drive(window, clock, 120)
    settle()
    assert window.current_screen_id == "goodbye"
    assert button(window, "NavReplay").geometry() == places["NavReplay"]
    assert not button(window, "NavBack").isVisible()


def test_every_text_on_screen_comes_from_the_prompt_catalogue(
    window: MainWindow,
    qtbot: QtBot,
    clock: ManualClock,
    prompts: PromptCatalogue,
    settings: Settings,
    sim: SimDevices,
) -> None:
    names = "|".join(re.escape(n) for n in (LAN.full_name, BA_LAN.full_name))
    values = {
        "ward": re.escape(settings.kiosk.ward),
        "name": f"(?:{names})",
        "masked_id": re.escape("••••••••4321"),
    }
    patterns = [
        re.compile(
            "".join(
                re.escape(literal) + (values.get(name, r"\d+") if name else "")
                for literal, name, _, _ in string.Formatter().parse(prompts.get(pid).text)
            )
            + "$"
        )
        for pid in prompts.ids()
    ]

    def check() -> None:
        settle()
        for where, text in every_text(window):
            if where.startswith(("Key", "Digit")):
                continue  # keyboard and number-pad keys: letters and digits, not prompts
            assert any(p.match(text) for p in patterns), f"{where}: {text!r} is not a prompt"

    check()
    qtbot.mouseClick(window.attract, CLICK)
    check()
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    assert window.controller is not None
    window.controller.identify(LAN)
    check()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").isVisible())
    check()
    drive(window, clock, 95)
    check()
    drive(window, clock, 30)
    check()
    assert not any(p.match("Hello") for p in patterns)


def test_fullscreen_kiosk_hides_the_pointer_after_the_first_paint(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
) -> None:
    window = create_main_window(settings, prompts, speaker, clock)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.first_painted):
            window.show_kiosk()
        assert window.isFullScreen()
        assert window.cursor().shape() == Qt.CursorShape.BlankCursor
    finally:
        window.close()
