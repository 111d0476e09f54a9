"""The session controller's views (a mixin of `ui.session_controller.SessionController`).

Builds the view models of the screens the session flow owns (attract, welcome, warning,
goodbye) and of the header and navigation bar, and hands them to `MainWindow.navigate()`; the
identify, procedure and tracking steps build their own views.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.flows.session import Screen, SessionFlow
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.main_window import MainWindow
from ui.session_speech import VOLUME
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
    from PySide6.QtWidgets import QPushButton

    from ui.identify_controller import IdentifyController
    from ui.procedure_controller import ProcedureController
    from ui.tracking_controller import TrackingController


class SessionViews:
    """Mixin: needs the controller's state below (set in `SessionController.__init__`)."""

    _window: MainWindow
    _settings: Settings
    _prompts: PromptCatalogue
    _procedure: ProcedureController | None
    _tracking: TrackingController | None
    _doors: tuple[QPushButton, QPushButton] | None
    _practice_shown: bool
    flow: SessionFlow

    if TYPE_CHECKING:

        def identify_step(self) -> IdentifyController: ...
        @property
        def _default_volume(self) -> int: ...
        @property
        def staff_shown(self) -> bool: ...

    def _render(self, screen: Screen) -> None:
        if self.staff_shown:
            return  # staff screens cover the citizen's; leaving them renders this again
        if screen is Screen.PROCEDURE and self._procedure is not None:
            screen_id, view = self._procedure.view()
        elif screen is Screen.TRACKING and self._tracking is not None:
            screen_id, view = "tracking", self._tracking.view()
        else:
            screen_id, view = screen.value, self._view(screen)
        if self._doors is not None and screen is Screen.ATTRACT:
            track, practice = self._doors
            track.setText(self._prompts.text("tracking.attract_button"))
            practice.setText(self._prompts.text("submit.practice_button"))
        session = self.flow.session
        banner = ""
        if session is not None and session.assisted:
            banner = self._prompts.text("assisted.banner")  # staff help: on every screen
        elif self._practice_shown:
            banner = self._prompts.text("practice.banner")
        self._window.set_banner(banner)
        self._window.navigate(
            screen_id,
            view,
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
                volume_down_label=t("voice.volume_down"),
                volume_up_label=t("voice.volume_up"),
                volume_max_level=max(VOLUME),
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
            take_card=t(self._goodbye_prompt() or "goodbye.take_card"),
            timed_out=t("goodbye.timed_out") if timed_out else "",
        )

    def _goodbye_prompt(self) -> str | None:
        """With issue 9's steps the goodbye says what happened: a receipt is mentioned only
        when the printer confirmed one (None: the older wording, without those steps)."""
        after = self._procedure.after if self._procedure is not None else None
        if after is None:
            return None
        return "submit.goodbye_receipt" if after.printed else "submit.goodbye_card"

    def _header_view(self, event_screen: Screen) -> HeaderView:
        session = self.flow.session
        identity = session.identity if session is not None else None
        greeting = ""
        if identity is not None:
            greeting = self._prompts.text("session.greeting", name=identity.full_name)
        elif event_screen is Screen.TRACKING:
            greeting = self._prompts.text("tracking.title")  # where the citizen is
        return HeaderView(
            ward=self._prompts.text("attract.ward", ward=self._settings.kiosk.ward),
            greeting=greeting,
            visible=event_screen is not Screen.ATTRACT,
        )

    def _nav_view(self, screen: Screen) -> NavView:
        t = self._prompts.text
        in_session = screen in (Screen.WELCOME, Screen.IDENTIFY, Screen.PROCEDURE)
        return NavView(
            back=t("nav.back"),
            start_over=t("nav.start_over"),
            replay=t("nav.replay"),
            visible=screen is not Screen.ATTRACT,  # the warning keeps "Nghe lại" only
            show_back=in_session and self.flow.can_go_back,
            show_start_over=in_session,
            show_replay=True,
        )
