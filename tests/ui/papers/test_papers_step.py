"""The papers step standalone: PapersController + PapersScreen with the simulated scanner, the
real packer (img2pdf) and a recording speaker."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    CoverOpen,
    PaperJam,
    ResolutionTooLow,
    ScanSettings,
    ScanSource,
)
from kiosk.services.papers import PaperStatus
from tests.ui.papers.rig import PreviewingScanner, Rig, start
from tests.ui.support import settle


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


def test_no_thread_is_left(rig: Rig, tmp_path: Path) -> None:
    start(rig, tmp_path)
    rig.click("PapersCapture")
    rig.said("papers.page_added")
    rig.close()
    names = [t.name for t in threading.enumerate()]
    assert not any(name.startswith("device-document_scanner") for name in names)


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
