"""The one object that owns the session flow in the UI.

It turns screen intents into calls on `kiosk.flows.session.SessionFlow`, ticks the flow from a
QTimer, and maps the flow's events to `MainWindow.navigate()` and to speech. Screens never talk to
the flow; the flow never knows about Qt.
"""

from __future__ import annotations

import logging
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
from kiosk.ports.speaker import Speaker, Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.main_window import MainWindow
from ui.prompt_ids import PROMPT_IDS
from ui.view_models import (
    AttractView,
    GoodbyeView,
    HeaderView,
    NavView,
    ScreenView,
    WarningView,
    WelcomeView,
)

if TYPE_CHECKING:
    from kiosk.flows.identify import IdentityRules
    from kiosk.ports.card_reader import CardReader
    from kiosk.ports.mrz_reader import MrzReader
    from kiosk.ports.qr_source import QrSource
    from ui.identify_controller import IdentifyController, IdentifyDevices
    from ui.workers import SpeechChannel

log = logging.getLogger(__name__)

TICK_MS = 200
VOLUME = {0: 0.45, 1: 0.7, 2: 1.0}  # volume level → Utterance.volume (0..1)


class SessionController(QObject):
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

    def attach_speaker(self, speaker: Speaker) -> None:
        """Give the controller its speaker once the ports exist (kiosk/app.py builds them after
        the first paint, to keep their imports off the way to the attract screen)."""
        self._speaker = speaker
        if self._timer.isActive():
            self._open_speech()

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
            self._identify.status_changed.connect(self._on_identify_status)
            self._identify.attach(*self._devices)
        return self._identify

    def _open_speech(self) -> None:
        if self._speech is not None or self._speaker is None or self._closed:
            return
        from ui.workers import SpeechChannel

        self._speech = SpeechChannel(self._speaker, self)
        self._speech.failed.connect(self._on_speech_failed)

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
            if event.screen is Screen.ATTRACT:
                self._window.set_big_text(False)  # goodbye kept the citizen's text size
            self._render(event.screen)
            self._speak_screen(event.screen)
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
        elif isinstance(event, SessionEnded):
            self._stop_speech()
            if self._identify is not None:
                self._identify.reset()
            self._window.wipe()
            self.session_ended.emit(event.summary)

    def _on_screen_built(self, screen_id: str) -> None:
        w = self._window
        if screen_id == "attract":
            w.attract.touched_requested.connect(self.on_touched)
        elif screen_id == "nav":
            nav = w.nav_bar()
            nav.back_requested.connect(self.on_back)
            nav.replay_requested.connect(self.on_replay)
            nav.start_over_requested.connect(self.on_start_over)
        elif screen_id == "welcome":
            from ui.screens.welcome import WelcomeScreen

            welcome = w.screen_widget("welcome")
            assert isinstance(welcome, WelcomeScreen)
            welcome.start_requested.connect(self.on_start)
            welcome.big_text_toggle_requested.connect(self.on_big_text_toggle)
            welcome.volume_change_requested.connect(self.on_volume_change)
        elif screen_id == "warning":
            from ui.screens.warning import WarningScreen

            warning = w.screen_widget("warning")
            assert isinstance(warning, WarningScreen)
            warning.extend_requested.connect(self.on_extend)
        elif screen_id == "identify":
            from ui.screens.identify import IdentifyScreen

            screen = w.screen_widget("identify")
            assert isinstance(screen, IdentifyScreen)
            step = self.identify_step()
            screen.use_qr_requested.connect(step.on_use_qr)
            screen.use_mrz_requested.connect(step.on_use_mrz)
            screen.ask_staff_requested.connect(step.on_ask_staff)
            screen.retry_requested.connect(step.on_retry)
            screen.continue_requested.connect(step.on_continue)
            step.preview_changed.connect(screen.show_preview)

    def _on_identify_status(self) -> None:
        if self.flow.screen is Screen.IDENTIFY:
            self._stop_speech()
            self._render(Screen.IDENTIFY)
            self._speak_screen(Screen.IDENTIFY)
        elif "identify" in self._window.built_screens():
            self._window.screen_widget("identify").reset()  # left: forget what it showed

    def _on_speech_failed(self, prompt_id: str, detail: str) -> None:
        log.warning("speech %s failed: %s", prompt_id, detail)

    # ---- rendering -------------------------------------------------------------------------

    def _render(self, screen: Screen) -> None:
        self._window.navigate(
            screen.value,
            self._view(screen),
            header=self._header_view(screen),
            nav=self._nav_view(screen),
        )

    def _view(self, screen: Screen) -> ScreenView:
        t = self._prompts.text
        session = self.flow.session
        if screen is Screen.ATTRACT:
            return AttractView(
                ward=t("attract.ward", ward=self._settings.kiosk.ward),
                title=t("attract.title"),
                subtitle=t("attract.subtitle"),
            )
        if screen is Screen.WELCOME:
            big = session is not None and session.big_text
            level = session.volume if session is not None else self._default_volume
            return WelcomeView(
                title=t("welcome.title"),
                instruction=t("welcome.instruction"),
                big_text_label=t("welcome.big_text_on" if big else "welcome.big_text_off"),
                big_text_on=big,
                volume_label=t(f"welcome.volume_{level}"),
                volume_level=level,
                start_label=t("welcome.start"),
            )
        if screen is Screen.IDENTIFY:
            return self.identify_step().view()
        if screen is Screen.WARNING:
            return WarningView(
                title=t("timeout.warning_title"),
                countdown=t("timeout.countdown", seconds=self.flow.warning_seconds),
                extend_label=t("timeout.extend"),
                can_extend=self.flow.can_extend,
                ask_staff=t("timeout.ask_staff"),
            )
        timed_out = self.flow.last_end_reason == "timeout"
        return GoodbyeView(
            title=t("goodbye.title"),
            take_card=t("goodbye.take_card"),
            timed_out=t("goodbye.timed_out") if timed_out else "",
        )

    def _header_view(self, event_screen: Screen) -> HeaderView:
        session = self.flow.session
        identity = session.identity if session is not None else None
        greeting = ""
        if identity is not None:
            greeting = self._prompts.text("session.greeting", name=identity.full_name)
        return HeaderView(
            ward=self._prompts.text("attract.ward", ward=self._settings.kiosk.ward),
            greeting=greeting,
            visible=event_screen is not Screen.ATTRACT,
        )

    def _nav_view(self, screen: Screen) -> NavView:
        t = self._prompts.text
        in_session = screen in (Screen.WELCOME, Screen.IDENTIFY)
        return NavView(
            back=t("nav.back"),
            start_over=t("nav.start_over"),
            replay=t("nav.replay"),
            visible=screen is not Screen.ATTRACT and screen is not Screen.WARNING,
            show_back=in_session,
            show_start_over=in_session,
            show_replay=True,
        )

    # ---- speech ----------------------------------------------------------------------------

    @property
    def _default_volume(self) -> int:
        return self._settings.voice.default_volume

    def _screen_prompt(self, screen: Screen) -> str | None:
        if screen is Screen.WELCOME:
            return "welcome.instruction"
        if screen is Screen.IDENTIFY:
            return self.identify_step().prompt_id()
        if screen is Screen.WARNING:
            return "timeout.warning_speech" if self.flow.can_extend else "timeout.final_speech"
        if screen is Screen.GOODBYE:
            timed_out = self.flow.last_end_reason == "timeout"
            return "goodbye.timed_out" if timed_out else "goodbye.title"
        return None  # the attract screen stays quiet

    def _stop_speech(self) -> None:
        if self._speech is not None:
            self._speech.stop()

    def _speak_screen(self, screen: Screen) -> None:
        prompt_id = self._screen_prompt(screen)
        if prompt_id is not None:
            self._speak(prompt_id)

    def _speak(self, prompt_id: str) -> None:
        """Speak a catalogue entry. Never personal data: only fixed prompts are spoken."""
        voice = self._settings.voice
        if not voice.enabled or self._speech is None or self._closed:
            return
        session = self.flow.session
        level = session.volume if session is not None else self._default_volume
        self._speech.say(
            Utterance(
                prompt_id=prompt_id,
                text=self._prompts.speech(prompt_id),
                rate=voice.rate,
                volume=VOLUME[level],
            )
        )
