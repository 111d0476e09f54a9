"""The staff's tasks once in (a mixin of `ui.staff.mode.StaffMode`): assisted mode (take over →
banner and longer timeouts → resume; a session end while assisting), the identity entered by
hand, a reprint of this session's receipt, the outbox. Each is audited through `_audit`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject

from kiosk.domain.identity import CitizenIdentity
from kiosk.flows.procedure_model import Step
from kiosk.flows.session import Screen
from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from ui.main_window import MainWindow
from ui.staff.views import StaffMenuView

if TYPE_CHECKING:
    from ui.session_controller import SessionController
    from ui.staff.identity import ManualIdentityController
    from ui.staff.outbox import OutboxController

log = logging.getLogger(__name__)


class StaffTasks:
    """Mixin: needs the staff mode's state and helpers below."""

    _controller: SessionController
    _window: MainWindow
    _prompts: PromptCatalogue
    _clock: Clock
    _outbox: Callable[[], Any]
    _identity: ManualIdentityController | None
    _outbox_view: OutboxController | None
    _snapshot: bytes | None
    _assisted_session: uuid.UUID | None
    assisting: bool
    shown: bool

    if TYPE_CHECKING:

        def _audit(self, action: str, session_id: uuid.UUID | None = None, **ids: str) -> None: ...
        def _show(self, screen_id: str, view: object) -> None: ...
        def show_menu(self, message: str = "") -> StaffMenuView | None: ...
        def leave(self) -> None: ...
        def refresh(self) -> None: ...

    # ---- assisted mode ---------------------------------------------------------------------

    def take_over(self) -> bool:
        flow = self._controller.flow
        session = flow.session
        if session is None or self.assisting:
            return False
        step = self._controller.procedure_step
        self._snapshot = step.flow.to_json() if step is not None else None
        flow.set_assisted(True)
        self.assisting = True
        self._assisted_session = session.id
        self._audit("takeover")
        return True

    def resume(self) -> bool:
        """Banner off, normal timeouts; the citizen's answers, identity and step as they are.
        Should the steps have lost their state while staff helped (nothing known does that),
        the snapshot taken at takeover brings the citizen's answers back."""
        flow = self._controller.flow
        if not self.assisting or flow.session is None:
            return False
        step = self._controller.procedure_step
        on_procedure = Screen.PROCEDURE in (flow.screen, flow.interrupted)
        if step is not None and self._snapshot and on_procedure and step.flow.step is Step.IDLE:
            log.warning("staff: the procedure state was lost while assisting: restored")
            step.flow.resume(self._snapshot, flow.session.identity)
        flow.set_assisted(False)
        self._audit("resume")
        self.assisting, self._snapshot, self._assisted_session = False, None, None
        return True

    def session_ended(self) -> None:
        """The session ended (timeout, start over, done): everything of it is gone already;
        assisted mode ends with it (recorded), the next citizen starts without a banner."""
        if self.assisting:
            self._audit("session_end", session_id=self._assisted_session)
        self.assisting, self._snapshot, self._assisted_session = False, None, None
        if self._identity is not None:
            self._identity.wipe()
        if self.shown:
            self.refresh()  # the window's wipe blanked every screen, the staff's too

    def corrected(self, field_id: str) -> None:
        """A review row answered again while staff assist (the field id, never the value)."""
        if self.assisting:
            self._audit("correct_field", field=field_id)

    # ---- hand-entered identity -------------------------------------------------------------

    def open_manual_identity(self) -> None:
        ident = self._identity_controller()
        self.take_over()
        view = ident.start(self._clock.now().date())
        self._show("staff_identity", view)

    def _identity_controller(self) -> ManualIdentityController:
        if self._identity is None:
            from ui.screens.staff_identity import StaffIdentityScreen
            from ui.staff.identity import ManualIdentityController

            screen = self._window.screen_widget("staff_identity")
            assert isinstance(screen, StaffIdentityScreen)
            book = self._controller.address_book
            if book is not None:
                screen.set_address_book(book)
            self._identity = ManualIdentityController(
                screen,
                self._prompts,
                self._clock.now().date(),
                book is not None,
                cast(QObject, self),
            )
            self._identity.finished.connect(self._on_identity)
            self._identity.cancelled.connect(self.show_menu)
        return self._identity

    def _on_identity(self, identity: object) -> None:
        assert isinstance(identity, CitizenIdentity)
        flow = self._controller.flow
        if flow.session is None or flow.screen is not Screen.IDENTIFY:
            self.show_menu()
            return
        self._controller.identify(identity)
        self._audit("manual_identity")
        flow.open_procedure()  # the flow continues: the procedures to choose from
        self.leave()

    # ---- reprint, outbox -------------------------------------------------------------------

    def _after(self) -> Any:
        step = self._controller.procedure_step
        return step.after if step is not None else None

    def reprint(self) -> str:
        after = self._after()
        if after is None or after.last_receipt is None:
            return ""
        session = self._controller.flow.session
        large = session is not None and session.big_text
        after.receipt.print_receipt(after.last_receipt, large=large)
        self._audit("reprint")
        return self._prompts.text("assisted.reprinting")

    def open_outbox(self) -> None:
        view_of = self._outbox_controller()
        self._show("staff_outbox", view_of.open())

    def _outbox_controller(self) -> OutboxController:
        if self._outbox_view is None:
            from ui.screens.staff_outbox import StaffOutboxScreen
            from ui.staff.outbox import OutboxController

            screen = self._window.screen_widget("staff_outbox")
            assert isinstance(screen, StaffOutboxScreen)
            names = self._controller.procedure_names()
            self._outbox_view = OutboxController(
                screen, self._outbox, self._prompts, self._clock, names, cast(QObject, self)
            )
            self._outbox_view.retried.connect(self._on_retried)
            self._outbox_view.closed.connect(self.show_menu)
        return self._outbox_view

    def _on_retried(self, local_id: str) -> None:
        self._audit("outbox_retry", dossier=local_id)
