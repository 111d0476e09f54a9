"""Acceptance: no ID number, name or address reaches the speaker when not in private mode.

Through the real UI path: Bà Lan (chip card + card QR on the simulated devices) walks every
screen while a RecordingSpeaker hears everything; then the controller is asked to say prompts
that carry her data, which the channel's privacy guard must refuse — unless a headset is in.
"""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.ports.clock import ManualClock
from kiosk.settings.schema import Settings
from tests.ui.support import RecordingSpeaker, SimDevices, settle
from tests.ui.test_prompt_coverage import walk_every_screen
from ui.main_window import MainWindow


def leaks(text: str) -> list[str]:
    """Independent of the guard's own matching: plain substrings and digit runs."""
    found = []
    digits = re.sub(r"\D", "", text)
    if BA_LAN.id_number in digits or BA_LAN.old_id_number in digits:
        found.append("id number")
    if "không không một, một năm không" in text:  # the ID read digit by digit
        found.append("id number (spoken)")
    if any(part in text for part in ("Nguyễn Thị Lan", "Thị Lan", "bà Lan")):
        found.append("name")
    if "Hào Nam" in text or "ngõ 34" in text:
        found.append("address")
    if "15/03/1950" in text or "15/3/1950" in text:
        found.append("birth date")
    return found


class Headset:
    def __init__(self, plugged: bool) -> None:
        self.plugged = plugged

    def headset_connected(self) -> bool:
        return self.plugged


def test_nothing_personal_is_spoken_on_any_screen(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    speaker: RecordingSpeaker,
) -> None:
    controller = window.controller
    assert controller is not None
    identified: list[bool] = []

    def on_screen(_: object) -> None:
        session = controller.flow.session
        identified.append(session is not None and session.identity is not None)

    walk_every_screen(window, qtbot, sim, clock, settings, on_screen)
    settle()
    assert any(identified), "the walk never had an identified citizen"
    assert len(speaker.utterances) >= 6
    assert [(u.prompt_id, leaks(u.text)) for u in speaker.utterances if leaks(u.text)] == []


def test_guard_refuses_personal_prompts_on_the_real_path_unless_headset(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, speaker: RecordingSpeaker
) -> None:
    controller = window.controller
    assert controller is not None
    controller.on_touched()
    controller.on_start()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: controller.flow.session is not None
                    and controller.flow.session.identity is not None)  # fmt: skip
    headset = Headset(plugged=False)
    controller.attach_speaker(speaker, headset)

    channel = controller._speech
    assert channel is not None
    for prompt_id, values in [
        ("identify.name", {"name": BA_LAN.full_name}),
        ("identify.id_line", {"masked_id": BA_LAN.id_number}),
    ]:
        controller._speak(prompt_id, **values)
        qtbot.waitUntil(lambda pid=prompt_id: pid in [p for p, _ in channel.privacy.refused])
    assert channel.privacy.refused == [("identify.name", "name"), ("identify.id_line", "id_number")]
    controller._speak("session.greeting", name="Lan")  # its speech form has no placeholder
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["session.greeting"])
    assert "identify.name" not in speaker.ids()
    assert "identify.id_line" not in speaker.ids()
    assert not [u for u in speaker.utterances if leaks(u.text)]

    headset.plugged = True  # private mode: her own data may be read to her
    controller._speak("identify.name", name=BA_LAN.full_name)
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.name"])
    assert speaker.last().text == BA_LAN.full_name

    headset.plugged = False
    controller._speak("identify.name", name=BA_LAN.full_name)
    qtbot.waitUntil(lambda: len(channel.privacy.refused) == 3)
    assert speaker.ids().count("identify.name") == 1
