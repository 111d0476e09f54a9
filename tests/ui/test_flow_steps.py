"""The procedure steps in the real window: QR jump, search, back on every step, review "Sửa",
a refused answer said and shown, consent, the honest submit/receipt placeholders, timeouts and
the wipe, and speech (each step said; nothing personal)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.domain.address import Address
from kiosk.flows.procedure_flow import Step
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import (
    RecordingSpeaker,
    SimDevices,
    address_book,
    catalogue,
    drive,
    label,
    leftovers_of,
    settle,
)
from tests.ui.test_procedures_e2e import (
    Citizen,
    answer_question,
    complete_to_review,
    go_to_choose,
)
from ui.forms.question_screen import QuestionScreen
from ui.main_window import MainWindow
from ui.procedure_controller import ProcedureController
from ui.screens.choose import ChooseScreen
from ui.shell import create_main_window

CLICK = Qt.MouseButton.LeftButton
PERSONAL = [BA_LAN.full_name, BA_LAN.id_number, BA_LAN.id_number[-4:], "Hào Nam"]


def start(window: MainWindow, qtbot: QtBot, sim: SimDevices) -> tuple[Citizen, ProcedureController]:
    assert window.controller is not None and window.controller.procedure_step is not None
    citizen = Citizen(qtbot, window)
    go_to_choose(citizen, window, sim, BA_LAN)
    return citizen, window.controller.procedure_step


def said(qtbot: QtBot, speaker: RecordingSpeaker, prompt_id: str) -> None:
    qtbot.waitUntil(lambda: prompt_id in speaker.ids(), timeout=5000)


def test_a_procedure_qr_on_the_choose_step_jumps_to_its_checklist(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, speaker: RecordingSpeaker
) -> None:
    _, step = start(window, qtbot, sim)
    said(qtbot, speaker, "flow_choose.title")
    sim.qr.scan("kiosk:procedure:certified_copy")
    qtbot.waitUntil(lambda: window.current_screen_id == "checklist")
    assert label(window, "ChecklistTitle").text() == step.catalogue.get("certified_copy").name
    said(qtbot, speaker, "procedure.certified_copy.checklist")
    spoken = speaker.last().text
    assert ("/" not in spoken and "Lệ phí" in spoken) or "lệ phí" in spoken.lower()
    sim.qr.scan("kiosk:procedure:permanent_residence")  # not on the choose step: ignored
    qtbot.wait(50)
    assert step.flow.procedure is not None and step.flow.procedure.id == "certified_copy"


def test_search_with_the_kiosk_keyboard_ignores_diacritics(
    window: MainWindow, qtbot: QtBot, sim: SimDevices
) -> None:
    citizen, step = start(window, qtbot, sim)
    choose = window.screen_widget("choose")
    assert isinstance(choose, ChooseScreen)
    citizen.tap(citizen.button(window, "ChooseSearch"))
    assert choose.keyboard.isVisible()
    citizen.type_text(choose.keyboard, "chung thuc")
    first = choose.rows[0]
    assert first.isVisible() and first.text().startswith("Chứng thực")
    citizen.tap(first)
    assert window.current_screen_id == "checklist"
    assert step.flow.procedure is not None and step.flow.procedure.id == "certified_copy"

    # the next citizen finds the keyboard labelled again (the wipe clears every button)
    citizen.tap(citizen.button(window, "NavStartOver"))
    sim.reader.sim.remove()  # she takes her card; the next citizen puts theirs
    go_to_choose(citizen, window, sim, BA_LAN)
    citizen.tap(citizen.button(window, "ChooseSearch"))
    assert choose.keyboard.letters["q"].text().lower() == "q"
    assert choose.keyboard.done.text() != ""
    assert "chung" not in label(window, "ChooseQuery").text()  # the last query is gone


def test_back_on_every_step_and_the_greeting_again(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, speaker: RecordingSpeaker
) -> None:
    citizen, step = start(window, qtbot, sim)
    complete_to_review(citizen, window, step, "permanent_residence")
    back = citizen.button(window, "NavBack")
    greetings = speaker.ids().count("identify.greeting")
    seen = []
    while window.current_screen_id != "identify":
        citizen.tap(back)
        seen.append(window.current_screen_id)
    assert seen == [
        "procedure_step",  # the papers
        "question",
        "question",
        "question",
        "checklist",
        "choose",  # the group's rows
        "choose",  # the tiles
        "identify",  # the greeting again: "Tiếp tục" opens the steps anew
    ]
    assert label(window, "IdentifyName").text() == BA_LAN.full_name
    assert step.flow.state.answers == {} and step.flow.step is Step.IDLE
    qtbot.waitUntil(lambda: speaker.ids().count("identify.greeting") > greetings)  # said again
    citizen.tap(citizen.button(window, "IdentifyContinue"))
    assert window.current_screen_id == "choose"


def test_review_edit_jumps_to_the_question_and_comes_back(
    window: MainWindow, qtbot: QtBot, sim: SimDevices
) -> None:
    citizen, step = start(window, qtbot, sim)
    complete_to_review(citizen, window, step, "certified_copy")
    review = window.screen_widget("review")
    edits = review.row_buttons()  # type: ignore[attr-defined]
    assert len(edits) == 2
    citizen.tap(edits[1])  # "Ông bà cần mấy bản sao?"
    assert window.current_screen_id == "question" and step.flow.state.question == "copies"
    field = step.flow.field("copies")
    label_10 = next(c.label for c in field.choices if c.value == "10")
    question = window.screen_widget("question")
    citizen.tap_label(question, "ChoiceRow", label_10, "ChoiceNext")
    assert window.current_screen_id == "review"
    answers = [w.text() for w in review.findChildren(QLabel) if w.isVisible()]
    assert label_10 in answers


def test_a_refused_answer_is_shown_and_said_and_the_question_stays(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    speaker: RecordingSpeaker,
    prompts: PromptCatalogue,
) -> None:
    citizen, step = start(window, qtbot, sim)
    citizen.tap(next(t for t in window.screen_widget("choose").tiles if t.key == "sinh_con"))  # type: ignore[attr-defined]
    step.on_procedure("birth_registration")
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    while step.flow.state.question != "child_birth_date":
        field = step.flow.field(step.flow.state.question or "")
        step.on_answered(field.choices[0].value)
    question = window.screen_widget("question")
    assert isinstance(question, QuestionScreen)
    question.answered.emit(date(2030, 1, 1))  # as the date wheels would, were it allowed
    error = label(window, "QuestionError")
    assert error.isVisible() and error.text() == prompts.text("procedure_invalid.date_in_future")
    said(qtbot, speaker, "procedure_invalid.date_in_future")
    assert step.flow.state.question == "child_birth_date"


def test_consent_then_the_placeholders_never_pretend(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    speaker: RecordingSpeaker,
    prompts: PromptCatalogue,
) -> None:
    citizen, step = start(window, qtbot, sim)
    complete_to_review(citizen, window, step, "certified_copy")
    citizen.tap(citizen.button(window, "ReviewContinue"))
    assert window.current_screen_id == "consent"
    citizen.tap(citizen.button(window, "ConsentDecline"))
    assert label(window, "ConsentDeclined").isVisible() and not step.recorded
    said(qtbot, speaker, "flow_consent.declined")
    citizen.tap(citizen.button(window, "ConsentAgree"))
    qtbot.waitUntil(
        lambda: window.current_screen_id == "procedure_step" and step.flow.step is Step.RECEIPT
    )
    assert len(step.recorded) == 1 and step.recorded[0].procedure_id == "certified_copy"
    notice = label(window, "StepNotice")
    assert notice.isVisible() and "CHƯA" in notice.text()  # not sent, not printed: said so
    said(qtbot, speaker, "flow_submit.not_connected")
    assert not citizen.button(window, "NavStartOver").isHidden()
    assert window.controller is not None and not window.controller.flow.can_go_back
    citizen.tap(citizen.button(window, "StepAction0"))
    said(qtbot, speaker, "flow_rating.title")
    citizen.tap(citizen.button(window, "StepAction1"))  # "Dễ dùng"
    assert window.current_screen_id == "goodbye"
    assert window.controller.flow.last_end_reason == "completed"
    assert not step.recorded and leftovers_of(window, BA_LAN) == []
    assert not [u for u in speaker.utterances if any(f in u.text for f in PERSONAL)]


def test_idle_on_a_question_warns_then_ends_and_wipes(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
) -> None:
    citizen, step = start(window, qtbot, sim)
    sim.qr.scan("kiosk:procedure:permanent_residence")
    qtbot.waitUntil(lambda: window.current_screen_id == "checklist")
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    citizen.tap_label(window.screen_widget("question"), "ChoiceRow", "Nhà của tôi", "ChoiceNext")
    assert step.flow.state.answers
    drive(window, clock, settings.timeouts.form_idle_s)
    assert window.current_screen_id == "warning"
    citizen.tap(citizen.button(window, "WarningExtend"))
    assert window.current_screen_id == "question" and step.flow.state.answers  # as it was
    drive(window, clock, settings.timeouts.form_idle_s + settings.timeouts.warning_s)
    assert window.current_screen_id == "goodbye"
    assert step.flow.state.answers == {} and step.flow.step is Step.IDLE
    assert leftovers_of(window, BA_LAN) == []


def test_the_address_book_may_come_after_the_catalogue(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
) -> None:
    window = create_main_window(settings, prompts, speaker, clock)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.first_painted, timeout=5000):
            window.show_kiosk(fullscreen=False)
        controller = window.controller
        assert controller is not None
        controller.attach_procedures(catalogue())  # as kiosk/app.py at the first paint
        controller.attach_devices(sim.reader, sim.qr)
        sim.open()
        settle()  # the question screen is built with no address book yet
        controller.attach_address_book(address_book())  # later, from a worker's load
        citizen, step = start(window, qtbot, sim)
        sim.qr.scan("kiosk:procedure:permanent_residence")
        qtbot.waitUntil(lambda: window.current_screen_id == "checklist")
        citizen.tap(citizen.button(window, "ChecklistContinue"))
        answer_question(citizen, step, {})  # where: own home
        answer_question(citizen, step, {})  # the address: province → commune → Xong
        assert isinstance(step.flow.value("new_address"), Address)
    finally:
        sim.close()
        window.close()
