"""Acceptance (issue 9, citizen path): the procedures e2e continues past the review — consent,
"Nộp hồ sơ" into a real Outbox (SQLite in tmp_path) and the simulated portal, a receipt printed on
the simulated printer, rating, goodbye — and the QR of the printed receipt (rendered as the
thermal printer would print it, then read back with zxing-cpp), scanned on the attract screen,
opens the tracking screen with the dossier's status. Also: portal down at submit (a pending
receipt, delivered later by the sender, tracked then) and practice mode (nothing reaches the
portal or the outbox; the receipt is marked as practice)."""

from __future__ import annotations

from pathlib import Path

import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.domain.receipt import Receipt, short_reference
from kiosk.flows.procedure_flow import Step
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.services.receipt_qr import decode_receipt_qr
from kiosk.settings.schema import Settings
from printing.receipt.layout import build_layout
from printing.receipt.raster import render_raster
from tests.ui.support import RecordingSpeaker, SimDevices, SubmissionRig, drive, settle
from tests.ui.test_procedures_e2e import ANSWERS, Citizen, answer_question, go_to_choose
from ui.main_window import MainWindow
from ui.papers_view import Phase
from ui.procedure_controller import ProcedureController
from ui.screens.choose import ChooseScreen
from ui.session_controller import SessionController

CLICK = Qt.MouseButton.LeftButton
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"
PROCEDURE = "certified_copy"  # one paper to copy: the original
WHO = BA_LAN


def shoot(window: MainWindow, name: str) -> None:
    settle()
    SCREENS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SCREENS / f"submit_{name}.png"))


def texts(window: MainWindow, screen: str) -> list[str]:
    w = window.screen_widget(screen)
    return [lb.text() for lb in w.findChildren(QLabel) if lb.isVisible() and lb.text()]


def copy_the_original(citizen: Citizen, window: MainWindow, step: ProcedureController) -> None:
    """The papers step, as test_flow_papers does it: lay the original, copy, take it back."""
    papers = step.papers
    assert papers is not None and window.current_screen_id == "papers"

    def idle() -> None:
        citizen.qtbot.waitUntil(
            lambda: papers.view is not None and papers.view.phase is not Phase.BUSY,
            timeout=10_000,
        )
        settle()

    citizen.tap(citizen.button(window, "PapersCapture"))
    idle()
    citizen.tap(citizen.button(window, "PapersDone"))
    idle()
    citizen.tap(citizen.button(window, "PapersNext"))  # the original taken back
    citizen.qtbot.waitUntil(lambda: step.flow.step is Step.REVIEW, timeout=10_000)


def answer_to_papers(
    citizen: Citizen, window: MainWindow, procedure: str = PROCEDURE
) -> ProcedureController:
    """From the choose screen: the procedure, its checklist and every question, to its papers."""
    step = controller_of(window).procedure_step
    assert step is not None
    proc = step.catalogue.get(procedure)
    choose = window.screen_widget("choose")
    assert isinstance(choose, ChooseScreen)
    citizen.tap(next(t for t in choose.tiles if t.key == proc.group.value))
    citizen.tap(next(r for r in choose.rows if r.text().split("\n")[0] == proc.short_name))
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    while step.flow.step is Step.QUESTION:
        answer_question(citizen, step, ANSWERS[procedure])
    return step


def to_review(citizen: Citizen, window: MainWindow, sim: SimDevices) -> ProcedureController:
    step = answer_to_papers(citizen, window)
    copy_the_original(citizen, window, step)
    assert window.current_screen_id == "review"
    return step


def to_submit(
    window: MainWindow, qtbot: QtBot, sim: SimDevices
) -> tuple[Citizen, ProcedureController]:
    citizen = Citizen(qtbot, window)
    go_to_choose(citizen, window, sim, WHO)
    step = to_review(citizen, window, sim)
    citizen.tap(citizen.button(window, "ReviewContinue"))
    assert window.current_screen_id == "consent"
    citizen.tap(citizen.button(window, "ConsentAgree"))
    assert step.flow.step is Step.SUBMIT
    return citizen, step


def printed_qr_text(rig: SubmissionRig, prompts: PromptCatalogue) -> tuple[Receipt, str]:
    """The receipt the printer printed, rendered to the thermal raster, its QR read back."""
    assert len(rig.printer.receipts) == 1
    receipt, _large = rig.printer.receipts[0]
    raster = render_raster(build_layout(receipt, prompts), native_qr=False)
    found = [r.text for r in zxingcpp.read_barcodes(raster.image.convert("L"))]
    assert len(found) == 1, found
    return receipt, found[0]


def finish_receipt_and_rate(
    citizen: Citizen, window: MainWindow, qtbot: QtBot, face: int | None
) -> None:
    qtbot.waitUntil(lambda: citizen.button(window, "ReceiptPrimary").isVisible())
    citizen.tap(citizen.button(window, "ReceiptPrimary"))  # "Đã nhận"
    assert window.current_screen_id == "rating"
    shoot(window, "rating")
    if face is None:
        citizen.tap(citizen.button(window, "RatingSkip"))
    else:
        citizen.tap(citizen.button(window, f"RatingFace{face}"))
    assert window.current_screen_id == "goodbye"


def track_by_scan(window: MainWindow, qtbot: QtBot, sim: SimDevices, text: str) -> list[str]:
    assert window.current_screen_id == "attract"
    sim.qr.scan(text)
    qtbot.waitUntil(lambda: window.current_screen_id == "tracking")
    qtbot.waitUntil(lambda: any(t.startswith("Mã hồ sơ") for t in texts(window, "tracking")))
    return texts(window, "tracking")


def test_submit_prints_a_receipt_whose_qr_tracks_the_dossier(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    papers: object,
    submission: SubmissionRig,
) -> None:
    rig = submission
    citizen, _ = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))  # enqueued, on the submit worker
    assert window.current_screen_id == "procedure_step"  # "Đang gửi hồ sơ…" meanwhile
    assert controller_of(window).flow.device_held  # no idle timeout while it is handed over
    assert rig.deliver() == 1  # the sender's pass: the portal answers
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    qtbot.waitUntil(lambda: len(rig.printer.receipts) == 1)
    receipt, qr_text = printed_qr_text(rig, prompts)
    delivery = rig.deliveries()[0]
    assert delivery.state == "acked" and receipt.dossier_code == delivery.dossier_code
    assert receipt.status == "received" and receipt.applicant_id == BA_LAN.id_number
    assert not controller_of(window).flow.device_held
    qtbot.waitUntil(lambda: "receipt.take" in speaker.ids())  # "Mời ông/bà nhận biên nhận"
    shoot(window, "receipt")
    finish_receipt_and_rate(citizen, window, qtbot, face=0)  # "Rất hài lòng"
    qtbot.waitUntil(lambda: rig.outbox.delivery(delivery.local_id).rating == 5)  # type: ignore[union-attr]
    assert "Mời ông/bà nhận lại thẻ và biên nhận" in texts(window, "goodbye")
    shoot(window, "goodbye")
    drive(window, clock, settings.timeouts.goodbye_s + 1)

    rig.simulated.set_status(receipt.dossier_code, "processing")
    shoot(window, "attract")  # its side doors: "Tra cứu hồ sơ", "Tập sử dụng"
    shown = track_by_scan(window, qtbot, sim, qr_text)
    assert decode_receipt_qr(qr_text).dossier_code == receipt.dossier_code
    assert "Hồ sơ đang được giải quyết" in shown
    assert f"Mã hồ sơ: {receipt.dossier_code}" in shown
    assert not any(BA_LAN.full_name in t or BA_LAN.id_number[-4:] in t for t in shown)
    shoot(window, "tracking")
    citizen.tap(citizen.button(window, "TrackingDone"))
    assert window.current_screen_id == "attract"


def test_portal_down_prints_a_pending_receipt_delivered_later(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    prompts: PromptCatalogue,
    papers: object,
    submission: SubmissionRig,
) -> None:
    rig = submission
    rig.simulated.set_offline(True)
    citizen, _ = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    rig.deliver()  # the attempt fails: offline
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    qtbot.waitUntil(lambda: len(rig.printer.receipts) == 1)
    receipt, qr_text = printed_qr_text(rig, prompts)
    local_id = rig.deliveries()[0].local_id
    assert receipt.pending and receipt.dossier_code == "" and receipt.local_reference == local_id
    shown = " ".join(texts(window, "receipt"))
    # the outbox's UUID, shown as the 8 characters staff find it by in the outbox view
    assert f"Mã tạm: {short_reference(local_id)}" in shown and local_id not in shown
    assert "Mã hồ sơ:" not in shown  # never a code it does not have
    shoot(window, "receipt_pending")
    finish_receipt_and_rate(citizen, window, qtbot, face=None)  # "Bỏ qua": nothing stored
    assert rig.outbox.delivery(local_id).rating is None  # type: ignore[union-attr]
    drive(window, clock, settings.timeouts.goodbye_s + 1)

    # the portal comes back: the sender delivers the queued dossier on its next pass
    rig.simulated.set_offline(False)
    clock.advance(10)  # past the back-off
    assert rig.deliver() == 1
    later = rig.outbox.delivery(local_id)
    assert later is not None and later.state == "acked" and later.dossier_code
    assert len(rig.portal_codes()) == 1
    # the pending receipt's QR, scanned, says it waits (it carries no official code)
    sim.qr.scan(qr_text)
    qtbot.waitUntil(lambda: window.current_screen_id == "tracking")
    qtbot.waitUntil(lambda: "Hồ sơ đang chờ gửi lên hệ thống" in texts(window, "tracking"))


def test_practice_mode_submits_nothing_and_marks_the_receipt(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    prompts: PromptCatalogue,
    papers: object,
    submission: SubmissionRig,
) -> None:
    rig = submission
    controller = controller_of(window)
    citizen = Citizen(qtbot, window)
    citizen.tap(citizen.button(window, "AttractPractice"))
    assert window.current_screen_id == "welcome"
    banner = window.findChild(QWidget, "PracticeBanner")
    assert isinstance(banner, QLabel) and banner.isVisible()
    assert banner.text() == prompts.text("practice.banner")
    session = controller.flow.session
    assert session is not None and session.practice
    shoot(window, "practice_welcome")
    citizen.tap(citizen.button(window, "WelcomeStart"))  # the same steps from here on
    sim.qr.scan(WHO.card_qr)
    sim.reader.sim.insert(WHO.card)
    qtbot.waitUntil(lambda: citizen.button(window, "IdentifyContinue").text() != "")
    citizen.tap(citizen.button(window, "IdentifyContinue"))
    to_review(citizen, window, sim)
    assert banner.isVisible()
    citizen.tap(citizen.button(window, "ReviewContinue"))
    citizen.tap(citizen.button(window, "ConsentAgree"))
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    qtbot.waitUntil(lambda: len(rig.printer.receipts) == 1)
    receipt, _large = rig.printer.receipts[0]
    from kiosk.flows.practice import is_practice

    assert receipt.practice and is_practice(receipt)
    assert receipt.tracking_hint == prompts.text("practice.receipt_hint")
    assert rig.deliveries() == [] and rig.portal_codes() == []  # nothing written, nothing sent
    assert banner.isVisible()
    shoot(window, "practice_receipt")
    finish_receipt_and_rate(citizen, window, qtbot, face=1)
    assert rig.deliveries() == []


def test_submit_without_an_outbox_fails_honestly(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    papers: object,
    submission: SubmissionRig,
) -> None:
    """The store is still opening (or failed): nothing is submitted and the step says so."""
    rig = submission
    rig.available = False
    citizen, step = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: step.flow.state.submit == "failed")
    assert window.current_screen_id == "procedure_step"
    assert citizen.button(window, "StepAction0").isVisible()  # "Thử lại"
    assert rig.deliveries() == [] and rig.printer.receipts == ()
    assert not controller_of(window).flow.device_held


def controller_of(window: MainWindow) -> SessionController:
    assert window.controller is not None
    return window.controller


def test_no_receipt_printed_the_goodbye_does_not_mention_one(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    speaker: RecordingSpeaker,
    papers: object,
    submission: SubmissionRig,
) -> None:
    rig = submission
    rig.printer.set_offline(True)
    citizen, _ = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    rig.deliver()
    qtbot.waitUntil(lambda: citizen.button(window, "ReceiptStaff").isVisible())
    assert rig.printer.receipts == ()  # on screen with its QR instead (issue 7's fallback)
    citizen.tap(citizen.button(window, "ReceiptPrimary"))  # "Xong"
    citizen.tap(citizen.button(window, "RatingSkip"))
    assert window.current_screen_id == "goodbye"
    shown = texts(window, "goodbye")
    assert "Xin nhớ lấy lại thẻ căn cước" in shown
    assert not any("biên nhận" in t for t in shown)
    qtbot.waitUntil(lambda: "submit.goodbye_card" in speaker.ids())
    assert "submit.goodbye_receipt" not in speaker.ids() and "goodbye.title" not in speaker.ids()


def test_the_tracking_screen_left_alone_returns_to_attract_and_forgets(
    window: MainWindow,
    qtbot: QtBot,
    clock: ManualClock,
    settings: Settings,
    submission: SubmissionRig,
) -> None:
    citizen = Citizen(qtbot, window)
    citizen.tap(citizen.button(window, "AttractTrack"))
    assert window.current_screen_id == "tracking"
    for d in "2611230001":
        citizen.tap(citizen.button(window, f"Digit_{d}"))
    drive(window, clock, settings.timeouts.form_idle_s + 1)
    assert window.current_screen_id == "attract"
    tracking = controller_of(window)._tracking
    assert tracking is not None and not tracking.active and tracking.view().typed == ""


def test_walking_away_after_the_print_still_says_take_the_receipt(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    papers: object,
    submission: SubmissionRig,
) -> None:
    rig = submission
    _, _ = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    rig.deliver()
    qtbot.waitUntil(lambda: len(rig.printer.receipts) == 1)
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    t = settings.timeouts
    for _ in range(max(t.form_idle_s, t.slow_idle_s) + t.warning_s + 2):  # nobody there
        if window.current_screen_id == "goodbye":
            break
        drive(window, clock, 1)
    assert window.current_screen_id == "goodbye"
    assert controller_of(window).flow.last_end_reason == "completed"
    assert "Mời ông/bà nhận lại thẻ và biên nhận" in texts(window, "goodbye")
