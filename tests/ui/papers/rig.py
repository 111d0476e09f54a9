"""The papers step on a bare screen: rig, fixtures and helpers shared by its tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLayout, QPushButton, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.domain.procedure import LifeEvent, Paper, Procedure
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    CaptureAdvice,
    PagePreview,
    ScannedPage,
    ScanSettings,
)
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from printing.paper_pdf import Img2PdfPaperPacker
from tests.ui.support import RecordingSpeaker, settle
from ui.fonts import load_bundled_fonts
from ui.papers_controller import DEFAULT_SCAN, PapersController, PapersResult
from ui.papers_view import Phase
from ui.screens.papers import PapersScreen
from ui.theme import Theme, apply_theme
from ui.workers import SpeechChannel

CLICK = Qt.MouseButton.LeftButton
OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"
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


def start(rig: Rig, tmp_path: Path, pages: int = 10) -> Path:
    session = tmp_path / "scans" / "session-1"
    rig.scanner.load_paper(pages)
    rig.controller.start(BIRTH, session)
    rig.said("papers.place_paper")
    return session


# --- bad input first -------------------------------------------------------------------------
