"""The procedure steps on both supported panels, normal and big text: targets ≥ 20 mm (keyboard
keys and list rows ≥ 16 mm), gaps ≥ 3 mm, text cap height ≥ 5 mm (7.5 mm big), nothing clipped,
nothing off the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from tests.ui.support import (
    PANEL_15,
    PANEL_21,
    RecordingSpeaker,
    SimDevices,
    open_window,
    settings_for,
    settle,
)
from tests.ui.test_procedures_e2e import Citizen, answer_question
from ui.main_window import MainWindow
from ui.screens.choose import ChooseScreen

STATES = ["tiles", "list", "search", "checklist", "question", "review", "consent", "receipt"]


def rect(w: QWidget, window: MainWindow) -> QRect:
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def reach(window: MainWindow, citizen: Citizen, sim: SimDevices, state: str, big: bool) -> None:
    assert window.controller is not None and window.controller.procedure_step is not None
    step = window.controller.procedure_step
    citizen.tap(window.attract)
    if big:
        citizen.tap(citizen.button(window, "WelcomeBigText"))
    citizen.tap(citizen.button(window, "WelcomeStart"))
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    citizen.qtbot.waitUntil(lambda: citizen.button(window, "IdentifyContinue").text() != "")
    citizen.tap(citizen.button(window, "IdentifyContinue"))
    choose = window.screen_widget("choose")
    assert isinstance(choose, ChooseScreen)
    if state == "tiles":
        return
    if state == "search":
        citizen.tap(citizen.button(window, "ChooseSearch"))
        citizen.type_text(choose.keyboard, "thuong tru")
        return
    citizen.tap(next(t for t in choose.tiles if t.key == "cu_tru"))
    if state == "list":
        return
    citizen.tap(choose.rows[0])  # permanent residence
    if state == "checklist":
        return
    citizen.tap(citizen.button(window, "ChecklistContinue"))
    if state == "question":
        return
    while step.flow.step.value == "question":
        answer_question(citizen, step, {})
    citizen.tap(citizen.button(window, "StepAction0"))  # papers to the counter
    if state == "review":
        return
    citizen.tap(citizen.button(window, "ReviewContinue"))
    if state == "consent":
        return
    citizen.tap(citizen.button(window, "ConsentAgree"))
    citizen.qtbot.waitUntil(lambda: step.flow.step.value == "receipt")


def check(window: MainWindow, state: str, big: bool) -> None:
    settle()
    ppm = window.theme.px_per_mm
    assert window.theme.big_text is big
    shown = [w for w in window.findChildren(QWidget) if w.isVisible()]
    buttons = [w for w in shown if isinstance(w, QAbstractButton)]
    assert buttons, state
    for b in buttons:
        least = 16 if b.property("key") else 20
        w_mm, h_mm = b.width() / ppm, b.height() / ppm
        assert w_mm >= least and h_mm >= least, f"{state}: {b.objectName()} {w_mm:.1f}×{h_mm:.1f}"
        assert window.rect().contains(rect(b, window)), f"{state}: {b.objectName()} off screen"
    rects = [(b.objectName(), rect(b, window)) for b in buttons]
    for i, (na, a) in enumerate(rects):
        for nb, bb in rects[i + 1 :]:
            dx = max(bb.left() - a.right() - 1, a.left() - bb.right() - 1, 0)
            dy = max(bb.top() - a.bottom() - 1, a.top() - bb.bottom() - 1, 0)
            assert max(dx, dy) / ppm >= 3 - 1e-6, f"{state}: {na} and {nb} are too close"
    minimum = 7.5 if big else 5.0
    for w in shown:
        if not isinstance(w, QLabel) or not w.text():
            continue
        cap = QFontMetricsF(w.font()).capHeight() / ppm
        assert cap >= minimum - 1e-6, f"{state}: {w.objectName()} cap {cap:.2f} mm"
        assert w.height() >= w.heightForWidth(w.width()), f"{state}: {w.objectName()} clipped"
        assert window.rect().contains(rect(w, window)), f"{state}: {w.objectName()} off screen"


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("panel", [PANEL_21, PANEL_15], ids=["21.5in-1080p", "15.6in-768p"])
def test_flow_targets_and_text_sizes(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    panel: dict[str, float],
    state: str,
    big: bool,
) -> None:
    window = open_window(qtbot, settings_for(panel), prompts, speaker, clock, sim)
    try:
        reach(window, Citizen(qtbot, window), sim, state, big)
        check(window, state, big)
    finally:
        sim.close()
        window.close()
