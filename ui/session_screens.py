"""Connecting each screen's signals to the session controller (a mixin of
`ui.session_controller.SessionController`).

Screens are built lazily (`MainWindow.screen_built`), so each one is wired when it appears; the
steps attached later (procedures, papers, receipt) wire the screens already built themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.main_window import MainWindow

if TYPE_CHECKING:
    from kiosk.prompts import PromptCatalogue
    from ui.forms.address_picker import AddressBookLike
    from ui.identify_controller import IdentifyController
    from ui.procedure_controller import ProcedureController

PROCEDURE_SCREENS = frozenset(
    {"choose", "checklist", "question", "review", "consent", "procedure_step"}
)


class SessionScreens:
    """Mixin: needs the controller's state and intents below."""

    _window: MainWindow
    _prompts: PromptCatalogue
    _procedure: ProcedureController | None
    _address_book: AddressBookLike | None
    _papers_screens: list[object]

    if TYPE_CHECKING:

        def identify_step(self) -> IdentifyController: ...
        def on_touched(self) -> None: ...
        def on_back(self) -> None: ...
        def on_replay(self) -> None: ...
        def on_start_over(self) -> None: ...
        def on_start(self) -> None: ...
        def on_big_text_toggle(self) -> None: ...
        def on_volume_change(self) -> None: ...
        def on_volume_step(self, step: int) -> None: ...
        def on_extend(self) -> None: ...

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
            welcome.volume_step_requested.connect(self.on_volume_step)
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
        elif screen_id == "papers" and self._procedure is not None:
            papers = self._procedure.papers
            screen = w.screen_widget("papers")
            if papers is not None and screen not in self._papers_screens:
                from ui.screens.papers import PapersScreen

                assert isinstance(screen, PapersScreen)
                self._papers_screens.append(screen)
                papers.attach_screen(screen)
        elif screen_id == "receipt" and self._procedure is not None:
            after = self._procedure.after
            if after is not None:
                from ui.screens.receipt import ReceiptScreen

                screen = w.screen_widget("receipt")
                assert isinstance(screen, ReceiptScreen)
                screen.taken_requested.connect(after.receipt.on_taken)
                screen.done_requested.connect(after.receipt.on_done)
                screen.staff_requested.connect(after.receipt.on_ask_staff)
        elif screen_id in PROCEDURE_SCREENS and self._procedure is not None:
            from ui.procedure_screens import connect_procedure_screen

            connect_procedure_screen(
                w.screen_widget(screen_id), self._procedure, self._prompts, self._address_book
            )
