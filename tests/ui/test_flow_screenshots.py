"""Acceptance (issue 8): screenshots of the procedure steps at 1920×1080, normal and big text,
saved to docs/screens/flow_*.png: tiles, a group's procedures, search with the keyboard,
checklist, a question, review, consent, and the papers / receipt / rating placeholders."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from tests.ui.support import SimDevices, settle
from tests.ui.test_procedures_e2e import Citizen, answer_question
from ui.main_window import MainWindow
from ui.screens.choose import ChooseScreen

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


def shoot(window: MainWindow, name: str) -> Path:
    settle()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"flow_{name}.png"
    image = window.grab()
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.save(str(path))
    return path


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
def test_flow_screenshots(window: MainWindow, qtbot: QtBot, sim: SimDevices, big: bool) -> None:
    controller = window.controller
    assert controller is not None and controller.procedure_step is not None
    step = controller.procedure_step
    suffix = "_big" if big else ""
    citizen = Citizen(qtbot, window)
    saved: list[Path] = []
    citizen.tap(window.attract)
    if big:
        citizen.tap(citizen.button(window, "WelcomeBigText"))
    citizen.tap(citizen.button(window, "WelcomeStart"))
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    qtbot.waitUntil(lambda: citizen.button(window, "IdentifyContinue").text() != "")
    citizen.tap(citizen.button(window, "IdentifyContinue"))
    assert window.current_screen_id == "choose" and window.theme.big_text is big
    saved.append(shoot(window, "tiles" + suffix))

    choose = window.screen_widget("choose")
    assert isinstance(choose, ChooseScreen)
    citizen.tap(citizen.button(window, "ChooseSearch"))
    citizen.type_text(choose.keyboard, "thuong tru")
    assert step.flow.results()[0].id == "permanent_residence"  # no diacritics needed
    saved.append(shoot(window, "search" + suffix))
    citizen.tap(citizen.button(window, "NavBack"))

    citizen.tap(next(t for t in choose.tiles if t.key == "cu_tru"))
    saved.append(shoot(window, "list" + suffix))
    short = step.catalogue.get("permanent_residence").short_name
    citizen.tap(next(r for r in choose.rows if r.text().split("\n")[0] == short))
    saved.append(shoot(window, "checklist" + suffix))
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    saved.append(shoot(window, "question" + suffix))
    while step.flow.step.value == "question":
        field = step.flow.field(step.flow.state.question or "")
        if field.kind.value == "address":
            saved.append(shoot(window, "question_address" + suffix))
        answer_question(citizen, step, {})
    saved.append(shoot(window, "papers" + suffix))
    citizen.tap(citizen.button(window, "StepAction0"))
    assert window.current_screen_id == "review"
    saved.append(shoot(window, "review" + suffix))
    citizen.tap(citizen.button(window, "ReviewContinue"))
    saved.append(shoot(window, "consent" + suffix))
    citizen.tap(citizen.button(window, "ConsentDecline"))
    saved.append(shoot(window, "consent_declined" + suffix))
    citizen.tap(citizen.button(window, "ConsentAgree"))
    qtbot.waitUntil(lambda: step.flow.step.value == "receipt")
    saved.append(shoot(window, "receipt_preview" + suffix))
    citizen.tap(citizen.button(window, "StepAction0"))
    saved.append(shoot(window, "rating" + suffix))
    assert all(p.stat().st_size > 10_000 for p in saved)
