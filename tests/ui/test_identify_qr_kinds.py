"""The identify screen with the simulated scanner: each kind of QR, said and shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.prompts import PromptCatalogue
from tests.ui.support import RecordingSpeaker, SimDevices, button, label
from tests.unit.qr_payloads import samples as s
from ui.main_window import MainWindow

CLICK = Qt.MouseButton.LeftButton
PERSONAL = ("Nguyễn", "Lan", BA_LAN.id_number, "Hào Nam", "001089012345")
# the wedge/serial damage of research §1.3: "ữ" lost on the way (invalid UTF-8 → U+FFFD)
DAMAGED = BA_LAN.card_qr.encode("utf-8").replace("ữ".encode(), b"\xe1\xbb")


def to_identify(window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.waiting"])


def wait_said(qtbot: QtBot, speaker: RecordingSpeaker, prompt_id: str) -> None:
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == [prompt_id])


def nothing_personal_said(speaker: RecordingSpeaker) -> bool:
    return not [u for u in speaker.utterances if any(p in u.text for p in PERSONAL)]


def test_an_accepted_card_qr_is_confirmed_by_voice(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    sim.qr.scan(BA_LAN.card_qr)
    wait_said(qtbot, speaker, "qr.card_read")
    assert speaker.last().text.startswith("Đã đọc mã QR")
    assert label(window, "IdentifyTitle").text().startswith("Đã đọc mã QR")
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")
    assert nothing_personal_said(speaker)


def test_card_on_the_reader_first_then_the_qr_confirms_and_reads(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    sim.reader.gate.clear()
    sim.reader.sim.insert(BA_LAN.card)
    sim.qr.scan(BA_LAN.card_qr)
    wait_said(qtbot, speaker, "qr.card_read_reading")
    assert speaker.last().text.startswith("Đã đọc mã QR. Đang đọc thẻ")
    assert label(window, "IdentifyTitle").text() == "Đang đọc thẻ, ông/bà vui lòng giữ nguyên thẻ"
    sim.reader.gate.set()
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


def test_a_damaged_card_qr_is_said_and_nothing_is_prefilled(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    prompts: PromptCatalogue,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.qr.scan(DAMAGED)
    wait_said(qtbot, speaker, "qr.damaged")
    assert label(window, "IdentifyTitle").text() == prompts.text("qr.damaged")
    assert button(window, "IdentifyRetry").isVisible()
    assert button(window, "IdentifyAskStaff").isVisible()
    sim.reader.sim.insert(BA_LAN.card)
    assert window.controller is not None
    step = window.controller.identify_step()
    qtbot.waitUntil(lambda: step.flow.card_present)
    assert sim.reader.reads == []  # no key taken from a garbled QR
    sim.qr.scan(BA_LAN.card_qr)  # scanned again, cleanly
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")
    assert nothing_personal_said(speaker)


@pytest.mark.parametrize(
    ("payload", "prompt_id"),
    [
        (s.VNEID_URL, "qr.vneid_unsupported"),
        (s.RECEIPT_JSON, "qr.receipt_not_card"),
        (s.DOSSIER_WARD, "qr.receipt_not_card"),
        (s.PROCEDURE_URL, "qr.procedure_not_card"),
    ],
    ids=["vneid", "receipt", "dossier_code", "procedure"],
)
def test_other_kinds_are_named_and_the_card_still_works(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    prompts: PromptCatalogue,
    payload: str,
    prompt_id: str,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.qr.scan(payload)
    wait_said(qtbot, speaker, prompt_id)
    assert label(window, "IdentifyTitle").text() == prompts.text(prompt_id)
    assert "/" not in speaker.last().text
    assert window.current_screen_id == "identify"
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


@pytest.mark.parametrize(
    ("payload", "prompt_id"),
    [("Xin chào", "identity.qr_not_a_card"), ("H29.12-251123-0001\x1b[2J", "qr.refused")],
    ids=["unknown", "refused"],
)
def test_unknown_and_refused_scans_offer_retry(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    payload: str,
    prompt_id: str,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.qr.scan(payload)
    wait_said(qtbot, speaker, prompt_id)
    assert button(window, "IdentifyRetry").isVisible()
