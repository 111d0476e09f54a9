"""The papers screen's looks: target sizes, screenshots, scrolling checklist, live preview."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtWidgets import QLabel, QScrollBar

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.domain.procedure import LifeEvent, Paper, Procedure
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    CaptureAdvice,
    CoverOpen,
    PagePreview,
    ScannedPage,
    ScanSettings,
)
from tests.ui.papers.rig import Rig, start
from ui.papers_jobs import preview_image


@pytest.mark.parametrize("big_text", [False, True], ids=["normal", "big"])
def test_buttons_are_big_enough(
    make_rig: Callable[..., Rig],
    scanner: SimulatedDocumentScanner,
    tmp_path: Path,
    big_text: bool,
) -> None:
    rig = make_rig(scanner, big_text)
    start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    for name in ("PapersCapture", "PapersRetake", "PapersDone"):
        button = rig.button(name)
        assert rig.theme.mm(button.height()) >= 20 and rig.theme.mm(button.width()) >= 20, name


# --- screenshots (looked at by a person; see docs/screens/papers_*.png) ------------------------


@pytest.mark.parametrize("big_text", [False, True], ids=["normal", "big"])
def test_screenshots(
    make_rig: Callable[..., Rig],
    scanner: SimulatedDocumentScanner,
    tmp_path: Path,
    big_text: bool,
) -> None:
    rig = make_rig(scanner, big_text)
    suffix = "_big" if big_text else ""
    start(rig, tmp_path)
    saved = [rig.shoot(f"start{suffix}")]
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    rig.click("PapersCapture")
    rig.said("papers.page_full")
    saved.append(rig.shoot(f"capture{suffix}"))
    rig.scanner.inject(CoverOpen("cover open"))
    rig.click("PapersRetake")
    rig.said("scanner.cover_open")
    saved.append(rig.shoot(f"problem{suffix}"))
    rig.click("PapersDone")
    rig.said("papers.take_original_back")
    saved.append(rig.shoot(f"return_original{suffix}"))
    rig.click("PapersNext")
    rig.said("papers.place_paper")
    rig.click("PapersToCounter")
    rig.said("papers.at_counter")
    saved.append(rig.shoot(f"at_counter{suffix}"))
    assert all(path.stat().st_size > 10_000 for path in saved)
    for name in ("PapersNext", "PapersRetake", "PapersCapture"):  # text fits its button
        button = rig.button(name)
        assert button.sizeHint().width() <= button.width() or not button.isVisible(), name


def test_camera_frame_shows_the_page_outline() -> None:
    w, h = 320, 240
    outline = ((60, 20), (260, 20), (260, 220), (60, 220))
    image = preview_image(PagePreview(w, h, bytes([60]) * (w * h), outline, None, 1.0))
    on_edge, inside = image.pixelColor(160, 20), image.pixelColor(160, 120)
    assert on_edge.green() > 100 and on_edge.red() < 80  # the green outline
    assert (inside.red(), inside.green(), inside.blue()) == (60, 60, 60)  # the frame itself
    plain = preview_image(PagePreview(w, h, bytes([60]) * (w * h), None, CaptureAdvice.NO_PAGE))
    assert plain.pixelColor(160, 20).green() == 60  # no page found: nothing drawn


# --- problems trying again cannot fix --------------------------------------------------------


SIX = Procedure(
    id="nhieu_giay",
    name="Thủ tục nhiều giấy tờ",
    short_name="Nhiều giấy",
    group=LifeEvent.BIRTH,
    icon="baby",
    papers=tuple(
        Paper(id=f"giay_{n}", name=name, optional=n < 5)
        for n, name in enumerate(
            (
                "Giấy chứng nhận kết hôn của cha mẹ",
                "Sổ hộ khẩu hoặc giấy xác nhận cư trú",
                "Giấy chứng sinh do bệnh viện cấp",
                "Văn bản ủy quyền có chứng thực",
                "Giấy tờ chứng minh nơi cư trú",
                "Tờ khai đăng ký khai sinh",
            )
        )
    ),
)


def test_six_papers_in_big_text_scroll_by_big_buttons(
    make_rig: Callable[..., Rig], scanner: SimulatedDocumentScanner, tmp_path: Path
) -> None:
    rig = make_rig(scanner, big_text=True)
    scanner.load_paper(5)
    rig.controller.start(SIX, tmp_path / "s")
    rig.said("papers.place_paper")
    checklist = rig.screen.checklist()
    up, down = rig.button("PapersScrollUp"), rig.button("PapersScrollDown")
    value, maximum = checklist.scroll_position()
    assert maximum > 0 and value == 0  # six papers do not fit: the list overflows…
    assert up.isVisible() and down.isVisible()  # …so the big buttons are there
    assert not up.isEnabled() and down.isEnabled()  # at the top
    assert (up.text(), down.text()) == ("▲ Lên", "▼ Xuống")
    for button in (up, down):
        assert rig.theme.mm(button.height()) >= 20 and rig.theme.mm(button.width()) >= 20
    bars = rig.screen.findChildren(QScrollBar)
    assert bars and not any(bar.isVisible() for bar in bars)  # no thin scroll bar
    assert checklist.row_in_sight(0) and not checklist.row_in_sight(5)
    presses = 0
    while down.isEnabled():
        rig.click("PapersScrollDown")
        presses += 1
        assert presses < 10
    assert checklist.row_in_sight(5) and checklist.scroll_position()[0] == maximum
    assert up.isEnabled()
    while up.isEnabled():
        rig.click("PapersScrollUp")
    assert checklist.row_in_sight(0)
    # the paper being scanned is scrolled into sight by itself
    for _ in range(5):
        rig.click("PapersToCounter")
        rig.said("papers.at_counter")
        rig.click("PapersNext")
        rig.said("papers.place_paper")
    assert checklist.row_in_sight(5)
    assert rig.screen.findChildren(QLabel, "PapersRowName")[5].text().startswith("▶")
    rig.shoot("checklist_scroll_big")


def test_three_papers_need_no_scroll_buttons(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    assert not rig.button("PapersScrollUp").isVisible()
    assert not rig.button("PapersScrollDown").isVisible()


# --- camera live preview ---------------------------------------------------------------------


def camera_frame() -> PagePreview:
    """A 4:3 frame: a tilted page with text lines on a darker desk, and its outline."""
    w, h = 640, 480
    outline = ((150, 40), (470, 60), (450, 455), (120, 430))
    image = Image.new("L", (w, h), 70)
    draw = ImageDraw.Draw(image)
    draw.polygon(outline, fill=225)
    for row in range(14):
        y = 80 + row * 24
        draw.line((175 + row, y, 430 + row, y + 15), fill=90, width=5)
    return PagePreview(w, h, image.tobytes(), outline, CaptureAdvice.HOLD_STILL, 0.4)


class HeldCamera(SimulatedDocumentScanner):
    """A document camera that shows one frame and then waits, as while a page moves."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock, scan_delay_s=0.0, name="held-camera")
        self._callbacks: list[Callable[[PagePreview], None]] = []
        self.release = threading.Event()

    def subscribe_page_preview(self, callback: Callable[[PagePreview], None]) -> None:
        self._callbacks.append(callback)

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        for callback in self._callbacks:
            callback(camera_frame())
        self.release.wait(timeout=20)
        return super().scan_page(settings)


@pytest.mark.parametrize("big_text", [False, True], ids=["normal", "big"])
def test_live_preview_screenshot(
    make_rig: Callable[..., Rig], tmp_path: Path, clock: ManualClock, big_text: bool
) -> None:
    camera = HeldCamera(clock)
    camera.open()
    rig = make_rig(camera, big_text)
    try:
        start(rig, tmp_path)
        rig.click("PapersCapture")
        rig.said("scanner.advice_hold_still")
        assert rig.screen.preview_shown()
        assert rig.text("PapersMessage").startswith("Ông/\u2060bà giữ giấy yên")
        assert not rig.button("PapersCapture").isEnabled()  # the camera captures by itself
        path = rig.shoot("preview_big" if big_text else "preview")
        assert path.stat().st_size > 10_000
    finally:
        camera.release.set()
    rig.said("papers.page_added")
