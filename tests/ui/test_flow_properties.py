"""Property, in the real window: any order of back / start over / timeout / extend / forward taps
(and cards of two citizens) never leaves a previous citizen's name, ID or address on any
screen — shown or hidden, label, button or accessible text — and never crashes the kiosk."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN, CHU_TU, SimulatedCitizen
from kiosk.flows.procedure_flow import Step
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import RecordingSpeaker, SimDevices, drive, leftovers_of, open_window
from tests.ui.test_procedures_e2e import Citizen, answer_question
from ui.main_window import MainWindow
from ui.screens.choose import ChooseScreen

ACTIONS = st.lists(
    st.sampled_from(["forward"] * 6 + ["back", "start_over", "idle", "extend", "timeout",
                                         "lan", "tu"]),
    max_size=40,
)  # fmt: skip
FORWARD = {  # the obvious tap on each screen
    "welcome": "WelcomeStart",
    "identify": "IdentifyContinue",
    "checklist": "ChecklistContinue",
    "procedure_step": "StepAction0",
    "review": "ReviewContinue",
    "consent": "ConsentAgree",
}


class Kiosk:
    def __init__(self, window: MainWindow, qtbot: QtBot, sim: SimDevices, clock: ManualClock):
        self.window, self.qtbot, self.sim, self.clock = window, qtbot, sim, clock
        self.citizen = Citizen(qtbot, window)
        self.on_reader: SimulatedCitizen | None = None
        self.turn = 0

    @property
    def current(self) -> SimulatedCitizen | None:
        assert self.window.controller is not None
        session = self.window.controller.flow.session
        who = session.identity if session is not None else None
        if who is None:
            return None
        return next(c for c in (BA_LAN, CHU_TU) if c.id_number == who.id_number)

    def visible(self, name: str) -> QAbstractButton | None:
        found = [b for b in self.window.findChildren(QAbstractButton, name) if b.isVisible()]
        return found[0] if found and found[0].isEnabled() and found[0].text() else None

    def card(self, who: SimulatedCitizen) -> None:
        """A card on the reader and its QR scanned (any screen: only identify listens)."""
        if self.on_reader is not None:
            self.sim.reader.sim.remove()
        self.sim.reader.sim.insert(who.card)
        self.sim.qr.scan(who.card_qr)
        self.on_reader = who
        self.qtbot.wait(20)

    def do(self, action: str) -> None:
        w, c = self.window, self.citizen
        assert w.controller is not None
        if action in ("lan", "tu"):
            self.card(BA_LAN if action == "lan" else CHU_TU)
        elif action in ("back", "start_over", "extend"):
            name = {"back": "NavBack", "start_over": "NavStartOver", "extend": "WarningExtend"}
            button = self.visible(name[action])
            if button is not None:
                c.tap(button)
        elif action == "idle":
            drive(w, self.clock, w.controller.flow.idle_limit_s)
        elif action == "timeout":
            drive(w, self.clock, 31)
        else:
            self.forward()

    def forward(self) -> None:
        w, c = self.window, self.citizen
        assert w.controller is not None and w.controller.procedure_step is not None
        step = w.controller.procedure_step
        screen = w.current_screen_id
        if screen == "attract":
            c.tap(w.attract)
        elif screen == "identify" and self.visible("IdentifyContinue") is None:
            self.turn += 1  # the next citizen in line puts their card
            self.card((BA_LAN, CHU_TU)[self.turn % 2])
            self.qtbot.waitUntil(lambda: self.visible("IdentifyContinue") is not None, timeout=5000)
        elif screen in FORWARD and self.visible(FORWARD[screen]) is not None:
            button = self.visible(FORWARD[screen])
            assert button is not None
            c.tap(button)
        elif screen == "choose":
            choose = w.screen_widget("choose")
            assert isinstance(choose, ChooseScreen)
            rows = [r for r in choose.rows if r.isVisible()]
            tiles = [t for t in choose.tiles if t.isVisible() and t.key == "chung_thuc"]
            c.tap(rows[0] if rows else tiles[0])
        elif screen == "question" and step.flow.step is Step.QUESTION:
            answer_question(c, step, {})
        elif screen == "procedure_step" and self.visible("StepAction5") is not None:
            button = self.visible("StepAction5")  # the rating's "Bỏ qua"
            assert button is not None
            c.tap(button)


@pytest.fixture
def kiosk(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
) -> Iterator[Kiosk]:
    window = open_window(qtbot, settings, prompts, speaker, clock, sim)
    yield Kiosk(window, qtbot, sim, clock)
    sim.close()
    window.close()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(deep=st.sampled_from([0, 6, 10, 16]), actions=ACTIONS)
def test_no_previous_citizen_on_any_screen(kiosk: Kiosk, deep: int, actions: list[str]) -> None:
    # `deep` forward taps first, so the random tail starts on any step as often as not
    for action in ["start_over", "timeout", "timeout", *["forward"] * deep, *actions]:
        kiosk.do(action)
        now = kiosk.current
        for other in (BA_LAN, CHU_TU):
            if now is None or other.id_number != now.id_number:
                assert leftovers_of(kiosk.window, other) == [], (action, other.slug)
