"""Acceptance (issue 8): per procedure in the catalogue, a scripted citizen with a chip identity
(simulated reader + QR scanner) goes from the attract screen to the review screen with the real
widgets. Every tap (`Citizen.tap`) and every key press on an on-screen keyboard or number pad
(`Citizen.key`) is counted and printed; birth registration, permanent residence and certified
copy must need 0 typed characters and ≤ 25 taps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN, CHU_TU, SimulatedCitizen
from kiosk.domain.procedure import FieldKind
from kiosk.flows.procedure_flow import Step
from tests.ui.support import RecordingSpeaker, SimDevices, catalogue, leftovers_of
from ui.main_window import MainWindow
from ui.procedure_controller import ProcedureController
from ui.screens.choose import ChooseScreen

CLICK = Qt.MouseButton.LeftButton
ZERO_TYPING = ("birth_registration", "permanent_residence", "certified_copy")
MAX_TAPS = 25

HANOI = ("Thành phố Hà Nội", "Phường Ô Chợ Dừa", "")
# What each scripted citizen answers, by field id (choice values, True/False, text, digits, an
# address as (province, commune, street)). A field not named takes its first choice / "no" /
# the date the wheels start on.
WHO: dict[str, SimulatedCitizen] = {"birth_registration": CHU_TU, "marriage_registration": CHU_TU}
ANSWERS: dict[str, dict[str, object]] = {
    "birth_registration": {"relation": "grandparent", "child_sex": "female",
                           "child_name_source": "as_certificate"},
    "birth_residence_insurance": {"relation": "mother", "child_name_source": "as_certificate"},
    "permanent_residence": {"residence_case": "own_home", "moving_with": "alone",
                            "new_address": HANOI},
    "temporary_residence": {"temp_address": HANOI},
    "certified_copy": {"document_kind": "birth_certificate", "copies": "2"},
    "death_registration": {"deceased_name": "Tran Van Ba"},
    "death_residence_allowance": {"deceased_name": "Tran Van Ba", "allowance": "none",
                                  "deceased_residence": HANOI},
    "marriage_registration": {"partner_name": "Le Thi Hoa", "partner_sex": "female"},
    "marital_status": {"purpose": "other"},
}  # fmt: skip
TEXT = "Tran Van Binh"
DIGITS = {FieldKind.ID_NUMBER: "001062001234", FieldKind.PHONE: "0912345678"}


class Citizen:
    """Taps like a person: only visible, enabled widgets; counts taps and typed keys."""

    def __init__(self, qtbot: QtBot, window: MainWindow) -> None:
        self.qtbot, self.window = qtbot, window
        self.taps = 0
        self.typed = 0
        self.skips_optional = False  # leaves an optional text empty (for the counter) if it can

    def tap(self, widget: QWidget) -> None:
        assert widget.isVisible() and widget.isEnabled(), widget.objectName()
        self.qtbot.mouseClick(widget, CLICK)
        self.taps += 1

    def key(self, widget: QWidget) -> None:
        self.tap(widget)
        self.typed += 1

    def button(self, parent: QWidget, name: str) -> QPushButton:
        found = [b for b in parent.findChildren(QPushButton, name) if b.isVisible()]
        assert found, f"no visible {name}"
        return found[0]

    def tap_label(self, parent: QWidget, prefix: str, label: str, next_name: str) -> None:
        """Tap the visible row reading `label`, turning pages with `next_name` until it shows."""
        for _ in range(30):
            rows = [
                b
                for b in parent.findChildren(QPushButton)
                if b.objectName().startswith(prefix) and b.isVisible() and b.text() == label
            ]
            if rows:
                self.tap(rows[0])
                return
            self.tap(self.button(parent, next_name))
        raise AssertionError(f"no row {label!r}")

    def type_text(self, keyboard: QWidget, text: str) -> None:
        for ch in text:
            name = "KeySpace" if ch == " " else f"Key_{ch.lower()}"
            self.key(self.button(keyboard, name))


def go_to_choose(
    citizen: Citizen, window: MainWindow, sim: SimDevices, who: SimulatedCitizen
) -> None:
    citizen.tap(window.attract)
    citizen.tap(citizen.button(window, "WelcomeStart"))
    sim.qr.scan(who.card_qr)  # devices, not taps: the card on the reader, its QR read
    sim.reader.sim.insert(who.card)
    citizen.qtbot.waitUntil(lambda: citizen.button(window, "IdentifyContinue").text() != "")
    citizen.tap(citizen.button(window, "IdentifyContinue"))
    assert window.current_screen_id == "choose"


def answer_question(
    citizen: Citizen, step: ProcedureController, answers: dict[str, object]
) -> None:
    flow = step.flow
    question = citizen.window.screen_widget("question")
    field = flow.field(flow.state.question or "")
    wanted = answers.get(field.id)
    if flow.state.confirming:
        citizen.tap(citizen.button(question, "ConfirmCorrect"))
    elif field.kind is FieldKind.CHOICE:
        value = wanted if wanted is not None else field.choices[0].value
        label = next(c.label for c in field.choices if c.value == value)
        citizen.tap_label(question, "ChoiceRow", label, "ChoiceNext")
    elif field.kind is FieldKind.YES_NO:
        citizen.tap(citizen.button(question, "AnswerYes" if wanted else "AnswerNo"))
    elif field.kind is FieldKind.DATE:
        citizen.tap(citizen.button(question, "DateDone"))
    elif field.kind is FieldKind.TEXT:
        editor = question.findChild(QWidget, "TextEditor")
        assert editor is not None
        if wanted or field.validation.required or not citizen.skips_optional:
            citizen.type_text(editor, str(wanted or TEXT))
        citizen.tap(citizen.button(editor, "KeyDone"))
    elif field.kind in (FieldKind.NUMBER, FieldKind.ID_NUMBER, FieldKind.PHONE):
        digits = str(wanted or DIGITS.get(field.kind, "1"))
        for d in digits:
            citizen.key(citizen.button(question, f"Digit_{d}"))
        citizen.tap(citizen.button(question, "DigitDone"))
    elif field.kind is FieldKind.ADDRESS:
        province, commune, street = wanted if isinstance(wanted, tuple) else HANOI
        picker = question.findChild(QWidget, "AddressPicker")
        assert picker is not None
        candidates = [
            b for b in picker.findChildren(QPushButton) if b.objectName().startswith("AddressRow")
        ]
        line = f"{commune}, {province}"
        if getattr(picker, "stage", "") == "candidates":  # the card's old address, converted
            if any(b.isVisible() and b.text() == line for b in candidates):
                citizen.tap_label(picker, "AddressRow", line, "AddressNext")
            else:
                citizen.tap(citizen.button(picker, "AddressOtherPlace"))
        if getattr(picker, "stage", "") == "provinces":
            citizen.tap_label(picker, "AddressRow", str(province), "AddressNext")
        if getattr(picker, "stage", "") == "communes":
            citizen.tap_label(picker, "AddressRow", str(commune), "AddressNext")
        keyboard = picker.findChild(QWidget, "AddressKeyboard")
        assert keyboard is not None
        citizen.type_text(keyboard, str(street))
        citizen.tap(citizen.button(keyboard, "KeyDone"))
    else:
        raise AssertionError(f"no script for {field.kind}")


def complete_to_review(
    citizen: Citizen, window: MainWindow, step: ProcedureController, procedure_id: str
) -> None:
    proc = step.catalogue.get(procedure_id)
    choose = window.screen_widget("choose")
    assert isinstance(choose, ChooseScreen)
    tile = next(t for t in choose.tiles if t.key == proc.group.value)
    citizen.tap(tile)
    shown = [r for r in choose.rows if r.isVisible()]
    citizen.tap(next(r for r in shown if r.text().split("\n")[0] == proc.short_name))
    assert window.current_screen_id == "checklist" and step.flow.procedure == proc
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    answers = ANSWERS.get(procedure_id, {})
    for _ in range(40):
        if step.flow.step is not Step.QUESTION:
            break
        before = (step.flow.state.question, len(step.flow.state.answers))
        answer_question(citizen, step, answers)
        assert step.flow.state.error is None, (step.flow.state.question, step.flow.state.error)
        assert (step.flow.state.question, len(step.flow.state.answers)) != before
    if step.flow.step is Step.PAPERS:
        assert window.current_screen_id == "procedure_step"
        citizen.tap(citizen.button(window, "StepAction0"))  # the papers go to the counter
    assert window.current_screen_id == "review", step.flow.step


def run(
    procedure_id: str, window: MainWindow, qtbot: QtBot, sim: SimDevices, skips_optional: bool
) -> tuple[Citizen, ProcedureController, SimulatedCitizen]:
    controller = window.controller
    assert controller is not None and controller.procedure_step is not None
    step = controller.procedure_step
    who = WHO.get(procedure_id, BA_LAN)
    citizen = Citizen(qtbot, window)
    citizen.skips_optional = skips_optional
    go_to_choose(citizen, window, sim, who)
    complete_to_review(citizen, window, step, procedure_id)
    note = " (optional texts left for the counter)" if skips_optional else ""
    print(
        f"\n[taps] {procedure_id}{note}: {citizen.taps} taps, {citizen.typed} typed characters, "
        f"{len(step.flow.asked_fields())} questions"
    )
    return citizen, step, who


@pytest.mark.parametrize("procedure_id", [p.id for p in catalogue().all()])
def test_a_scripted_citizen_reaches_the_review(
    procedure_id: str,
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    speaker: RecordingSpeaker,
) -> None:
    citizen, step, who = run(procedure_id, window, qtbot, sim, skips_optional=False)
    review = window.screen_widget("review")
    shown = [w.text() for w in review.findChildren(QLabel) if w.isVisible()]
    assert step.flow.asked_fields()[0].question in shown  # the review lists the answers
    said = " ".join(u.text for u in speaker.utterances)
    assert who.full_name not in said and who.id_number not in said  # never on the loudspeaker
    qtbot.mouseClick(citizen.button(window, "NavStartOver"), CLICK)
    assert window.current_screen_id == "attract"
    assert leftovers_of(window, who) == []
    assert step.flow.state.answers == {} and not step.recorded


@pytest.mark.parametrize("procedure_id", ZERO_TYPING)
def test_zero_typing_and_at_most_25_taps(
    procedure_id: str, window: MainWindow, qtbot: QtBot, sim: SimDevices
) -> None:
    citizen, _, _ = run(procedure_id, window, qtbot, sim, skips_optional=True)
    assert citizen.typed == 0, f"{procedure_id}: {citizen.typed} typed characters"
    assert citizen.taps <= MAX_TAPS, f"{procedure_id}: {citizen.taps} taps"
