"""The identify step with a camera QR source: its live picture and frame guide while waiting."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrPreview, QrPreviewSource
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.qr_corpus import make_frame
from tests.ui.support import RecordingSpeaker, SimDevices, button, label, open_window, settle
from ui.camera_preview import MIN_WIDTH_MM, CameraPreview
from ui.main_window import MainWindow
from ui.screens.identify import CardMark, IdentifyScreen

CLICK = Qt.MouseButton.LeftButton
OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"
ROI = (0.15, 0.1, 0.7, 0.8)  # the camera adapter's default frame guide


class FakeCamera(SimulatedQrSource):
    """A QR source that is also a camera: frames are pushed from a thread of the test."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock, "fake-camera")
        self._previews: list[Callable[[QrPreview], None]] = []

    def subscribe_live_preview(self, callback: Callable[[QrPreview], None]) -> None:
        self._previews.append(callback)

    def push_from_thread(self, *previews: QrPreview) -> None:
        def run() -> None:
            for p in previews:
                for callback in self._previews:
                    callback(p)

        worker = threading.Thread(target=run, name="fake-camera")
        worker.start()
        worker.join(timeout=5)


def preview_of(gray: np.ndarray, decoded: bool = False) -> QrPreview:
    h, w = gray.shape
    scale = min(1.0, 640 / w)
    small = cv2.resize(gray, (round(w * scale), round(h * scale)), interpolation=cv2.INTER_AREA)
    sh, sw = small.shape
    guide = (round(ROI[0] * sw), round(ROI[1] * sh), round(ROI[2] * sw), round(ROI[3] * sh))
    return QrPreview(sw, sh, np.ascontiguousarray(small).tobytes(), guide, decoded)


def grey_frame() -> QrPreview:
    return preview_of(np.full((480, 640), 128, np.uint8))


@pytest.fixture
def camera(clock: ManualClock) -> Iterator[FakeCamera]:
    cam = FakeCamera(clock)
    yield cam
    cam.close()


@pytest.fixture
def cam_window(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    camera: FakeCamera,
) -> Iterator[MainWindow]:
    w = open_window(qtbot, settings, prompts, speaker, clock)
    assert w.controller is not None
    w.controller.attach_devices(sim.reader, camera)
    sim.reader.open()
    camera.open()
    yield w
    sim.close()
    w.close()


def to_identify(window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker) -> CameraPreview:
    qtbot.mouseClick(window.attract, CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    screen = window.screen_widget("identify")
    assert isinstance(screen, IdentifyScreen)
    assert window.controller is not None
    # the session controller's wiring (one line in its _on_screen_built), done here until it lands
    window.controller.identify_step().preview_changed.connect(screen.show_preview)
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["camera.waiting"])
    found = window.findChild(CameraPreview)
    assert found is not None
    return found


def test_waiting_shows_the_live_picture_with_its_guide_instead_of_the_card(
    cam_window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, camera: FakeCamera
) -> None:
    assert isinstance(camera, QrPreviewSource)
    preview = to_identify(cam_window, qtbot, speaker)
    settle()
    assert preview.isVisible()
    assert not cam_window.findChild(CardMark).isVisible()  # type: ignore[union-attr]
    assert label(cam_window, "IdentifyNote").text() == "Đưa mã QR vào trong khung"
    assert preview.pixmap().isNull()
    camera.push_from_thread(grey_frame())
    qtbot.waitUntil(lambda: not preview.pixmap().isNull())  # queued onto the GUI thread
    image = preview.pixmap().toImage()
    scale = image.width() / 640
    edge = image.pixelColor(round(320 * scale), round(48 * scale))  # top edge of the guide
    assert edge == QColor("#0B3A75")
    inside, outside = (image.pixelColor(round(x * scale), round(240 * scale)) for x in (320, 40))
    assert inside.red() == 128 and outside.red() < 100  # outside the guide is dimmed


def test_the_picture_goes_once_the_qr_is_read_and_stays_gone(
    cam_window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, camera: FakeCamera
) -> None:
    preview = to_identify(cam_window, qtbot, speaker)
    camera.push_from_thread(grey_frame())
    qtbot.waitUntil(lambda: not preview.pixmap().isNull())
    camera.scan(BA_LAN.card_qr)
    qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["qr.card_read"])
    assert preview.pixmap().isNull() and not preview.isVisible()
    camera.push_from_thread(grey_frame(), grey_frame())
    settle()
    assert preview.pixmap().isNull()


def test_back_to_welcome_wipes_the_picture(
    cam_window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, camera: FakeCamera
) -> None:
    preview = to_identify(cam_window, qtbot, speaker)
    camera.push_from_thread(grey_frame())
    qtbot.waitUntil(lambda: not preview.pixmap().isNull())
    shown = preview.frames_shown
    qtbot.mouseClick(button(cam_window, "NavBack"), CLICK)
    qtbot.waitUntil(lambda: cam_window.current_screen_id == "welcome")
    assert preview.pixmap().isNull()
    camera.push_from_thread(grey_frame())
    settle()
    assert preview.pixmap().isNull() and preview.frames_shown == shown


def test_a_session_wipe_clears_the_picture(
    cam_window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, camera: FakeCamera
) -> None:
    preview = to_identify(cam_window, qtbot, speaker)
    camera.push_from_thread(grey_frame())
    qtbot.waitUntil(lambda: not preview.pixmap().isNull())
    assert cam_window.controller is not None
    cam_window.controller.on_start_over()
    qtbot.waitUntil(lambda: cam_window.current_screen_id != "identify")
    settle()
    assert preview.pixmap().isNull()


def test_a_frame_delivered_off_the_gui_thread_is_refused(qtbot: QtBot) -> None:
    widget = CameraPreview()
    qtbot.addWidget(widget)
    widget.show()
    worker = threading.Thread(target=widget.show_preview, args=(grey_frame(),))
    worker.start()
    worker.join(timeout=5)
    assert widget.pixmap().isNull()


def test_the_picture_and_its_hint_are_big_enough_to_see(
    cam_window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, camera: FakeCamera
) -> None:
    preview = to_identify(cam_window, qtbot, speaker)
    camera.push_from_thread(grey_frame())
    qtbot.waitUntil(lambda: not preview.pixmap().isNull())
    theme = cam_window.theme
    assert preview.width() >= MIN_WIDTH_MM * theme.px_per_mm - 1
    assert preview.pixmap().width() >= 60 * theme.px_per_mm
    hint = label(cam_window, "IdentifyNote")
    assert hint.fontMetrics().capHeight() >= 5.0 * theme.px_per_mm - 0.5


def test_screenshot_waiting_with_the_camera(
    cam_window: MainWindow, qtbot: QtBot, speaker: RecordingSpeaker, camera: FakeCamera
) -> None:
    preview = to_identify(cam_window, qtbot, speaker)
    frame = make_frame(seed=1, index=0)  # a card QR, clean, as the corpus camera sees it
    camera.push_from_thread(preview_of(frame.gray))
    qtbot.waitUntil(lambda: not preview.pixmap().isNull())
    settle()
    OUT.mkdir(parents=True, exist_ok=True)
    image = cam_window.grab()
    assert (image.width(), image.height()) == (1920, 1080)
    path = OUT / "identify-waiting-camera.png"
    assert image.save(str(path))
    assert path.stat().st_size > 10_000
