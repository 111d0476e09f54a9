"""The papers step (issue 6's PapersController) inside the procedure flow: entered after the
questions, the real simulated scanner and packer, its result on the review, the scans wiped
when the session ends (nothing was sent, so nothing stays on disk)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.flows.procedure_flow import Step
from tests.ui.support import RecordingSpeaker, SimDevices, settle
from tests.ui.test_procedures_e2e import Citizen, answer_question, go_to_choose
from ui.main_window import MainWindow
from ui.papers_controller import PapersController
from ui.papers_view import Phase
from ui.screens.choose import ChooseScreen


def idle(qtbot: QtBot, papers: PapersController) -> None:
    qtbot.waitUntil(
        lambda: papers.view is not None and papers.view.phase is not Phase.BUSY, timeout=10_000
    )
    settle()


def test_the_papers_step_copies_then_the_review_shows_it_and_the_end_wipes_it(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    speaker: RecordingSpeaker,
    papers: PapersController,
    tmp_path: Path,
) -> None:
    assert window.controller is not None and window.controller.procedure_step is not None
    step = window.controller.procedure_step
    citizen = Citizen(qtbot, window)
    go_to_choose(citizen, window, sim, BA_LAN)
    choose = window.screen_widget("choose")
    assert isinstance(choose, ChooseScreen)
    citizen.tap(next(t for t in choose.tiles if t.key == "chung_thuc"))
    citizen.tap(choose.rows[0])
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    while step.flow.step is Step.QUESTION:
        answer_question(citizen, step, {})
    assert step.flow.step is Step.PAPERS and window.current_screen_id == "papers"
    # said after the step's render (which stops speech), so it is heard, not cut
    qtbot.waitUntil(lambda: "papers.place_paper" in speaker.ids(), timeout=5000)
    citizen.tap(citizen.button(window, "PapersCapture"))
    idle(qtbot, papers)
    citizen.tap(citizen.button(window, "PapersDone"))
    idle(qtbot, papers)
    citizen.tap(citizen.button(window, "PapersNext"))  # the original taken back
    qtbot.waitUntil(lambda: step.flow.step is Step.REVIEW, timeout=10_000)
    assert window.current_screen_id == "review"
    assert [(p.paper_id, p.pages, p.ref) for p in step.flow.state.papers] == [
        ("original", 1, "original.pdf")
    ]
    shown = [w.text() for w in window.screen_widget("review").findChildren(QLabel)]
    assert any("đã chụp 1 giấy" in t for t in shown)
    assert list((tmp_path / "scans").rglob("*.pdf"))  # packed, on disk, in the session folder
    assert not window.controller.flow.device_held
    qtbot.waitUntil(lambda: any(i.startswith("papers.") for i in speaker.ids()))  # it spoke

    citizen.tap(citizen.button(window, "NavStartOver"))
    assert window.current_screen_id == "attract"
    assert not list((tmp_path / "scans").rglob("*.*"))  # nothing of the citizen stays
