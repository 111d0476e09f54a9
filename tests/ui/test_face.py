"""The chip's face on the greeting: decoded off the GUI thread, shown beside the name, wiped."""

from __future__ import annotations

import io
import logging
import threading
from pathlib import Path

import msgspec
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

import ui.face_image
from devices.simulated.card_reader import SimulatedCard
from devices.simulated.citizens import BA_LAN
from kiosk.ports.card_reader import BacKey, ChipData
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.services.identity.face import FaceImage
from tests.emrtd.files import dg2, face_jpeg
from tests.ui.support import (
    PANEL_15,
    PANEL_21,
    RecordingSpeaker,
    SimDevices,
    button,
    drive,
    label,
    open_window,
    settings_for,
    settle,
)
from tests.unit.identity.test_face import dg2 as dg2_of
from tests.unit.identity.test_face import jpeg2000, record
from ui.face_image import FacePhoto, decode_face, face_box_px
from ui.main_window import MainWindow

CLICK = Qt.MouseButton.LeftButton
OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"
LAN_JPEG = face_jpeg(BA_LAN.slug)


def lan_card(face_dg2: bytes | None = None) -> SimulatedCard:
    """Bà Lan's card with the emulator's DG2 (the scripted citizens carry none)."""
    groups = dict(BA_LAN.card.data_groups)
    groups["DG2"] = dg2(LAN_JPEG) if face_dg2 is None else face_dg2
    return SimulatedCard(BA_LAN.bac_key, groups)


def photo(window: MainWindow) -> FacePhoto:
    found = window.findChild(FacePhoto)
    assert found is not None
    return found


def greet(window: MainWindow, qtbot: QtBot, sim: SimDevices, card: SimulatedCard) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(card)
    qtbot.waitUntil(lambda: label(window, "IdentifyName").text() == "Nguyễn Thị Lan")


def face_held(window: MainWindow) -> bool:
    assert window.controller is not None
    step = window.controller.identify_step()
    return step._face is not None or photo(window).holds_face


def no_face_left(window: MainWindow) -> None:
    settle()
    for widget in window.findChildren(QLabel):
        pixmap = widget.pixmap()
        assert pixmap.isNull(), f"{widget.objectName()} still shows a picture"
    assert photo(window).pixmap().isNull() and not photo(window).isVisible()
    assert not face_held(window)


@pytest.fixture
def decode_threads(monkeypatch: pytest.MonkeyPatch) -> list[threading.Thread]:
    """Every decode, with the thread it ran on."""
    threads: list[threading.Thread] = []
    real = ui.face_image.decode_face

    def spy(face: FaceImage, box: QSize) -> object:
        threads.append(threading.current_thread())
        return real(face, box)

    monkeypatch.setattr(ui.face_image, "decode_face", spy)
    return threads


def test_the_chips_face_is_shown_beside_the_name_at_id_photo_size(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, decode_threads: list[threading.Thread]
) -> None:
    greet(window, qtbot, sim, lan_card())
    shown = photo(window)
    qtbot.waitUntil(shown.isVisible)
    pixmap = shown.pixmap()
    assert not pixmap.isNull()
    ppm = 1920 / 476.6  # the default panel
    box = face_box_px(ppm)
    assert shown.contentsRect().size() == pixmap.size()  # its thin edge hugs the picture
    assert pixmap.width() <= box.width() and pixmap.height() <= box.height()
    assert pixmap.height() >= 35 * ppm  # at least 35 mm tall on the panel
    assert abs(pixmap.width() / pixmap.height() - 240 / 320) < 0.02  # the chip's proportions
    # beside the name and the masked ID, level with them
    name, id_line = label(window, "IdentifyName"), label(window, "IdentifyIdLine")
    at = shown.mapTo(window, QPoint(0, 0))
    for text in (name, id_line):
        left = text.mapTo(window, QPoint(0, 0))
        assert left.x() >= at.x() + shown.width()
        assert at.y() <= left.y() and left.y() + text.height() <= at.y() + shown.height()
    assert decode_threads and all(t is not threading.main_thread() for t in decode_threads)


def test_a_jpeg_2000_face_is_shown_too(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, decode_threads: list[threading.Thread]
) -> None:
    face = dg2_of(record(jpeg2000(size=(300, 400)), image_type=1, width=300, height=400))
    greet(window, qtbot, sim, lan_card(face))
    qtbot.waitUntil(photo(window).isVisible)
    pixmap = photo(window).pixmap()
    box = face_box_px(1920 / 476.6)
    assert not pixmap.isNull() and pixmap.height() == box.height()
    assert pixmap.width() <= box.width()
    assert decode_threads and all(t is not threading.main_thread() for t in decode_threads)


@pytest.mark.parametrize(
    "face_dg2",
    [
        dg2(LAN_JPEG)[:-200],  # the outer TLV overruns: extraction refuses it
        dg2(LAN_JPEG[:3] + bytes(4000)),  # extracts (JPEG magic), then does not decode
        dg2_of(record(b"\x00\x00\x00\x0cjP  " + bytes(300), image_type=1)),  # broken JPEG 2000
    ],
    ids=["bad-tlv", "bad-jpeg", "bad-jpeg2000"],
)
@pytest.mark.qt_log_ignore("Corrupt JPEG", "JPEG datastream")  # libjpeg says so; we log ours
def test_a_corrupt_face_leaves_the_greeting_without_a_photo(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    speaker: RecordingSpeaker,
    face_dg2: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="ui.face_image")
    greet(window, qtbot, sim, lan_card(face_dg2))
    qtbot.waitUntil(lambda: "face:" in caplog.text)
    settle()
    assert not photo(window).isVisible() and photo(window).pixmap().isNull()
    assert label(window, "IdentifyIdLine").text() == "Số định danh: ••••••••4321"
    assert button(window, "IdentifyContinue").isVisible()
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.greeting"])
    assert all(r.levelno <= logging.WARNING for r in caplog.records)


def test_the_read_asks_for_dg2_and_a_card_without_it_is_greeted_without_a_photo(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, ...]] = []
    real = sim.reader.sim.read_chip

    def spy(key: BacKey, groups: tuple[str, ...]) -> ChipData:
        asked.append(groups)
        return real(key, groups)

    monkeypatch.setattr(sim.reader.sim, "read_chip", spy)
    greet(window, qtbot, sim, BA_LAN.card)  # the scripted card carries no DG2
    settle()
    assert asked and all("DG2" in groups for groups in asked)
    assert not photo(window).isVisible() and not face_held(window)


def test_a_qr_only_greeting_shows_no_photo(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, speaker: RecordingSpeaker
) -> None:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    sim.reader.gate.clear()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(lan_card())
    qtbot.waitUntil(lambda: bool(sim.reader.reads))
    sim.reader.sim.fail("dead chip")
    sim.reader.gate.set()
    qtbot.waitUntil(lambda: button(window, "IdentifyUseQr").isVisible())
    qtbot.mouseClick(button(window, "IdentifyUseQr"), CLICK)
    assert label(window, "IdentifyName").text() == "Nguyễn Thị Lan"
    settle()
    assert not photo(window).isVisible() and not face_held(window)


def test_the_face_is_wiped_on_start_over_timeout_back_and_continue(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, clock: ManualClock
) -> None:
    def greeted() -> None:
        greet(window, qtbot, sim, lan_card())
        qtbot.waitUntil(photo(window).isVisible)
        assert face_held(window)
        sim.reader.sim.remove()

    greeted()
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)
    no_face_left(window)

    greeted()
    drive(window, clock, 90 + 30)  # idle, then the warning's countdown
    assert window.current_screen_id == "goodbye"
    no_face_left(window)
    drive(window, clock, 30)

    greeted()
    qtbot.mouseClick(button(window, "NavBack"), CLICK)
    assert window.current_screen_id == "welcome"
    no_face_left(window)
    qtbot.mouseClick(button(window, "NavStartOver"), CLICK)

    greeted()
    qtbot.mouseClick(button(window, "IdentifyContinue"), CLICK)  # the greeting is over
    no_face_left(window)


def test_a_decode_still_running_at_the_wipe_is_never_shown(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    real = ui.face_image.decode_face

    def slow(face: FaceImage, box: QSize) -> object:
        gate.wait(timeout=5)
        return real(face, box)

    monkeypatch.setattr(ui.face_image, "decode_face", slow)
    shown = FacePhoto()
    qtbot.addWidget(shown)
    face = FaceImage("jpeg", LAN_JPEG, 240, 320)
    generation = shown.decoder.generation + 1
    with qtbot.assertNotEmitted(shown.decoder.decoded, wait=100):
        shown.show_face(face)
        shown.wipe()  # while the decode runs
        gate.set()
        for thread in threading.enumerate():
            if thread.name == "face-decode":
                thread.join(timeout=5)
    # a result already queued when the wipe came is dropped on arrival too
    late = QImage(30, 40, QImage.Format.Format_RGB888)
    late.fill(Qt.GlobalColor.gray)
    shown._on_decoded(generation, late)
    settle()
    assert shown.pixmap().isNull() and not shown.holds_face and not shown.isVisible()
    with qtbot.waitSignal(shown.decoder.decoded, timeout=5000):
        shown.show_face(face)
    settle()
    assert not shown.pixmap().isNull() and shown.isVisible()


def test_decoding_is_refused_on_the_gui_thread(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtWidgets import QApplication

    assert QApplication.instance() is not None
    assert decode_face(FaceImage("jpeg", LAN_JPEG, 240, 320), QSize(100, 100)) is None
    assert "GUI thread" in caplog.text


def test_a_huge_face_is_refused_before_it_is_decoded(qtbot: QtBot) -> None:
    big = io.BytesIO()
    Image.new("L", (5000, 4000)).save(big, "JPEG")  # 20 megapixels
    shown = FacePhoto()
    qtbot.addWidget(shown)
    with qtbot.waitSignal(shown.decoder.decoded, timeout=10_000) as blocker:
        shown.show_face(FaceImage("jpeg", big.getvalue(), 5000, 4000))
    assert blocker.args is not None and blocker.args[1] is None


def test_greeting_screenshots_with_the_photo(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, speaker: RecordingSpeaker
) -> None:
    """docs/screens/identify-greeting-photo*.png: the greeting as Bà Lan sees it."""
    saved = []
    for big in (False, True):
        qtbot.mouseClick(window.attract, CLICK)
        if big:
            qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(lan_card())
        qtbot.waitUntil(photo(window).isVisible)
        qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.greeting"])
        settle()
        path = OUT / f"identify-greeting-photo{'-big-text' if big else ''}.png"
        OUT.mkdir(parents=True, exist_ok=True)
        image = window.grab()
        assert (image.width(), image.height()) == (1920, 1080)
        assert image.save(str(path))
        saved.append(path)
        # nothing on the greeting is cut off: the Continue button is whole inside the window
        go = button(window, "IdentifyContinue")
        bottom = go.mapTo(window, QPoint(0, go.height())).y()
        assert go.isVisible() and bottom <= 1080
        sim.reader.sim.remove()
        qtbot.mouseClick(button(window, "NavStartOver"), CLICK)
        no_face_left(window)
    assert all(p.stat().st_size > 10_000 for p in saved)


@pytest.mark.parametrize("panel", [PANEL_15, PANEL_21], ids=["15.6in-768p", "21.5in-1080p"])
def test_the_photo_greeting_fits_in_big_text_with_a_long_name(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    panel: dict[str, float],
) -> None:
    """The photo takes its 35 × 45 mm beside the longest names without clipping any text."""
    window = open_window(qtbot, settings_for(panel), prompts, speaker, clock, sim)
    try:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(lan_card())
        qtbot.waitUntil(photo(window).isVisible)
        step = window.controller.identify_step() if window.controller else None
        assert step is not None
        screen = window.screen_widget("identify")
        long_name = "Tôn Nữ Thị Hoàng Phương Nguyễn Ngọc Bích Thủy"
        screen.show_view(msgspec.structs.replace(step.view(), name=long_name))
        settle()
        ppm = window.theme.px_per_mm
        assert photo(window).pixmap().height() >= 35 * ppm
        bounds = window.rect()
        for name in ("IdentifyTitle", "IdentifyName", "IdentifyIdLine"):
            text = label(window, name)
            assert text.height() >= text.heightForWidth(text.width()), f"{name} clipped"
            assert bounds.contains(QRect(text.mapTo(window, QPoint(0, 0)), text.size())), name
        go = button(window, "IdentifyContinue")
        assert go.isVisible()
        assert bounds.contains(QRect(go.mapTo(window, QPoint(0, 0)), go.size()))
        shown = photo(window)
        assert bounds.contains(QRect(shown.mapTo(window, QPoint(0, 0)), shown.size()))
    finally:
        sim.close()
        window.close()
