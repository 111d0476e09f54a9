"""Acceptance A: a whole session with the real buttons, the timeout path, and the wipe."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import LAN, RecordingSpeaker, button, drive, label, leftovers, settle
from ui.main_window import MainWindow

CLICK = Qt.MouseButton.LeftButton


def test_attract_to_timeout_to_attract_with_everything_wiped(
    window: MainWindow,
    qtbot: QtBot,
    clock: ManualClock,
    speaker: RecordingSpeaker,
    settings: Settings,
    prompts: PromptCatalogue,
) -> None:
    controller = window.controller
    assert controller is not None
    assert window.current_screen_id == "attract" and window.attract.isVisible()

    # attract → welcome → identify, by touching like a citizen
    qtbot.mouseClick(window.attract, CLICK)
    assert window.current_screen_id == "welcome"
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    assert window.current_screen_id == "identify"
    assert label(window, "IdentifyTitle").text() == prompts.text("identify.waiting")
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.waiting"])

    # the card reader (later issue) identifies the citizen: her name shows in the header
    controller.identify(LAN)
    greeting = label(window, "HeaderGreeting")
    assert greeting.isVisible() and greeting.text() == "Ông/Bà Nguyễn Thị Lan"
    assert leftovers(window, LAN)  # there is citizen text to wipe

    # idle → the warning: visible, spoken, with the countdown
    drive(window, clock, settings.timeouts.form_idle_s - 1)
    assert window.current_screen_id == "identify"
    drive(window, clock, 1)
    warning = window.screen_widget("warning")
    assert window.current_screen_id == "warning" and warning.isVisible()
    countdown = label(window, "WarningCountdown")
    assert countdown.isVisible()
    assert countdown.text() == "Phiên làm việc sẽ kết thúc sau 30 giây"
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["timeout.warning_speech"])
    assert speaker.last().text == prompts.speech("timeout.warning_speech")
    drive(window, clock, 5)
    assert countdown.text() == "Phiên làm việc sẽ kết thúc sau 25 giây"
    assert not window.findChildren(QDialog)  # a screen state, never a modal dialog

    # "Cần thêm thời gian" works every time it is offered (≥ 10; default 20)
    extend = button(window, "WarningExtend")
    presses = 0
    while controller.flow.can_extend:
        assert extend.isVisible() and extend.text() == "Cần thêm thời gian"
        qtbot.mouseClick(extend, CLICK)
        presses += 1
        assert window.current_screen_id == "identify", presses
        assert greeting.text() == "Ông/Bà Nguyễn Thị Lan"
        drive(window, clock, settings.timeouts.form_idle_s)
        assert window.current_screen_id == "warning"
        assert countdown.text() == "Phiên làm việc sẽ kết thúc sau 30 giây"
    assert presses == settings.timeouts.max_extensions >= 10

    # the button is no longer offered; staff help is
    settle()
    assert not extend.isVisible()
    ask = label(window, "WarningAskStaff")
    assert ask.isVisible() and ask.text() == prompts.text("timeout.ask_staff")
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["timeout.final_speech"])

    # the countdown ends the session → goodbye, already wiped
    ended: list[object] = []
    controller.session_ended.connect(ended.append)
    drive(window, clock, settings.timeouts.warning_s)
    assert window.current_screen_id == "goodbye"
    assert label(window, "GoodbyeTimedOut").isVisible()
    assert controller.flow.session is None
    assert len(ended) == 1
    assert leftovers(window, LAN) == []
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["goodbye.timed_out"])

    # goodbye → attract after goodbye_s
    drive(window, clock, settings.timeouts.goodbye_s)
    assert window.current_screen_id == "attract" and window.attract.isVisible()
    settle()
    assert leftovers(window, LAN) == []
    assert not label(window, "HeaderGreeting").text()

    # nothing personal was ever said on the loudspeaker
    frags = ["Nguyễn", "Lan", LAN.id_number]
    assert not [u for u in speaker.utterances if any(f in u.text for f in frags)]
    # speech ran on the speaker's worker thread, never on the GUI thread
    assert speaker.threads and all(t.startswith("device-speaker") for t in speaker.threads)
