"""The session controller's speech path (a mixin of `ui.session_controller.SessionController`).

What each screen says, the volume levels, and the guard's inputs: this session's personal
values and private mode (a headset plugged in). Every prompt goes through `_speak`, looked up on
the controller at call time, so a test that replaces `controller._speak` hears everything.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, QTimer

from kiosk.flows.session import Screen, SessionFlow
from kiosk.ports.speaker import HeadsetDetector, Speaker, Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from kiosk.services.speech_text.privacy import PersonalValues
    from ui.identify_controller import IdentifyController
    from ui.procedure_controller import ProcedureController
    from ui.tracking_controller import TrackingController
    from ui.workers import SpeechChannel

log = logging.getLogger("ui.session_controller")  # one logger for the whole controller

VOLUME = {0: 0.45, 1: 0.7, 2: 1.0}  # volume level → Utterance.volume (0..1)


class SessionSpeech:
    """Mixin: needs the controller's state below (set in `SessionController.__init__`)."""

    _window: MainWindow
    _settings: Settings
    _prompts: PromptCatalogue
    _speaker: Speaker | None
    _speech: SpeechChannel | None
    _timer: QTimer
    _closed: bool
    _practice_shown: bool
    _procedure: ProcedureController | None
    _tracking: TrackingController | None
    flow: SessionFlow

    if TYPE_CHECKING:

        def identify_step(self) -> IdentifyController: ...
        def _goodbye_prompt(self) -> str | None: ...
        @property
        def staff_shown(self) -> bool: ...

    def attach_speaker(self, speaker: Speaker, headset: HeadsetDetector | None = None) -> None:
        """Give the controller its speaker once the ports exist (kiosk/app.py builds them after
        the first paint, to keep their imports off the way to the attract screen). `headset`:
        how to tell a plugged-in headset (private mode); None = always the loudspeaker."""
        self._speaker = speaker
        self._headset = headset
        if self._timer.isActive():
            self._open_speech()

    def _open_speech(self) -> None:
        if self._speech is not None or self._speaker is None or self._closed:
            return
        from ui.workers import SpeechChannel

        self._speech = SpeechChannel(self._speaker, cast(QObject, self))  # the controller
        self._speech.failed.connect(self._on_speech_failed)

    def _on_speech_failed(self, prompt_id: str, detail: str) -> None:
        log.warning("speech %s failed: %s", prompt_id, detail)

    def _speech_on(self, screen_id: str) -> Callable[..., None]:
        """How the receipt, rating and tracking controllers speak: after the event that made
        them speak (their view is drawn by then, so what is said is on the glass), and only if
        their screen is still shown (a screen change cuts speech anyway)."""

        def say(prompt_id: str, /, **values: object) -> None:
            def later() -> None:
                if not self._closed and self._window.current_screen_id == screen_id:
                    self._speak(prompt_id, **values)  # late-bound: tests wrap `_speak`

            QTimer.singleShot(0, cast(QObject, self), later)  # dropped if it is gone

        return say

    def _on_papers_spoken(self, prompt_id: str, text: str) -> None:
        """The papers step words its own prompts (paper names, page numbers): say that text,
        through the same channel, volume and privacy guard as every other prompt."""
        voice = self._settings.voice
        if not voice.enabled or self._speech is None or self._closed:
            return
        if self.flow.screen is not Screen.PROCEDURE:
            return
        session = self.flow.session
        level = session.volume if session is not None else self._default_volume
        self._speech.privacy.set_personal_values(self._personal_values())
        self._speech.privacy.set_private_mode(self._private_mode)
        self._speech.stop()
        self._speech.say(Utterance(prompt_id, text, rate=voice.rate, volume=VOLUME[level]))

    def _personal_values(self) -> PersonalValues:
        """What the privacy guard must keep off the loudspeaker in this session."""
        from kiosk.services.speech_text.privacy import personal_values_of  # off the startup path

        session = self.flow.session
        identity = session.identity if session is not None else None
        if identity is None:
            return personal_values_of()
        return personal_values_of(
            id_numbers=[identity.id_number, identity.old_id_number],
            names=[identity.full_name],
            addresses=[identity.address, identity.place_of_origin],
            birth_dates=[identity.birth_date],
        )

    def _private_mode(self) -> bool:
        """On the speech thread, per utterance: True only while a headset is plugged in."""
        headset = getattr(self, "_headset", None)
        return headset is not None and headset.headset_connected() is True

    def on_volume_step(self, step: int) -> None:
        """The welcome screen's big "−" / "+": one level down or up; at the end, say it."""
        session = self.flow.session
        if session is None:
            return
        level = max(0, min(len(VOLUME) - 1, session.volume + step))
        if level == session.volume:
            self._speak(f"welcome.volume_{level}")  # already the quietest/loudest: say so
        else:
            self.flow.set_volume(level)

    @property
    def _default_volume(self) -> int:
        return self._settings.voice.default_volume

    def _screen_prompt(self, screen: Screen) -> str | None:
        if screen is Screen.WELCOME:
            return "welcome.instruction"
        if screen is Screen.IDENTIFY:
            return self.identify_step().prompt_id()
        if screen is Screen.PROCEDURE:
            return self._procedure.prompt_id() if self._procedure is not None else None
        if screen is Screen.WARNING:
            return "timeout.warning_speech" if self.flow.can_extend else "timeout.final_speech"
        if screen is Screen.TRACKING and self._tracking is not None:  # only on "Nghe lại":
            result = self._tracking.result  # the tracking controller speaks its own changes
            return result.prompt_id if result is not None else "tracking.scan"
        if screen is Screen.GOODBYE:
            timed_out = self.flow.last_end_reason == "timeout"
            if timed_out:
                return "goodbye.timed_out"
            return self._goodbye_prompt() or "goodbye.title"
        return None  # the attract screen stays quiet

    def _stop_speech(self) -> None:
        if self._speech is not None:
            self._speech.stop()

    def _speak_screen(self, screen: Screen) -> None:
        if self.staff_shown:
            return  # a staff screen covers the citizen's: its screen is said when staff leave
        if screen is Screen.WELCOME and self._practice_shown:
            self._speak("practice.banner")  # said once more on "Nghe lại": it matters
        prompt_id = self._screen_prompt(screen)
        if prompt_id is not None:
            self._speak(prompt_id)

    def _speak(self, prompt_id: str, **values: object) -> None:
        """Speak a catalogue entry (placeholders filled from `values`). The channel's privacy
        guard refuses it if it carries this session's personal data and no headset is on."""
        voice = self._settings.voice
        if not voice.enabled or self._speech is None or self._closed:
            return
        session = self.flow.session
        level = session.volume if session is not None else self._default_volume
        self._speech.privacy.set_personal_values(self._personal_values())
        self._speech.privacy.set_private_mode(self._private_mode)
        self._speech.say(
            Utterance(
                prompt_id=prompt_id,
                text=self._prompts.speech(prompt_id, **values),
                rate=voice.rate,
                volume=VOLUME[level],
            )
        )
