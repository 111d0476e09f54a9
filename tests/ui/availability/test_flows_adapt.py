"""Acceptance (issue 11, Health): through the real window with simulated devices, polled by a
real HealthTracker into the availability hub — no printer → the receipt QR on screen (read back
from the screen's pixels) and no print job; no scanner → the papers go to the counter and the
submitted dossier says so; the attract screen's notice comes and goes with the device; no way
to identify → the attract screen sends the citizen to the counter; and the adaptations apply
at the next step boundary, never mid-step."""

from __future__ import annotations

import threading
from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QPushButton
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.flows.procedure_flow import Step
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.services.availability import (
    CLOSED,
    NOTICE_PRINTER,
    NOTICE_SCANNER,
    PAPERS_AT_COUNTER,
    RECEIPT_ON_SCREEN,
    RECEIPT_ON_SCREEN_HINT,
    Availability,
)
from kiosk.services.receipt_qr import encode_receipt_qr
from kiosk.settings.schema import Settings
from tests.ui.availability.conftest import HealthRig
from tests.ui.support import RecordingSpeaker, SimDevices, drive
from tests.ui.test_procedures_e2e import ANSWERS, Citizen, answer_question, go_to_choose
from tests.ui.test_submit_e2e import answer_to_papers, controller_of, to_submit
from ui.main_window import MainWindow
from ui.papers_view import Phase
from ui.procedure_controller import ProcedureController

SCREENS = Path(__file__).resolve().parents[3] / "docs" / "screens"
PROCEDURE = "certified_copy"  # one required paper: the original


def shoot(window: MainWindow, name: str) -> Path:
    from tests.ui.support import settle

    settle()
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"availability_{name}.png"
    assert window.grab().save(str(path))
    return path


def shown(window: MainWindow, screen: str) -> list[str]:
    w = window.screen_widget(screen)
    return [lb.text() for lb in w.findChildren(QLabel) if lb.isVisible() and lb.text()]


def to_papers(citizen: Citizen, window: MainWindow, sim: SimDevices) -> ProcedureController:
    go_to_choose(citizen, window, sim, BA_LAN)
    step = answer_to_papers(citizen, window, PROCEDURE)
    assert step.flow.step is Step.PAPERS and window.current_screen_id == "papers"
    return step


def test_printer_out_of_paper_shows_the_receipt_qr_on_screen_and_prints_nothing(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    health: HealthRig,
) -> None:
    rig = health.submission
    health.poll_settled()  # the printer has no paper (and stays so for the settle time)
    assert health.hub.current.receipt_on_screen
    assert window.attract.notice_lines == (prompts.text(NOTICE_PRINTER),)
    shoot(window, "attract_notice")
    citizen, step = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    assert rig.deliver() == 1
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    qtbot.waitUntil(lambda: citizen.button(window, "ReceiptPrimary").isVisible())
    assert health.printer.asked == 0  # no print job was even tried
    assert health.printer.receipts == () and health.printer.printed == ()
    after = step.after
    assert after is not None and after.last_receipt is not None
    receipt = after.last_receipt
    texts = shown(window, "receipt")
    assert texts[0] == prompts.text(RECEIPT_ON_SCREEN)
    assert prompts.text(RECEIPT_ON_SCREEN_HINT) in texts
    code_line = f"Mã hồ sơ: {receipt.dossier_code}"
    assert code_line in texts
    code = next(lb for lb in window.findChildren(QLabel, "ReceiptCode") if lb.isVisible())
    assert code.font().pixelSize() == window.theme.font_px["display"]  # big digits
    qtbot.waitUntil(lambda: RECEIPT_ON_SCREEN in speaker.ids())
    spoken = next(u for u in speaker.utterances if u.prompt_id == RECEIPT_ON_SCREEN).text
    assert "chụp ảnh mã QR trên màn hình hoặc ghi lại mã hồ sơ" in spoken and "/" not in spoken
    assert BA_LAN.id_number not in spoken and BA_LAN.full_name not in spoken
    # the QR read back from the screen's own pixels is the receipt's payload
    path = shoot(window, "receipt_on_screen")
    found = zxingcpp.read_barcodes(Image.open(path).convert("L"))
    assert [f.text for f in found] == [encode_receipt_qr(receipt)]
    window.set_big_text(True)  # Bà Lan's big text: the code and the QR still fit and read back
    path = shoot(window, "receipt_on_screen-big-text")
    found = zxingcpp.read_barcodes(Image.open(path).convert("L"))
    assert [f.text for f in found] == [encode_receipt_qr(receipt)]
    code = next(lb for lb in window.findChildren(QLabel, "ReceiptCode") if lb.isVisible())
    assert code.fontMetrics().horizontalAdvance(code.text()) <= code.width()  # not clipped
    window.set_big_text(False)
    citizen.tap(citizen.button(window, "ReceiptPrimary"))  # "Xong"
    citizen.tap(citizen.button(window, "RatingSkip"))
    assert window.current_screen_id == "goodbye"
    assert not any("biên nhận" in t for t in shown(window, "goodbye"))  # nothing was printed
    assert health.printer.asked == 0
    drive(window, clock, settings.timeouts.goodbye_s + 1)
    assert window.current_screen_id == "attract"  # the session was wiped; the notice was not
    assert window.attract.notice_lines == (prompts.text(NOTICE_PRINTER),)
    assert prompts.text(NOTICE_PRINTER) in shown(window, "attract")


def test_scanner_down_sends_the_papers_to_the_counter_and_the_dossier_says_so(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    health: HealthRig,
) -> None:
    rig = health.submission
    health.printer.load_paper()
    health.scanner.fail("lamp failure")
    health.poll_settled()
    assert health.hub.current.papers_at_counter and not health.hub.current.receipt_on_screen
    assert window.attract.notice_lines == (prompts.text(NOTICE_SCANNER),)
    citizen = Citizen(qtbot, window)
    step = to_papers(citizen, window, sim)
    view = health.papers.view
    assert view is not None and view.phase is Phase.AT_COUNTER
    assert "mang các giấy tờ này đến quầy" in view.title
    assert [r.status_text for r in view.checklist] == [prompts.text("papers.status_staff")]
    assert any("đến quầy" in t for t in shown(window, "papers"))
    qtbot.waitUntil(lambda: PAPERS_AT_COUNTER in speaker.ids())
    assert not citizen.button(window, "PapersNext").isHidden()
    shoot(window, "papers_at_counter")
    citizen.tap(citizen.button(window, "PapersNext"))
    qtbot.waitUntil(lambda: step.flow.step is Step.REVIEW)
    assert [(p.paper_id, p.ref) for p in step.flow.state.papers] == [("original", "")]
    assert health.scanner.pages_loaded == 1  # the original never went through the scanner
    citizen.tap(citizen.button(window, "ReviewContinue"))
    citizen.tap(citizen.button(window, "ConsentAgree"))
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    assert rig.deliver() == 1
    (submitted,) = rig.simulated.submissions
    assert submitted.fields["papers.at_counter"] == "original"  # the clerk expects it
    assert submitted.attachments == {}  # nothing lost: nothing was claimed to be copied
    qtbot.waitUntil(lambda: len(health.printer.receipts) == 1)  # the printer works: printed


def test_the_notice_goes_when_the_device_is_back_and_the_next_session_prints(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    prompts: PromptCatalogue,
    health: HealthRig,
) -> None:
    health.poll()
    before = window.attract.notice_lines
    assert before == ()  # not yet: the first reading must hold too
    health.clock.advance(10)
    health.poll()
    assert window.attract.notice_lines == (prompts.text(NOTICE_PRINTER),)
    notice = window.attract.findChild(QLabel, "AttractNoticeLine")
    assert notice is not None and notice.isVisible()
    health.printer.load_paper()  # staff put a roll in
    health.poll()
    assert len(window.attract.notice_lines) == 1  # not settled yet: no blink on a blip
    health.clock.advance(10)
    health.poll()
    assert len(window.attract.notice_lines) == 0 and health.hub.current == Availability()
    assert not any(w.isVisible() for w in window.attract.findChildren(QLabel, "AttractNoticeLine"))
    rig = health.submission
    citizen, _ = to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(rig.deliveries()))
    rig.deliver()
    qtbot.waitUntil(lambda: len(health.printer.receipts) == 1)  # printed, as before
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    qtbot.waitUntil(lambda: citizen.button(window, "ReceiptPrimary").isVisible())
    assert shown(window, "receipt")[0] == prompts.text("receipt.take")


def test_no_way_to_identify_closes_the_attract_screen_politely(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    health: HealthRig,
) -> None:
    health.printer.load_paper()
    sim.reader.sim.fail("reader gone")
    sim.qr.fail("scanner gone")
    health.poll()
    assert not health.hub.current.closed  # the MRZ reader still works: a way in
    health.mrz.fail("camera gone")
    health.poll_settled()
    assert health.hub.current.closed
    attract = window.attract
    assert attract.closed
    texts = shown(window, "attract")
    assert prompts.text(CLOSED) in texts
    assert prompts.text("attract.subtitle") not in texts  # "touch to start" is gone
    shoot(window, "attract_closed")
    citizen = Citizen(qtbot, window)
    practice = window.attract.findChild(QPushButton, "AttractPractice")
    assert practice is not None and practice.isHidden()  # practice needs identifying too
    citizen.tap(attract)
    assert window.current_screen_id == "attract"  # nothing started
    assert controller_of(window).flow.session is None
    qtbot.waitUntil(lambda: CLOSED in speaker.ids())
    said = next(u for u in speaker.utterances if u.prompt_id == CLOSED).text
    assert "đến quầy" in said and "/" not in said
    # the devices come back: the kiosk opens again
    sim.reader.sim.recover()
    sim.qr.recover()
    health.mrz.recover()
    health.poll_settled()
    assert not attract.closed and prompts.text("attract.subtitle") in shown(window, "attract")
    assert not practice.isHidden()
    citizen.tap(attract)
    assert window.current_screen_id == "welcome"


def test_a_device_lost_mid_step_changes_nothing_until_the_next_step(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    prompts: PromptCatalogue,
    health: HealthRig,
) -> None:
    health.printer.load_paper()
    health.poll()
    citizen = Citizen(qtbot, window)
    to_papers(citizen, window, sim)
    view = health.papers.view
    assert view is not None and view.phase is Phase.CAPTURE
    health.scanner.fail("jammed")
    health.poll_settled()  # settled while the citizen is in the papers step
    assert health.hub.current.papers_at_counter
    view = health.papers.view
    assert view is not None and view.phase is Phase.CAPTURE  # the screen did not jump
    assert citizen.button(window, "PapersCapture").isVisible()
    # the next visit of the papers step (back to the question, then on again) adapts
    step = controller_of(window).procedure_step
    assert step is not None
    citizen.tap(citizen.button(window, "NavBack"))
    assert step.flow.step is Step.QUESTION
    while step.flow.step is Step.QUESTION:
        answer_question(citizen, step, ANSWERS[PROCEDURE])
    view = health.papers.view
    assert view is not None and view.phase is Phase.AT_COUNTER


def test_a_blip_never_reaches_the_screens(
    window: MainWindow, prompts: PromptCatalogue, health: HealthRig
) -> None:
    health.printer.load_paper()
    health.poll()
    receipt = controller_of(window).procedure_step
    assert receipt is not None and receipt.after is not None
    for _ in range(3):  # out of paper for 4 s, back for 4 s …
        health.printer.set_offline(True)
        health.clock.advance(4)
        health.poll()
        assert window.attract.notice_lines == ()
        assert not receipt.after.receipt.printer_down
        health.printer.set_offline(False)
        health.clock.advance(4)
        health.poll()
    assert health.hub.current == Availability()


class _Recorder(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.threads: list[str] = []

    def on_changed(self, availability: object) -> None:
        self.threads.append(threading.current_thread().name)


def test_states_polled_from_another_thread_are_handled_on_the_gui_thread(
    window: MainWindow, qtbot: QtBot, prompts: PromptCatalogue, health: HealthRig
) -> None:
    recorder = _Recorder()
    health.hub.changed.connect(recorder.on_changed)
    health.tracker.poll(health.clock.now())
    states = health.tracker.states()  # the printer has no paper
    polls = _Recorder()
    health.hub.states_polled.connect(polls.on_changed)  # queued too: tells when one arrived
    for n in (1, 2):  # two polls, the settle time apart, as kiosk.app's store thread does
        poller = threading.Thread(target=health.hub.states_polled.emit, args=(states,))
        poller.start()
        poller.join()
        qtbot.waitUntil(lambda n=n: len(polls.threads) == n)  # type: ignore[misc]
        health.clock.advance(10)
    assert polls.threads == [threading.main_thread().name] * 2
    qtbot.waitUntil(lambda: bool(recorder.threads))
    assert recorder.threads == [threading.main_thread().name]
    assert window.attract.notice_lines == (prompts.text(NOTICE_PRINTER),)


def test_a_clock_is_all_the_hub_needs(clock: ManualClock, health: HealthRig) -> None:
    """The settle time runs on the injected clock, not the wall clock."""
    health.printer.load_paper()
    health.poll()
    health.printer.set_offline(True)
    health.poll()
    assert not health.hub.current.receipt_on_screen
    clock.advance(10)
    health.poll()
    assert health.hub.current.receipt_on_screen
