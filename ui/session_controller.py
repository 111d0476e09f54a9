"""The one object that owns the session flow in the UI.

It turns screen intents into calls on `kiosk.flows.session.SessionFlow`, ticks the flow from a
QTimer, and maps the flow's events to `MainWindow.navigate()` and to speech. Screens never talk to
the flow; the flow never knows about Qt.

Its parts live beside it as mixins: `ui.session_speech` (the speech path, volume, privacy
guard's inputs), `ui.session_views` (the view models it renders) and `ui.session_screens`
(connecting each lazily built screen's signals), and `ui.staff.door` (issue 11's staff mode
attached; the citizen's screens hidden while a staff screen covers them). This module keeps the
state, the attach steps, the intents and the flow's events.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from kiosk.domain.identity import CitizenIdentity
from kiosk.flows.session import (
    BigTextChanged,
    CitizenIdentified,
    CountdownChanged,
    Screen,
    ScreenChanged,
    SessionEnded,
    SessionEvent,
    SessionFlow,
    SessionStarted,
    VolumeChanged,
)
from kiosk.ports.clock import Clock
from kiosk.ports.speaker import Speaker
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.main_window import MainWindow
from ui.prompt_ids import PROMPT_IDS
from ui.session_screens import PROCEDURE_SCREENS, SessionScreens
from ui.session_speech import VOLUME, SessionSpeech
from ui.session_views import SessionViews
from ui.staff.door import StaffDoor

__all__ = ["PROCEDURE_SCREENS", "VOLUME", "SessionController"]  # VOLUME: tests import it here

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton

    from kiosk.flows.identify import IdentityRules
    from kiosk.flows.procedure_model import AnswerCheck, ProcedureSource
    from kiosk.ports.card_reader import CardReader
    from kiosk.ports.mrz_reader import MrzReader
    from kiosk.ports.qr_source import QrSource
    from ui.forms.address_picker import AddressBookLike
    from ui.identify_controller import IdentifyController, IdentifyDevices
    from ui.papers_controller import PapersController
    from ui.procedure_controller import ProcedureController
    from ui.procedure_wiring import SubmissionPorts
    from ui.staff.mode import StaffMode
    from ui.tracking_controller import TrackingController
    from ui.workers import SpeechChannel


TICK_MS = 200
SUBMIT_PROMPT_IDS = (
    "submit.practice_button",
    "submit.goodbye_receipt",
    "submit.goodbye_card",
    "tracking.attract_button",
)


class SessionController(SessionSpeech, SessionViews, SessionScreens, StaffDoor, QObject):
    session_started = Signal(str, object)  # session id, started_at: the store's row, at once
    session_ended = Signal(object)  # SessionSummary, for the store (no personal data)

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        prompts: PromptCatalogue,
        speaker: Speaker | None,
        clock: Clock,
    ) -> None:
        super().__init__(window)
        prompts.require(PROMPT_IDS)
        self._window = window
        self._settings = settings
        self._prompts = prompts
        self._speaker = speaker
        self._clock = clock
        self._speech: SpeechChannel | None = None  # made by start(), after the first paint
        self._touch_types: frozenset[QEvent.Type] = frozenset()
        self.flow = SessionFlow(clock, settings, self._on_event)
        self._timer = QTimer(self)
        self._timer.setObjectName("SessionTick")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._closed = False
        self._filtering = False
        self._identify: IdentifyController | None = None  # built on first use or attach
        self._devices: IdentifyDevices = (None, None, None)
        self._rules: IdentityRules | None = None
        self._procedure: ProcedureController | None = None  # made by attach_procedures
        self._address_book: AddressBookLike | None = None
        self._papers_screens: list[object] = []
        self._tracking: TrackingController | None = None  # issue 9's side door
        self._doors: tuple[QPushButton, QPushButton] | None = None  # attract: track, practice
        self._tracking_by_scan = False
        self._practice_shown = False  # the practice banner stays until the attract screen
        self._staff: StaffMode | None = None  # issue 11's staff mode, once attached
        window.screen_built.connect(self._on_screen_built)
        for screen_id in window.built_screens():
            self._on_screen_built(screen_id)
        self._render(Screen.ATTRACT)

    # ---- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Start ticking, speaking and listening for touches. ui.shell calls this right after
        the first paint, so none of it (threads, Python event filter) slows the way there."""
        if self._closed or self._timer.isActive():
            return
        self._open_speech()
        self._touch_types = frozenset(
            {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.TabletPress}
        )
        self._timer.start()
        app = QCoreApplication.instance()
        if app is not None and not self._filtering:
            app.installEventFilter(self)
            app.aboutToQuit.connect(self.close)
            self._filtering = True

    def attach_devices(
        self,
        card_reader: CardReader | None,
        qr_source: QrSource | None,
        mrz_reader: MrzReader | None = None,
        rules: IdentityRules | None = None,
    ) -> None:
        """The identify step's devices (kiosk/app.py, after the first paint); `rules`: a fake."""
        self._devices, self._rules = (card_reader, qr_source, mrz_reader), rules
        self.identify_step().attach(*self._devices)  # once per device: a repeat is ignored
        if self._procedure is not None:
            self._procedure.attach_qr(qr_source)
        if self._staff is not None:
            self._staff.attach_qr(qr_source)

    def attach_procedures(
        self,
        catalogue: ProcedureSource,
        check: AnswerCheck | None = None,
        address_book: AddressBookLike | None = None,
    ) -> None:
        """The procedure steps (kiosk/app.py, after the first paint, with the catalogue it
        validated at start); `check` defaults to kiosk.services.procedures.check_answer."""
        if self._procedure is not None or self._closed:
            return
        from ui.procedure_controller import ProcedureController

        if check is None:
            from kiosk.services.procedures.validation import PROMPT_IDS as INVALID_IDS
            from kiosk.services.procedures.validation import check_answer

            self._prompts.require(INVALID_IDS)
            check = check_answer
        self._address_book = address_book
        self._procedure = ProcedureController(
            self.flow, catalogue, check, self._clock, self._prompts, self
        )
        self._prompts = self._procedure.prompts  # the same catalogue plus the procedures' texts
        self._procedure.changed.connect(self._on_procedure_changed)
        self._procedure.finished.connect(self.flow.finish)
        self._procedure.corrected.connect(self._on_corrected)
        self._procedure.attach_qr(self._devices[1])
        for screen_id in self._window.built_screens():
            if screen_id in PROCEDURE_SCREENS:
                self._on_screen_built(screen_id)

    @property
    def procedure_step(self) -> ProcedureController | None:
        return self._procedure

    def attach_address_book(self, book: AddressBookLike) -> None:
        """The address book may come later than the catalogue (it takes ~150 ms to load: off
        the GUI thread, then here); the address questions use it from then on."""
        self._address_book = book
        if "question" in self._window.built_screens():
            from ui.forms.question_screen import QuestionScreen

            screen = self._window.screen_widget("question")
            assert isinstance(screen, QuestionScreen)
            screen.set_address_book(book)

    def attach_papers(self, papers: PapersController, scans_base: Path) -> None:
        """Issue 6's papers step in place of its placeholder (kiosk/app.py, after
        `attach_procedures`): it shows on the "papers" screen and speaks through here."""
        if self._procedure is None or self._procedure.papers is not None:
            return
        self._procedure.attach_papers(papers, scans_base)
        papers.spoken.connect(self._on_papers_spoken)
        if "papers" in self._window.built_screens():
            self._on_screen_built("papers")

    def attach_submission(self, ports: SubmissionPorts) -> None:
        """Issue 9's submit → receipt → rating steps, the tracking side door and practice mode
        (kiosk/app.py, after `attach_procedures`)."""
        step = self._procedure
        if step is None or step.after is not None or self._closed:
            return
        from ui.procedure_wiring import add_attract_doors, build_after_submit, build_tracking

        self._prompts.require(SUBMIT_PROMPT_IDS)
        after = build_after_submit(
            self._window, step, ports, self._settings, self._prompts, self._clock,
            self._speech_on, self._stop_speech,
        )  # fmt: skip
        step.attach_submission(after)
        if "receipt" in self._window.built_screens():
            self._on_screen_built("receipt")
        names = {p.national_code: p.name for p in step.catalogue.all() if p.national_code}
        unit = getattr(self._settings.devices.portal, "unit_code", "")
        self._tracking = build_tracking(
            self._window, ports, self._prompts, self._speech_on("tracking"), names, unit
        )
        if self._tracking is not None:
            self._tracking.finished.connect(self.flow.close_tracking)
            self._tracking.opened_by_scan.connect(self._on_tracking_scan)
            self._tracking.listen_on_attract(self.flow.screen is Screen.ATTRACT)
        track, practice = add_attract_doors(self._window)
        track.clicked.connect(self.flow.open_tracking)
        track.setVisible(self._tracking is not None)
        practice.clicked.connect(self.on_practice)
        self._doors = (track, practice)
        if self.flow.screen is Screen.ATTRACT:
            self._render(Screen.ATTRACT)

    def on_practice(self) -> None:
        """ "Tập sử dụng": a session like any other, nothing submitted (kiosk.flows.practice)."""
        self.flow.touched(practice=True)

    def _on_tracking_scan(self) -> None:
        self._tracking_by_scan = True  # it looks up by itself: no invitation to scan first
        self.flow.open_tracking()

    def identify_step(self) -> IdentifyController:
        """The identify step's controller, built on first use (its imports stay off startup)."""
        if self._identify is None:
            from ui.identify_controller import IdentifyController

            rules = self._rules
            if rules is None:
                from kiosk.flows.identify_rules import ServiceRules
                from kiosk.services.qr_payloads import PROMPT_IDS as QR_PROMPT_IDS

                self._prompts.require(QR_PROMPT_IDS)  # off the start-up path, like the rules
                rules = ServiceRules()
            self._identify = IdentifyController(self.flow, self._clock, self._prompts, rules, self)
            self._identify.covered = lambda: self._staff is not None and self._staff.shown
            self._identify.status_changed.connect(self._on_identify_status)
            self._identify.attach(*self._devices)
        return self._identify

    def close(self) -> None:
        """Stop the timer, the touch filter and the speech thread; idempotent."""
        if self._closed:
            return
        self._closed = True
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._filtering:
            app.removeEventFilter(self)
            app.aboutToQuit.disconnect(self.close)
            self._filtering = False
        if self._speech is not None:
            self._speech.close()
        if self._identify is not None:
            self._identify.close()
        if self._procedure is not None:
            self._procedure.close()
        if self._tracking is not None:
            self._tracking.close()
        if self._staff is not None:
            self._staff.close()

    # ---- API for later issues (card reader, staff) -----------------------------------------

    def tick(self) -> None:
        self.flow.tick()
        if self._identify is not None and self.flow.screen is Screen.IDENTIFY:
            self._identify.tick()

    def identify(self, identity: CitizenIdentity) -> None:
        self.flow.identify(identity)

    # ---- intents from screens --------------------------------------------------------------

    def on_touched(self) -> None:
        self.flow.touched()

    def on_start(self) -> None:
        self.flow.start()

    def on_back(self) -> None:
        self.flow.back()

    def on_start_over(self) -> None:
        self.flow.start_over()

    def on_replay(self) -> None:
        self._speak_screen(self.flow.screen)

    def on_extend(self) -> None:
        self.flow.extend()

    def on_big_text_toggle(self) -> None:
        self.flow.toggle_big_text()

    def on_volume_change(self) -> None:
        self.flow.cycle_volume()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self._touch_types:
            self.flow.activity()
        return False

    # ---- flow events -----------------------------------------------------------------------

    def _on_event(self, event: SessionEvent) -> None:
        if isinstance(event, ScreenChanged):
            self._stop_speech()
            if Screen.IDENTIFY in (event.screen, event.previous):
                self.identify_step().screen_changed(event.screen, event.previous)
            if event.previous is Screen.IDENTIFY:
                # the greeting's photo must not wait, hidden, behind the next screens
                built = self._window.built_screens().get("identify")
                if built is not None:
                    built.reset()
            if event.screen is Screen.ATTRACT:
                self._window.set_big_text(False)  # goodbye kept the citizen's text size
                self._practice_shown = False
            self._render(event.screen)
            if event.screen is not Screen.TRACKING:  # it speaks itself once started
                self._speak_screen(event.screen)
            self._tracking_changed(event.screen, event.previous)
        elif isinstance(event, CountdownChanged):
            self._render(Screen.WARNING)
        elif isinstance(event, CitizenIdentified):
            self._window.set_header(self._header_view(event_screen=self.flow.screen))
        elif isinstance(event, BigTextChanged):
            self._window.set_big_text(event.on)
            self._render(self.flow.screen)
        elif isinstance(event, VolumeChanged):
            self._render(self.flow.screen)
            self._speak(f"welcome.volume_{event.level}")  # hear the new loudness
        elif isinstance(event, SessionStarted):
            self._window.set_big_text(False)
            session = self.flow.session
            if session is not None:  # written now, so the dossier can name its session
                self.session_started.emit(str(event.session_id), session.started_at)
            self._practice_shown = session is not None and session.practice
            after = self._procedure.after if self._procedure is not None else None
            if after is not None:
                after.new_session()
        elif isinstance(event, SessionEnded):
            self._stop_speech()
            if self._identify is not None:
                self._identify.reset()
            if self._procedure is not None:
                self._procedure.wipe()
            self._window.wipe()
            if self._staff is not None:
                self._staff.session_ended()
            self.session_ended.emit(event.summary)

    def _tracking_changed(self, screen: Screen, previous: Screen) -> None:
        tracking = self._tracking
        if tracking is None:
            return
        tracking.listen_on_attract(screen is Screen.ATTRACT)
        if screen is Screen.TRACKING:
            if not self._tracking_by_scan:
                tracking.start()  # after the render: its invitation is said on its screen
            self._tracking_by_scan = False
        elif previous is Screen.TRACKING and tracking.active:
            tracking.reset()  # idle: the status leaves the glass

    def _on_procedure_changed(self, speak: bool) -> None:
        if self.flow.screen is not Screen.PROCEDURE:
            return
        if speak:
            self._stop_speech()
        self._render(Screen.PROCEDURE)
        if speak:
            self._speak_screen(Screen.PROCEDURE)

    def _on_identify_status(self) -> None:
        if self.flow.screen is Screen.IDENTIFY and self._identify_moving_on():
            return  # "Tiếp tục": the procedure steps open next; nothing new to show or say
        if self.flow.screen is Screen.IDENTIFY:
            self._stop_speech()
            self._render(Screen.IDENTIFY)
            self._speak_screen(Screen.IDENTIFY)
        elif "identify" in self._window.built_screens():
            self._window.screen_widget("identify").reset()  # left: forget what it showed

    def _identify_moving_on(self) -> bool:
        from kiosk.flows.identify import Phase

        return self._identify is not None and self._identify.flow.status.phase is Phase.NEXT
