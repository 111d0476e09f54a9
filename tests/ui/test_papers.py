"""The papers step standalone: PapersController + PapersScreen with the simulated scanner, the
real packer (img2pdf) and a recording speaker."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QScrollBar, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.domain.procedure import LifeEvent, Paper, Procedure
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    CaptureAdvice,
    CoverOpen,
    PagePreview,
    PaperJam,
    ResolutionTooLow,
    ScannedPage,
    ScanSettings,
    ScanSource,
)
from kiosk.prompts import PromptCatalogue
from kiosk.services.papers import PaperStatus
from kiosk.settings.schema import Settings
from printing.paper_pdf import Img2PdfPaperPacker
from tests.ui.support import RecordingSpeaker, settle
from ui.fonts import load_bundled_fonts
from ui.papers_controller import DEFAULT_SCAN, PapersController, PapersResult
from ui.papers_jobs import preview_image
from ui.papers_view import Phase
from ui.screens.papers import PapersScreen
from ui.theme import Theme, apply_theme
from ui.workers import SpeechChannel

CLICK = Qt.MouseButton.LeftButton
OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"
BIRTH = Procedure(
    id="khai_sinh",
    name="Đăng ký khai sinh",
    short_name="Khai sinh",
    group=LifeEvent.BIRTH,
    icon="baby",
    papers=(
        Paper(id="giay_chung_sinh", name="Giấy chứng sinh", max_pages=2),
        Paper(id="giay_ket_hon", name="Giấy chứng nhận kết hôn của cha mẹ", optional=True),
        Paper(id="van_ban_uy_quyen", name="Văn bản ủy quyền", max_pages=3),
    ),
)


class PreviewingScanner(SimulatedDocumentScanner):
    """The simulated scanner as a document camera: frames with an outline and advice during a
    scan, published on the scanning thread like a real camera adapter."""

    def __init__(self, clock: ManualClock) -> None:
        super().__init__(clock, scan_delay_s=0.0, name="previewing-scanner")
        self._callbacks: list[Callable[[PagePreview], None]] = []

    def subscribe_page_preview(self, callback: Callable[[PagePreview], None]) -> None:
        self._callbacks.append(callback)

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        w, h = 320, 240
        gray = bytes([60]) * (w * h)
        outline = ((60, 20), (260, 30), (250, 225), (70, 220))
        for advice in (CaptureAdvice.HOLD_STILL, CaptureAdvice.HOLD_STILL, None):
            for callback in self._callbacks:
                callback(PagePreview(w, h, gray, outline, advice, 0.5))
        return super().scan_page(settings)


class Rig:
    def __init__(
        self,
        qtbot: QtBot,
        settings: Settings,
        prompts: PromptCatalogue,
        scanner: SimulatedDocumentScanner,
        speaker: RecordingSpeaker,
        big_text: bool = False,
        settings_scan: ScanSettings | None = None,
    ) -> None:
        self.qtbot, self.scanner, self.speaker = qtbot, scanner, speaker
        self.theme = Theme.for_panel(settings.panel, load_bundled_fonts(), big_text)
        self.host = QWidget()
        self.host.setObjectName("MainWindow")
        self.host.setStyleSheet(self.theme.stylesheet())
        layout = QVBoxLayout(self.host)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # as the kiosk window
        layout.setContentsMargins(0, 0, 0, 0)
        self.screen = PapersScreen()
        layout.addWidget(self.screen)
        self.screen.apply(self.theme)
        apply_theme(self.screen, self.theme)
        qtbot.addWidget(self.host)
        # the stack's room in the kiosk window: the panel minus header and navigation bars
        header = round(max(14 * self.theme.px_per_mm, self.theme.line_px["header"] * 1.4))
        nav = self.theme.target_px + 2 * self.theme.gap_px + self.theme.border_px
        self.host.resize(settings.panel.width_px, settings.panel.height_px - header - nav)
        self.host.show()
        self.speech = SpeechChannel(speaker)
        self.controller = PapersController(
            scanner,
            Img2PdfPaperPacker(),
            prompts,
            speech=self.speech,
            settings=settings_scan or DEFAULT_SCAN,
        )
        self.controller.attach_screen(self.screen)
        self.problems: list[str] = []
        self.results: list[PapersResult] = []
        self.controller.problem.connect(self.problems.append)
        self.controller.finished.connect(self.results.append)
        self.heard = 0

    def close(self) -> None:
        self.controller.close()
        self.speech.close()
        self.scanner.close()

    def button(self, name: str) -> QPushButton:
        found = self.screen.findChild(QPushButton, name)
        assert found is not None, name
        return found

    def text(self, name: str) -> str:
        found = self.screen.findChild(QLabel, name)
        assert found is not None, name
        return found.text()

    def click(self, name: str) -> None:
        button = self.button(name)
        assert button.isVisible() and button.isEnabled(), f"{name} cannot be pressed"
        self.qtbot.mouseClick(button, CLICK)  # type: ignore[no-untyped-call]

    def said(self, prompt_id: str) -> str:
        """Wait until `prompt_id` is spoken (after what was already matched); its text."""

        def spoken() -> bool:
            return prompt_id in self.speaker.ids()[self.heard :]

        self.qtbot.waitUntil(spoken, timeout=10_000)
        ids = self.speaker.ids()
        index = ids.index(prompt_id, self.heard)
        self.heard = index + 1
        settle()
        return self.speaker.utterances[index].text

    def idle(self) -> None:
        self.qtbot.waitUntil(
            lambda: (
                self.controller.view is not None and self.controller.view.phase is not Phase.BUSY
            ),
            timeout=10_000,
        )
        settle()

    def shoot(self, name: str) -> Path:
        settle()
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"papers_{name}.png"
        assert self.host.grab().save(str(path))
        return path


@pytest.fixture
def scanner(clock: ManualClock) -> SimulatedDocumentScanner:
    device = SimulatedDocumentScanner(clock, scan_delay_s=0.0)
    device.open()
    return device


@pytest.fixture
def make_rig(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(
        scanner: SimulatedDocumentScanner,
        big_text: bool = False,
        scan: ScanSettings | None = None,
    ) -> Rig:
        rig = Rig(qtbot, settings, prompts, scanner, speaker, big_text, scan)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.close()


@pytest.fixture
def rig(make_rig: Callable[..., Rig], scanner: SimulatedDocumentScanner) -> Rig:
    return make_rig(scanner)


def start(rig: Rig, tmp_path: Path, pages: int = 10) -> Path:
    session = tmp_path / "scans" / "session-1"
    rig.scanner.load_paper(pages)
    rig.controller.start(BIRTH, session)
    rig.said("papers.place_paper")
    return session


# --- bad input first -------------------------------------------------------------------------


def test_scanner_error_is_spoken_then_retry_scans(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.scanner.inject(CoverOpen("cover open"))
    rig.click("PapersCapture")
    text = rig.said("scanner.cover_open")
    assert "đóng nắp" in text and "/" not in text
    assert rig.problems == ["scanner.cover_open"]
    assert rig.text("PapersMessage").startswith("Nắp máy quét đang mở")
    assert rig.button("PapersCapture").text() == "Thử lại"
    assert rig.screen.thumbnail_count() == 0
    rig.click("PapersCapture")  # "Thử lại"
    rig.said("papers.page_added")
    assert rig.screen.thumbnail_count() == 1
    assert rig.text("PapersPageCounter") == "Trang 1/2"
    assert rig.button("PapersCapture").text() == "Chụp trang"


def test_failed_retake_keeps_the_page_and_retry_retakes(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    rig.scanner.inject(CoverOpen("cover open"))
    rig.click("PapersRetake")
    rig.said("scanner.cover_open")
    assert rig.screen.thumbnail_count() == 1
    rig.click("PapersCapture")  # "Thử lại" repeats the retake, not a second page
    rig.said("papers.page_replaced")
    assert rig.screen.thumbnail_count() == 1
    assert rig.text("PapersPageCounter") == "Trang 1/2"


def test_no_scanner_is_a_spoken_problem(
    make_rig: Callable[..., Rig], tmp_path: Path, clock: ManualClock
) -> None:
    rig = make_rig(SimulatedDocumentScanner(clock, scan_delay_s=0.0))  # never opened
    start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("scanner.no_device")
    assert rig.screen.thumbnail_count() == 0


def test_paper_full_disables_capture(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    rig.click("PapersCapture")  # giay_chung_sinh: 2 pages at most
    assert "bấm Xong" in rig.said("papers.page_full")
    assert not rig.button("PapersCapture").isEnabled()
    assert rig.button("PapersRetake").isEnabled() and rig.button("PapersDone").isEnabled()


def test_feeder_jam_keeps_the_pages_already_fed(
    make_rig: Callable[..., Rig], scanner: SimulatedDocumentScanner, tmp_path: Path
) -> None:
    rig = make_rig(scanner, scan=ScanSettings(source=ScanSource.ADF))
    start(rig, tmp_path, pages=3)
    rig.scanner.inject(PaperJam("jam at sheet 2"), after_pages=1)
    rig.click("PapersCapture")
    assert "kẹt" in rig.said("scanner.paper_jam")
    assert rig.screen.thumbnail_count() == 1  # the page fed before the jam is kept
    assert rig.text("PapersPageCounter") == "Trang 1/2"


# --- the step --------------------------------------------------------------------------------


def test_feeder_scans_every_page_of_the_paper_in_one_press(
    make_rig: Callable[..., Rig], scanner: SimulatedDocumentScanner, tmp_path: Path
) -> None:
    rig = make_rig(scanner, scan=ScanSettings(source=ScanSource.ADF))
    start(rig, tmp_path, pages=5)
    rig.click("PapersCapture")
    rig.said("papers.page_full")  # giay_chung_sinh takes 2: the feeder stops there
    assert rig.screen.thumbnail_count() == 2
    assert rig.scanner.pages_loaded == 3


def test_whole_step_with_retake_return_original_and_counter(rig: Rig, tmp_path: Path) -> None:
    session = start(rig, tmp_path)
    assert rig.text("PapersTitle") == "Giấy chứng sinh"
    assert not rig.button("PapersDone").isVisible()  # nothing to finish yet
    assert not rig.button("PapersToCounter").isVisible()  # a required paper
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    assert rig.screen.preview_shown()  # the simulated scanner has no camera: the page itself
    rig.click("PapersCapture")
    rig.said("papers.page_full")
    assert rig.screen.thumbnail_count() == 2
    rig.click("PapersRetake")
    rig.said("papers.page_replaced")
    assert rig.screen.thumbnail_count() == 2 and rig.text("PapersPageCounter") == "Trang 2/2"
    rig.click("PapersDone")
    text = rig.said("papers.take_original_back")
    assert text == "Mời ông bà nhận lại bản gốc."
    assert rig.text("PapersTitle") == "Mời ông/\u2060bà nhận lại bản gốc"  # kept on one line
    assert re.fullmatch(
        r"Đã lưu Giấy chứng sinh: 2\u00a0trang, \d+\u00a0KB", rig.text("PapersMessage")
    )
    assert "papers.place_paper" not in rig.speaker.ids()[rig.heard :]  # not before "next"
    assert rig.button("PapersNext").isVisible() and not rig.button("PapersCapture").isVisible()
    assert rig.screen.thumbnail_count() == 0
    assert (
        "Đã chụp 2\u00a0trang\u00a0·"
        in rig.screen.findChildren(QLabel, "PapersRowStatus")[0].text()
    )
    rig.click("PapersNext")
    assert "Giấy chứng nhận kết hôn" in rig.said("papers.place_paper")
    rig.click("PapersToCounter")  # the optional paper: shown at the counter instead
    assert rig.said("papers.at_counter").startswith("Vâng. Ông bà mang giấy này đến quầy")
    assert rig.text("PapersTitle").startswith("Ông/\u2060bà mang giấy này đến quầy")  # seen too
    assert rig.text("PapersMessage") == "Giấy chứng nhận kết hôn của cha mẹ"  # which paper
    assert "papers.place_paper" not in rig.speaker.ids()[rig.heard :]  # not talked over
    assert rig.button("PapersNext").isVisible() and not rig.button("PapersCapture").isVisible()
    rows = rig.screen.findChildren(QLabel, "PapersRowStatus")
    assert rows[1].text() == "Mang đến quầy"
    rig.click("PapersNext")  # then on to the next paper
    assert "Văn bản ủy quyền" in rig.said("papers.place_paper")
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    rig.click("PapersDone")
    rig.said("papers.take_original_back")
    assert not rig.results  # finished only after the original went back
    rig.click("PapersNext")
    rig.said("papers.all_done")
    (result,) = rig.results
    assert result.state.complete and result.state.missing_required == ()
    statuses = [item.status for item in result.state.items]
    assert statuses == [PaperStatus.DONE, PaperStatus.AT_COUNTER, PaperStatus.DONE]
    papers = result.service.keep_for_submission()
    assert [(paper.paper_id, paper.pages) for paper in papers] == [
        ("giay_chung_sinh", 2),
        ("van_ban_uy_quyen", 1),
    ]
    assert all(
        paper.path.parent == session and paper.path.read_bytes()[:5] == b"%PDF-" for paper in papers
    )
    assert all(paper.size_bytes <= 100_000 * paper.pages for paper in papers)
    rig.controller.reset()  # leaving the screen after finishing: the PDFs stay for the outbox
    rig.controller.close()
    assert all(paper.path.exists() for paper in papers)


def test_reset_clears_the_screen_and_wipes_the_scans(rig: Rig, tmp_path: Path) -> None:
    session = start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    assert any(session.rglob("*.raw"))
    rig.controller.reset()
    settle()
    assert rig.screen.thumbnail_count() == 0 and not rig.screen.preview_shown()
    texts = [lbl.text() for lbl in rig.screen.findChildren(QLabel)]
    assert all(text == "" for text in texts), texts
    assert all(b.text() == "" for b in rig.screen.findChildren(QPushButton))
    rig.qtbot.waitUntil(lambda: not session.exists(), timeout=10_000)


def test_live_preview_speaks_the_cameras_advice(
    make_rig: Callable[..., Rig], tmp_path: Path, clock: ManualClock
) -> None:
    camera = PreviewingScanner(clock)
    camera.open()
    rig = make_rig(camera)
    start(rig, tmp_path)
    rig.click("PapersCapture")
    text = rig.said("scanner.advice_hold_still")
    assert "giữ giấy yên" in text
    rig.said("papers.page_added")
    assert rig.speaker.ids().count("scanner.advice_hold_still") == 1  # once per change
    assert rig.screen.preview_shown()


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


def test_no_thread_is_left(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    rig.close()
    names = [t.name for t in threading.enumerate()]
    assert not any(name.startswith("device-document_scanner") for name in names)


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


def test_resolution_too_low_offers_the_staff_not_a_retry(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.scanner.inject(ResolutionTooLow(81, 200))
    rig.click("PapersCapture")
    assert "nhờ cán bộ" in rig.said("scanner.low_resolution")
    assert rig.problems == ["scanner.low_resolution"]
    assert rig.button("PapersCapture").text() == "Nhờ cán bộ"  # not "Thử lại"
    assert not rig.button("PapersRetake").isVisible() and not rig.button("PapersDone").isVisible()
    rig.shoot("problem_staff")
    rig.click("PapersCapture")  # "Nhờ cán bộ": the paper goes to the staff at the counter
    text = rig.said("papers.for_staff")
    rig.shoot("for_staff")
    assert "mang giấy đến quầy" in text and "/" not in text
    assert rig.text("PapersTitle") == "Mời ông/\u2060bà mang giấy này đến quầy, cán bộ sẽ chụp giúp"
    assert rig.text("PapersMessage") == "Giấy chứng sinh"
    assert rig.screen.findChildren(QLabel, "PapersRowStatus")[0].text() == "Cán bộ chụp giúp"
    rig.click("PapersNext")
    assert "Giấy chứng nhận kết hôn" in rig.said("papers.place_paper")
    assert rig.button("PapersCapture").text() == "Chụp trang"  # the next paper starts afresh
    view = rig.controller.view
    assert view is not None and view.checklist[0].status is PaperStatus.STAFF


def test_a_retryable_problem_still_says_try_again(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.scanner.inject(PaperJam("jam"))
    rig.click("PapersCapture")
    rig.said("scanner.paper_jam")
    assert rig.button("PapersCapture").text() == "Thử lại"


# --- many papers in big text: the checklist scrolls by big buttons ---------------------------

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
