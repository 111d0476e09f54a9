"""The camera row: only when a camera is configured; its live view shows each frame with a
focus score. (A fake camera above the port: the real camera adapter has its own peer tests.)"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import msgspec
import pytest
from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import PagePreview, ScannedPage, ScanSettings
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.diagnostics.conftest import SimPorts
from tests.ui.diagnostics.support import idle, press_extra, row_view
from tests.ui.support import RecordingSpeaker, open_window
from ui.diagnostics.controller import DiagnosticsController

W, H = 64, 48
BLURRED = bytes(128 for _ in range(W * H))
SHARP = bytes(255 if (x // 4 + y // 4) % 2 else 0 for y in range(H) for x in range(W))


class PreviewingScanner(SimulatedDocumentScanner):
    """A simulated scanner that, like the camera adapter, shows frames while it scans."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock, scan_delay_s=0.0)
        self._previews: list[Callable[[PagePreview], None]] = []

    def subscribe_page_preview(self, callback: Callable[[PagePreview], None]) -> None:
        self._previews.append(callback)

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        for gray in (BLURRED, SHARP):  # the technician turns the focus ring
            for callback in self._previews:
                callback(PagePreview(W, H, gray, None, None))
        return super().scan_page(settings)


class CaptionRecorder(QObject):
    """What the screen's caption said after each frame (connected after the controller, so
    the controller has handled the frame first)."""

    def __init__(self, controller: DiagnosticsController) -> None:
        super().__init__()
        self._controller = controller
        self.captions: list[str] = []

    def on_frame(self, image: object, score: float) -> None:
        self.captions.append(self._controller.home_view().picture_caption)


@pytest.fixture
def camera_rig(
    qtbot: QtBot, prompts: PromptCatalogue, speaker: RecordingSpeaker, clock: ManualClock
) -> Iterator[tuple[DiagnosticsController, SimPorts]]:
    settings = msgspec.convert(
        {"devices": {"document_scanner": {"adapter": "camera", "device": "/dev/video0"}}}, Settings
    )
    window = open_window(qtbot, settings, prompts, speaker, clock)
    ports = SimPorts.make(clock)
    ports.document_scanner.close()
    ports.document_scanner = PreviewingScanner(clock)
    ports.document_scanner.open()
    controller = DiagnosticsController(
        window, prompts, clock, settings, lambda: ports, journal=lambda: None
    )
    yield controller, ports
    controller.close()
    ports.close()
    window.close()


def test_live_view_shows_frames_with_a_focus_score(
    qtbot: QtBot, camera_rig: tuple[DiagnosticsController, SimPorts]
) -> None:
    controller, ports = camera_rig
    controller.open()
    idle(qtbot, controller)
    camera = row_view(controller, "camera")
    assert camera.name == "Camera" and camera.extra_label == "Xem camera"
    assert "/dev/video0" in camera.where
    ports.document_scanner.load_paper(1)
    captions: list[str] = []
    controller._frames.frame.connect(
        lambda *_: captions.append(controller.home_view().picture_caption)
    )
    press_extra(qtbot, controller, "camera")
    assert captions[0].startswith("Độ nét: 0") and captions[0].endswith("(mờ)")
    assert captions[-1].endswith("(rõ)")
    assert controller.home_view().picture_caption == captions[-1]
    assert not controller._home_screen().picture.pixmap().isNull()


def test_no_camera_row_without_a_camera(
    qtbot: QtBot, camera_rig: object, settings: Settings
) -> None:
    from kiosk.services.diagnostics.screen_probes import rows

    assert "camera" not in [r.port for r in rows(settings)]
