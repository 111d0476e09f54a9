"""Screen/voice coupling: every text a citizen sees is a catalogue prompt, and every screen speaks.

A scripted citizen (Bà Lan, chip card + card QR on the simulated devices) walks the real UI:
attract → welcome (big text, volume) → identify (waiting, reading, identified) → continue →
whatever comes next → idle warning → goodbye → attract. Every time the window navigates, each
visible QLabel/QPushButton text on the screen and the bars must match a prompt of the catalogue
({placeholders} are wildcards). Personal values may only appear in data fields (a widget with the
dynamic property `data_field` set, or one of the shell's known data labels). Every screen id the
window knows (attract + LAZY_SCREENS, so new screens are covered automatically) must have been
reached, and every screen but the quiet attract screen must have a spoken prompt whose text is
on the screen.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.flows.session import Screen
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.support import (
    RecordingSpeaker,
    SimDevices,
    SubmissionRig,
    button,
    drive,
    settle,
)
from ui.main_window import LAZY_SCREENS, MainWindow

CLICK = Qt.MouseButton.LeftButton
# the shell's data labels (older than the `data_field` property): they show the ward or the
# citizen's own values, read from the card
SHELL_DATA_FIELDS = {
    "AttractWard",
    "HeaderWard",
    "HeaderGreeting",
    "IdentifyName",
    "IdentifyIdLine",
}
QUIET_SCREENS = {"attract"}  # no voice to passers-by; the first touch starts the talking
PERSONAL = [
    BA_LAN.full_name,
    "Thị Lan",
    BA_LAN.id_number,
    BA_LAN.id_number[-4:],
    "Hào Nam",
    f"{BA_LAN.birth_date:%d/%m/%Y}",
]


@dataclass
class Snapshot:
    screen: str
    texts: list[tuple[str, str, bool]]  # (widget name, text, is data field)


@dataclass
class Spoken:
    screen: str  # the screen on the glass when the controller spoke
    prompt_id: str
    shown: list[str]


@dataclass
class Walk:
    snapshots: list[Snapshot] = field(default_factory=list)
    spoken: list[Spoken] = field(default_factory=list)

    def screens(self) -> set[str]:
        return {s.screen for s in self.snapshots}


def is_data_field(widget: QWidget) -> bool:
    return widget.property("data_field") is True or widget.objectName() in SHELL_DATA_FIELDS


def visible_texts(window: MainWindow) -> list[tuple[str, str, bool]]:
    out = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        # word joiners and no-break spaces only steer line breaks: the words are the prompt's
        text = widget.text().replace("\u2060", "").replace("\xa0", " ").strip()
        if text:
            out.append((widget.objectName() or type(widget).__name__, text, is_data_field(widget)))
    return out


def procedure_texts() -> set[str]:
    """Texts of the procedure data files: each is keyed there (procedure, paper, field, choice
    ids) and read aloud from the same data, so they count as catalogued."""
    from pathlib import Path

    from kiosk.services.procedures.catalogue import load_catalogue

    root = Path(__file__).resolve().parents[2] / "config" / "procedures"
    texts: set[str] = set()
    for p in load_catalogue(root).all():
        texts |= {p.name, p.short_name, p.summary, p.agency, p.fee.note}
        texts |= {x for paper in p.papers for x in (paper.name, paper.note)}
        for f in p.fields:
            texts |= {f.question, f.hint, *(c.label for c in f.choices)}
    return {t for t in texts if t}


def pieces(text: str) -> list[str]:
    """A list row is decoration around catalogued pieces: "•  Giấy chứng sinh (Không bắt
    buộc)" is the paper's name and the "optional" prompt; each piece must be catalogued."""
    text = text.lstrip("•·-–▶ \t")
    m = re.fullmatch(r"(.+?) \((.+)\)", text, re.DOTALL)
    return [m[1], m[2]] if m else [text]


def is_input_symbol(text: str) -> bool:
    """A keyboard key ("Ă") or a value on a wheel or pad ("2026"): input, not an instruction."""
    return len(text) == 1 or text.isdigit()


def prompt_patterns(
    prompts: PromptCatalogue,
) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """(patterns of ordinary prompts, patterns of data-only prompts such as "{name}")."""
    ordinary, data = [], []
    for pid in prompts.ids():
        text = prompts.get(pid).text.replace("\u2060", "").replace("\xa0", " ")  # as shown
        pattern = ""
        for literal, name, _, _ in string.Formatter().parse(text):
            pattern += re.escape(literal) + ("(.+)" if name is not None else "")
        compiled = re.compile(pattern, re.DOTALL)
        (data if not re.sub(r"\{[^}]*\}", "", text).strip() else ordinary).append(compiled)
    return ordinary, data


@contextmanager
def recording(
    window: MainWindow, on_screen: Callable[[Snapshot], None] | None = None
) -> Iterator[Walk]:
    """Record what is visible after each navigation, and what is visible when it speaks."""
    controller = window.controller
    assert controller is not None
    walk = Walk()
    navigate, speak = window.navigate, controller._speak

    def recording_navigate(screen_id: str, view: object, **bars: object) -> object:
        shown = navigate(screen_id, view, **bars)  # type: ignore[arg-type]
        settle()
        snap = Snapshot(screen_id, visible_texts(window))
        walk.snapshots.append(snap)
        if on_screen is not None:
            on_screen(snap)
        return shown

    def recording_speak(prompt_id: str, **values: object) -> None:
        shown = [text for _, text, _ in visible_texts(window)]
        walk.spoken.append(Spoken(window.current_screen_id, prompt_id, shown))
        speak(prompt_id, **values)

    def recording_papers_spoken(prompt_id: str, _text: str) -> None:
        # the papers step words its own prompts and speaks them through the session's channel
        shown = [text for _, text, _ in visible_texts(window)]
        walk.spoken.append(Spoken(window.current_screen_id, prompt_id, shown))

    procedure = getattr(controller, "_procedure", None)
    papers = getattr(procedure, "papers", None)
    window.navigate = recording_navigate  # type: ignore[method-assign]
    controller._speak = recording_speak  # type: ignore[method-assign]
    if papers is not None:
        papers.spoken.connect(recording_papers_spoken)
    try:
        yield walk
    finally:
        window.navigate = navigate  # type: ignore[method-assign]
        controller._speak = speak  # type: ignore[method-assign]
        if papers is not None:
            papers.spoken.disconnect(recording_papers_spoken)


def walk_every_screen(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    on_screen: Callable[[Snapshot], None] | None = None,
    submission: SubmissionRig | None = None,
) -> Walk:
    controller = window.controller
    assert controller is not None
    with recording(window, on_screen) as walk:
        controller._render(Screen.ATTRACT)
        if submission is not None:  # issue 9's side door: track a dossier, then back
            qtbot.mouseClick(button(window, "AttractTrack"), CLICK)
            settle()
            assert window.current_screen_id == "tracking"
            qtbot.mouseClick(button(window, "TrackingDone"), CLICK)
            settle()
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
        qtbot.mouseClick(button(window, "WelcomeVolume"), CLICK)
        qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        sim.reader.gate.clear()  # hold the chip read: the reading state is a screen too
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(BA_LAN.card)
        qtbot.waitUntil(lambda: bool(sim.reader.reads))
        sim.reader.gate.set()
        qtbot.waitUntil(lambda: controller.flow.session is not None
                        and controller.flow.session.identity is not None)  # fmt: skip
        settle()
        qtbot.mouseClick(button(window, "IdentifyContinue"), CLICK)
        settle()
        drive(window, clock, settings.timeouts.form_idle_s + 1)  # idle → warning
        assert window.current_screen_id == "warning"
        qtbot.mouseClick(button(window, "WarningExtend"), CLICK)  # back to the choose screen
        settle()
        explore(window, qtbot)  # forward through the steps, possibly to the session's end
        if submission is not None:  # "Nộp hồ sơ": the sender's pass answers, then on
            qtbot.waitUntil(lambda: bool(submission.deliveries()))
            submission.deliver()
            qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
            qtbot.waitUntil(lambda: button(window, "ReceiptPrimary").isVisible())
            explore(window, qtbot)  # receipt → rating → goodbye
        if window.current_screen_id not in ("goodbye", "attract"):
            drive(window, clock, settings.timeouts.slow_idle_s + 1)  # idle → warning
            drive(window, clock, settings.timeouts.warning_s + 1)  # → goodbye
        drive(window, clock, settings.timeouts.goodbye_s + 1)  # → attract
    return walk


def explore(window: MainWindow, qtbot: QtBot, max_clicks: int = 80) -> None:
    """Generic forward exploration of screens this test does not know: on each screen, tap a
    visible, enabled button of the screen (not the nav bar) not tapped before, preferring the
    primary one; stop when every button was tried. Covers new screens without new code."""
    tried: set[tuple[str, str, str, str]] = set()
    nav = {"NavBack", "NavStartOver", "NavReplay"}
    answered: set[str] = set()
    for _ in range(max_clicks):
        if window.current_screen_id == "question" and answer_question(window, answered):
            settle()
            continue
        if window.current_screen_id == "papers":
            wait_for_papers(window, qtbot)
        screen = window.screen_widget(window.current_screen_id)
        buttons = [
            b for b in screen.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b.objectName() not in nav
        ]  # fmt: skip
        # what the screen says is part of its state: the papers step shows the same buttons
        # for each paper, with a different message
        state = " | ".join(
            w.text() for w in screen.findChildren(QLabel) if w.isVisible() and w.text()
        )
        fresh = [
            b for b in buttons
            if (window.current_screen_id, b.objectName(), b.text(), state) not in tried
        ]  # fmt: skip
        if not fresh:
            return
        fresh.sort(key=lambda b: b.property("kind") != "primary")
        pick = fresh[0]
        tried.add((window.current_screen_id, pick.objectName(), pick.text(), state))
        qtbot.mouseClick(pick, CLICK)
        settle()


def wait_for_papers(window: MainWindow, qtbot: QtBot) -> None:
    """The papers step scans on a worker: wait until it shows what came back."""
    from ui.papers_view import Phase

    papers = getattr(getattr(window.controller, "_procedure", None), "papers", None)
    if papers is not None:
        qtbot.waitUntil(
            lambda: papers.view is not None and papers.view.phase is not Phase.BUSY,
            timeout=10_000,
        )
    settle()


def coupling_problems(walk: Walk, prompts: PromptCatalogue) -> dict[str, set[object]]:
    ordinary, data = prompt_patterns(prompts)
    procedure_data = procedure_texts()
    unknown, leaks, unshown = set(), set(), set()

    def catalogued(piece: str) -> bool:
        return (
            piece in procedure_data
            or is_input_symbol(piece)
            or any(p.fullmatch(piece) for p in ordinary)
        )

    for snap in walk.snapshots:
        for name, text, data_field in snap.texts:
            matches = catalogued(text) or all(
                catalogued(piece) or catalogued(f"({piece})")  # "(nếu có)" keeps its brackets
                for piece in pieces(text)
            )
            if data_field:
                matches = matches or any(p.fullmatch(text) for p in data)
            elif any(value in text for value in PERSONAL):
                leaks.add((snap.screen, name, text))
            if not matches:
                unknown.add((snap.screen, name, text))
    for said in walk.spoken:
        if said.prompt_id not in prompts:
            unshown.add((said.screen, f"{said.prompt_id} (not in the catalogue)"))
        elif not any(_shows(prompts, said.prompt_id, text) for text in said.shown):
            unshown.add((said.screen, said.prompt_id))
    silent = walk.screens() - QUIET_SCREENS - {said.screen for said in walk.spoken}
    return {
        "visible texts with no prompt id": set(unknown),
        "personal values outside data fields": set(leaks),
        "screens with no spoken prompt": set(silent),
        "spoken prompts whose text is not on the screen": set(unshown),
    }


def assert_coupled(walk: Walk, window: MainWindow) -> None:
    assert window.controller is not None
    # the controller's catalogue: the files plus the procedures' own prompts (names, checklists)
    found = coupling_problems(walk, window.controller._prompts)
    assert not any(found.values()), {k: sorted(map(str, v)) for k, v in found.items() if v}


def answer_question(window: MainWindow, answered: set[str]) -> bool:
    """A question screen needs a valid answer, not a random tap: answer it like a citizen would
    (pre-filled value, first choice, a plausible value of its kind). False if it cannot."""
    from datetime import timedelta

    from kiosk.domain.procedure import FieldKind

    controller = window.controller
    step = controller.procedure_step if controller is not None else None
    if step is None:
        return False
    _, view = step.view()
    field_id = getattr(view, "field_id", None)
    kind = getattr(view, "kind", None)
    if field_id is None or kind is None or field_id in answered:
        return False
    answered.add(field_id)
    today = controller.flow._clock.now().date() if controller is not None else None
    plausible = {
        FieldKind.TEXT: "Nguyễn Văn An",
        FieldKind.NUMBER: 1,
        FieldKind.ID_NUMBER: "001099012345",
        FieldKind.PHONE: "0912345678",
        FieldKind.YES_NO: True,
        FieldKind.DATE: max(view.min_date, min(view.max_date, today - timedelta(days=10)))
        if today
        else None,
        FieldKind.CHOICE: view.choices[0].value if view.choices else None,
    }
    value = view.value if view.value is not None else plausible.get(kind)
    if value is None:
        return False
    step.on_answered(value)
    return True


def test_every_visible_text_is_a_prompt_and_every_screen_speaks(
    window: MainWindow,
    qtbot: QtBot,
    sim: SimDevices,
    clock: ManualClock,
    settings: Settings,
    speaker: RecordingSpeaker,
    papers: object,  # the papers step wired as in the app, so the walk reaches it
    submission: SubmissionRig,  # and issue 9's submit, receipt, rating and tracking
) -> None:
    walk = walk_every_screen(window, qtbot, sim, clock, settings, submission=submission)
    assert_coupled(walk, window)
    every_screen = {"attract", *LAZY_SCREENS}
    assert every_screen <= walk.screens(), (
        f"screens the walk never reached (extend walk_every_screen): "
        f"{sorted(every_screen - walk.screens())}"
    )
    # asked of the speech channel (which rightly drops a prompt the next screen cut short)
    asked = {said.prompt_id for said in walk.spoken}
    assert {"identify.waiting", "identify.reading", "identify.greeting"} <= asked
    assert speaker.ids(), "nothing reached the speaker"
    # every screen of the session machine was on the glass and spoke (through _screen_prompt)
    spoken_on = {said.screen for said in walk.spoken}
    for screen in Screen:
        if screen.value not in QUIET_SCREENS and screen.value in LAZY_SCREENS:
            assert screen.value in spoken_on, f"{screen} never spoke"


def test_identify_problem_states_are_prompts_shown_and_spoken(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, speaker: RecordingSpeaker
) -> None:
    from devices.simulated.card_reader import SimulatedCard
    from devices.simulated.citizens import CHU_TU

    with recording(window) as walk:
        qtbot.mouseClick(window.attract, CLICK)
        qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
        sim.qr.scan(BA_LAN.card_qr)  # a chip that opens with Lan's key but holds Tư's data
        sim.reader.sim.insert(SimulatedCard(BA_LAN.bac_key, CHU_TU.card.data_groups))
        qtbot.waitUntil(lambda: "identify.wrong_card" in speaker.ids())
        sim.reader.sim.remove()
        qtbot.mouseClick(button(window, "IdentifyRetry"), CLICK)
        qtbot.waitUntil(lambda: speaker.ids()[-1:] == ["identify.waiting"])
        sim.qr.scan("https://example.org/not-a-card")
        qtbot.waitUntil(lambda: speaker.ids()[-1:] != ["identify.waiting"])
        settle()
        for name in ("IdentifyAskStaff", "IdentifyUseQr"):
            b = window.findChild(QAbstractButton, name)
            if b is not None and b.isVisible():
                qtbot.mouseClick(b, CLICK)
                settle()
    states = {said.prompt_id for said in walk.spoken}
    assert {"identify.wrong_card", "identify.waiting"} <= states
    assert len(states) >= 4, states
    assert_coupled(walk, window)


def _shows(prompts: PromptCatalogue, prompt_id: str, shown: str) -> bool:
    text = prompts.get(prompt_id).text
    pattern = "".join(
        re.escape(lit) + ("(.+)" if name is not None else "")
        for lit, name, _, _ in string.Formatter().parse(text)
    )
    return re.fullmatch(pattern, shown, re.DOTALL) is not None


def test_a_text_without_a_prompt_is_caught(window: MainWindow, prompts: PromptCatalogue) -> None:
    """The check itself can fail: a label with made-up text matches no prompt."""
    ordinary, _ = prompt_patterns(prompts)
    assert not any(p.fullmatch("Bấm vào đây để nhận quà") for p in ordinary)
    assert any(p.fullmatch("Phiên làm việc sẽ kết thúc sau 17 giây") for p in ordinary)
    assert pieces("•  Giấy chứng sinh (Không bắt buộc)") == ["Giấy chứng sinh", "Không bắt buộc"]
    made_up = pieces("•  Giấy chứng sinh (quà tặng)")
    assert not all(any(p.fullmatch(x) for p in ordinary) for x in made_up)
