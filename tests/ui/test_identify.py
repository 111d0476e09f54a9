"""The identify step with the simulated reader and QR scanner: every path a citizen can take."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.simulated.card_reader import SimulatedCard
from devices.simulated.citizens import BA_LAN, CHU_TU
from kiosk.domain.identity import IdentitySource
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import (
    RecordingSpeaker,
    SimDevices,
    button,
    drive,
    every_text,
    label,
    open_window,
    settle,
)
from ui.main_window import MainWindow
from ui.screens.identify import CardMark, ReadingRing

CLICK = Qt.MouseButton.LeftButton
LAN_FRAGMENTS = ["Nguyễn", "Lan", BA_LAN.id_number, BA_LAN.id_number[-4:], "4321"]


def to_identify(window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    assert window.current_screen_id == "identify"
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.waiting"])


def wait_said(qtbot: QtBot, speaker: RecordingSpeaker, prompt_id: str) -> None:
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == [prompt_id])


def ring(window: MainWindow) -> ReadingRing:
    found = window.findChild(ReadingRing)
    assert found is not None
    return found


def shows(window: MainWindow, name: str) -> bool:
    return button(window, name).isVisible()


def read_a_broken_chip(qtbot: QtBot, sim: SimDevices, detail: str) -> None:
    """The chip breaks once the read has begun (the reader's health check ran before it)."""
    sim.reader.gate.clear()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: bool(sim.reader.reads))
    sim.reader.sim.fail(detail)
    sim.reader.gate.set()


def personal_leftovers(window: MainWindow) -> list[tuple[str, str]]:
    return [(n, t) for n, t in every_text(window) if any(f in t for f in LAN_FRAGMENTS)]


def test_a_citizen_is_greeted_by_name_with_the_id_masked_and_nothing_personal_is_said(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    clock: ManualClock,
    prompts: PromptCatalogue,
) -> None:
    controller = window.controller
    assert controller is not None
    to_identify(window, qtbot, speaker)
    title = label(window, "IdentifyTitle")
    assert title.text() == "Mời ông/bà đặt thẻ căn cước lên đầu đọc"
    assert window.findChild(CardMark).isVisible()  # type: ignore[union-attr]
    assert not ring(window).timer.isActive()  # the animation only runs while shown

    sim.reader.gate.clear()  # hold the read so the reading state can be seen
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    assert title.text() == "Đang đọc thẻ, ông/bà vui lòng giữ nguyên thẻ"
    assert ring(window).isVisible() and ring(window).timer.isActive()
    wait_said(qtbot, speaker, "identify.reading")
    assert controller.flow.device_held
    drive(window, clock, 25)  # held: no idle time counts while the chip is read
    assert window.current_screen_id == "identify" and controller.flow.device_held

    sim.reader.gate.set()
    qtbot.waitUntil(lambda: label(window, "IdentifyName").isVisible())
    assert not ring(window).timer.isActive() and not controller.flow.device_held
    assert label(window, "IdentifyName").text() == "Nguyễn Thị Lan"
    assert label(window, "IdentifyIdLine").text() == "Số định danh: ••••••••4321"
    assert title.text() == "Xin chào"
    assert label(window, "HeaderGreeting").text() == "Ông/Bà Nguyễn Thị Lan"
    assert not label(window, "IdentifyNote").isVisible()  # read from the chip
    wait_said(qtbot, speaker, "identify.greeting")
    assert speaker.last().text.startswith("Xin chào ông bà")
    session = controller.flow.session
    assert session is not None and session.identity is not None
    assert session.identity.sources["full_name"] is IdentitySource.CHIP

    qtbot.mouseClick(button(window, "IdentifyContinue"), CLICK)
    assert window.current_screen_id == "choose"  # "Tiếp tục" leads to choosing the procedure
    assert label(window, "ChooseTitle").text() == prompts.text("flow_choose.title")
    wait_said(qtbot, speaker, "flow_choose.title")

    said = [u.text for u in speaker.utterances]
    assert not [t for t in said if any(f in t for f in LAN_FRAGMENTS)]


def test_wrong_card_is_said_and_retry_reads_the_right_one(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    # a chip that opens with Lan's key but holds Tư's data: the QR and chip disagree
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(SimulatedCard(BA_LAN.bac_key, CHU_TU.card.data_groups))
    wait_said(qtbot, speaker, "identify.wrong_card")
    assert label(window, "IdentifyTitle").text() == "Mã QR và chip không cùng một thẻ"
    assert shows(window, "IdentifyRetry") and shows(window, "IdentifyAskStaff")
    assert not shows(window, "IdentifyUseQr")
    assert not [t for _, t in every_text(window) if "Trần" in t or "Nguyễn" in t]  # no half
    sim.reader.sim.remove()
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.mouseClick(button(window, "IdentifyRetry"), CLICK)
    wait_said(qtbot, speaker, "identify.waiting")  # the doubtful QR is forgotten: scan again
    sim.qr.scan(BA_LAN.card_qr)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


def test_card_taken_away_mid_read_asks_to_put_it_back_and_reads_again(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    sim.reader.gate.clear()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    wait_said(qtbot, speaker, "identify.reading")
    sim.reader.sim.remove()
    wait_said(qtbot, speaker, "identify.card_removed")
    assert label(window, "IdentifyTitle").text() == "Thẻ đã được lấy ra khi đang đọc"
    assert shows(window, "IdentifyRetry") and shows(window, "IdentifyAskStaff")
    assert window.controller is not None and not window.controller.flow.device_held
    sim.reader.gate.set()  # the interrupted read ends (CardRemoved): stale, ignored
    sim.reader.sim.insert(BA_LAN.card)  # "đặt lại thẻ": the read starts again by itself
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


def test_unreadable_chip_continues_with_the_qr_only(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    read_a_broken_chip(qtbot, sim, "6F00 no precise diagnosis")
    wait_said(qtbot, speaker, "identify.chip_unreadable")
    assert {shows(window, n) for n in ("IdentifyUseQr", "IdentifyAskStaff", "IdentifyRetry")} == {
        True
    }
    assert button(window, "IdentifyUseQr").text() == "Dùng mã QR trên thẻ"
    qtbot.mouseClick(button(window, "IdentifyUseQr"), CLICK)
    assert label(window, "IdentifyName").text() == "Nguyễn Thị Lan"
    assert label(window, "IdentifyNote").text() == "Thông tin lấy từ mã QR trên thẻ"
    controller = window.controller
    assert controller is not None and controller.flow.session is not None
    identity = controller.flow.session.identity
    assert identity is not None and identity.sources["full_name"] is IdentitySource.CARD_QR


def test_a_card_without_its_qr_is_asked_to_be_turned(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    clock: ManualClock,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.reader.sim.insert(BA_LAN.card)
    drive(window, clock, 5)
    assert speaker.ids()[-1] == "identify.waiting"
    drive(window, clock, 1)
    wait_said(qtbot, speaker, "identify.no_qr")
    assert label(window, "IdentifyTitle").text() == "Xin lật thẻ lại"
    assert "mã QR" in speaker.last().text
    sim.qr.scan(BA_LAN.card_qr)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


def test_ask_staff_is_a_way_forward_and_retry_comes_back(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    read_a_broken_chip(qtbot, sim, "dead chip")
    wait_said(qtbot, speaker, "identify.chip_unreadable")
    qtbot.mouseClick(button(window, "IdentifyAskStaff"), CLICK)
    wait_said(qtbot, speaker, "identify.staff")
    assert shows(window, "IdentifyRetry") and not shows(window, "IdentifyUseQr")
    sim.reader.sim.recover()
    qtbot.mouseClick(button(window, "IdentifyRetry"), CLICK)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


def test_a_foreign_qr_is_refused_with_a_prompt(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    to_identify(window, qtbot, speaker)
    sim.qr.scan("https://dichvucong.gov.vn/")
    qtbot.waitUntil(
        lambda: speaker.ids()[-1:] in (["identify.qr_invalid"], ["identity.qr_not_a_card"])
    )
    assert shows(window, "IdentifyRetry")


def test_no_reader_offers_the_qr_then_greets_from_it(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
) -> None:
    window = open_window(qtbot, settings, prompts, speaker, clock)
    assert window.controller is not None
    window.controller.attach_devices(None, sim.qr)
    sim.qr.open()
    try:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        wait_said(qtbot, speaker, "identify.reader_not_ready")
        qtbot.mouseClick(button(window, "IdentifyUseQr"), CLICK)
        wait_said(qtbot, speaker, "identify.scan_qr")
        sim.qr.scan(BA_LAN.card_qr)
        assert label(window, "IdentifyName").text() == "Nguyễn Thị Lan"
        assert label(window, "IdentifyNote").isVisible()
    finally:
        sim.close()
        window.close()


def test_reader_that_reports_not_ready_is_not_waited_for(
    window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, sim: SimDevices
) -> None:
    sim.reader.sim.fail("pcscd gone")
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    wait_said(qtbot, speaker, "identify.reader_not_ready")
    assert shows(window, "IdentifyUseQr") and shows(window, "IdentifyAskStaff")


def test_a_card_placed_during_the_warning_withdraws_it(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    clock: ManualClock,
) -> None:
    to_identify(window, qtbot, speaker)
    drive(window, clock, 90)
    assert window.current_screen_id == "warning"
    sim.reader.sim.insert(BA_LAN.card)
    assert window.current_screen_id == "identify"
    assert window.controller is not None
    session = window.controller.flow.session
    assert session is not None and session.extensions_used == 0


def test_nothing_of_the_citizen_is_left_after_start_over_timeout_or_back(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    clock: ManualClock,
) -> None:
    def identified() -> None:
        to_identify(window, qtbot, speaker)
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(BA_LAN.card)
        qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")
        assert personal_leftovers(window)
        sim.reader.sim.remove()

    identified()
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)
    settle()
    assert personal_leftovers(window) == []
    assert window.current_screen_id == "attract"

    identified()
    drive(window, clock, 90 + 30)  # idle, then the warning's countdown
    assert window.current_screen_id == "goodbye"
    settle()
    assert personal_leftovers(window) == []
    drive(window, clock, 30)

    identified()
    qtbot.mouseClick(button(window, "NavBack"), CLICK)
    assert window.current_screen_id == "welcome"
    assert personal_leftovers(window) == []  # the header's greeting too
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    assert label(window, "IdentifyTitle").text() == "Mời ông/bà đặt thẻ căn cước lên đầu đọc"
    assert not label(window, "IdentifyName").isVisible()
    said = [u.text for u in speaker.utterances]
    assert not [t for t in said if any(f in t for f in LAN_FRAGMENTS)]


def test_a_read_that_never_answers_becomes_unreadable(
    window: MainWindow,
    qtbot: QtBot,
    speaker: RecordingSpeaker,
    sim: SimDevices,
    clock: ManualClock,
) -> None:
    to_identify(window, qtbot, speaker)
    sim.reader.gate.clear()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    drive(window, clock, 30)
    wait_said(qtbot, speaker, "identify.chip_unreadable")
    assert window.controller is not None and not window.controller.flow.device_held
    sim.reader.gate.set()  # the late answer is dropped
    settle()
    assert not label(window, "IdentifyName").isVisible()


def test_devices_attached_after_the_step_was_first_used_still_work(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
) -> None:
    window = open_window(qtbot, settings, prompts, speaker, clock)
    controller = window.controller
    assert controller is not None
    try:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        wait_said(qtbot, speaker, "identify.reader_not_ready")  # nothing attached yet
        qtbot.mouseClick(button(window, "NavBack"), CLICK)
        controller.attach_devices(sim.reader, sim.qr)
        controller.attach_devices(sim.reader, sim.qr)  # twice: still one subscription each
        sim.open()
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        wait_said(qtbot, speaker, "identify.waiting")
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(BA_LAN.card)
        qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")
        assert len(sim.reader.reads) == 1
    finally:
        sim.close()
        window.close()
