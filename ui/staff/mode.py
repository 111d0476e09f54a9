"""Staff mode in the running kiosk (issue 11): the way in (hidden corner gesture, or a staff badge
QR, then the PIN), the staff menu, assisted mode (take over → banner and longer timeouts →
resume), the identity entered by hand, a reprint, the outbox, and the audit of each.

The session controller builds this (`SessionController.attach_staff`) and hides its own screens
while a staff screen is up (`shown`): the citizen's flow keeps its state underneath, and leaving
re-renders exactly the screen the citizen was on. Audit records are written on a worker. The
tasks behind the menu's buttons (assisted mode, hand-entered identity, reprint, outbox) are in
`ui.staff.tasks`.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.flows.session import Screen
from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from kiosk.services.assisted.audit import StaffActor, StaffAudit, StaffRecord, write
from kiosk.services.assisted.menu import MenuAction, MenuState
from kiosk.services.staff_access import AuditSink, Role, StaffAccess, parse_badge
from ui.identify_jobs import Inbox
from ui.main_window import MainWindow
from ui.staff.tasks import StaffTasks
from ui.staff.views import StaffMenuView
from ui.view_models import HeaderView, NavView
from ui.workers import DeviceWorker

if TYPE_CHECKING:
    from kiosk.ports.qr_source import QrSource
    from ui.session_controller import SessionController
    from ui.staff.identity import ManualIdentityController
    from ui.staff.menu import StaffMenuController
    from ui.staff.outbox import OutboxController
    from ui.staff_gesture import StaffGestureFilter
    from ui.staff_pin_controller import StaffPinController

log = logging.getLogger(__name__)

PROMPT_IDS = (
    "assisted.banner",
    "assisted.reprinting",
    "assisted.resumed",
)


class _Write:
    def __init__(self, sink: AuditSink, record: StaffRecord) -> None:
        self._sink, self._record = sink, record

    def __call__(self) -> None:
        write(self._sink, self._record)


class StaffMode(StaffTasks, QObject):
    diagnostics_requested = Signal()  # the technician's "Chẩn đoán thiết bị"
    recorder_requested = Signal()  # "Ghi âm lời nhắc" (when `open_recorder` was given)
    _badge_text = Signal(str)  # a QR from the scanner's thread, queued to the GUI thread

    def __init__(
        self,
        controller: SessionController,
        window: MainWindow,
        access: StaffAccess,
        audit: AuditSink,
        outbox: Callable[[], Any],
        prompts: PromptCatalogue,
        clock: Clock,
        kiosk_id: str,
        *,
        recorder: bool = False,
        diagnostics: bool = True,
    ) -> None:
        super().__init__(controller)
        prompts.require(PROMPT_IDS)
        self._controller, self._window, self._access = controller, window, access
        self._sink, self._outbox, self._prompts, self._clock = audit, outbox, prompts, clock
        self._records = StaffAudit(clock, kiosk_id)
        self._recorder, self._diagnostics = recorder, diagnostics
        self._audit_worker = DeviceWorker("staff_audit", self)
        self._audit_worker.failed.connect(self._on_audit_failed)
        self.actor: StaffActor | None = None
        self.shown = False  # a staff screen covers the citizen's
        self.assisting = False
        self._snapshot: bytes | None = None  # the procedure flow's state at takeover
        self._assisted_session: uuid.UUID | None = None
        self._pin: StaffPinController | None = None
        self._menu: StaffMenuController | None = None
        self._identity: ManualIdentityController | None = None
        self._outbox_view: OutboxController | None = None
        self._inbox: Inbox | None = None
        self._badge_text.connect(self.on_badge)
        self.gesture: StaffGestureFilter | None = None
        self._badge: str | None = None  # the badge that opened the pad (None: the gesture)
        self._last: StaffActor | None = None  # who acted last: a session end while away
        self._closed = False

    # ---- the way in ------------------------------------------------------------------------

    def install_gesture(self) -> None:
        from ui.staff_gesture import StaffGestureFilter

        if self.gesture is None:
            self.gesture = StaffGestureFilter(
                self._window, self._clock, self._window.theme.px_per_mm, parent=self
            )
            self.gesture.triggered.connect(self.on_gesture)
            self.gesture.install()

    def attach_qr(self, qr: QrSource | None) -> None:
        if qr is None or self._inbox is not None:
            return
        self._inbox = Inbox(lambda _event: None, self._badge_text.emit)
        qr.subscribe(self._inbox.on_qr_scan)

    def on_gesture(self) -> None:
        if not self.shown:
            self.open_pin(None, None)

    def on_badge(self, text: str) -> None:
        """Any scanned QR comes here; only a staff badge opens the pad (for its role)."""
        badge = parse_badge(text)
        if badge is None or self._closed:
            return
        if self.shown and self._window.current_screen_id != "staff_pin":
            return  # staff are already in: a badge mid-task changes nothing
        self.open_pin(badge.role, badge.badge_id)

    def open_pin(self, role: Role | None, badge_id: str | None) -> None:
        pin = self._pin_controller()
        self._cover()
        self._badge = badge_id
        pin.start(role, badge_id)
        self._show("staff_pin", pin.view())

    def _pin_controller(self) -> StaffPinController:
        if self._pin is None:
            from ui.screens.staff_pin import StaffPinScreen
            from ui.staff_pin_controller import StaffPinController

            screen = self._window.screen_widget("staff_pin")
            assert isinstance(screen, StaffPinScreen)
            self._pin = StaffPinController(
                screen, self._access, self._prompts, self._controller.staff_speech("staff_pin"),
                self,
            )  # fmt: skip
            self._pin.granted.connect(self._on_granted)
            self._pin.cancelled.connect(self.leave)
        return self._pin

    def _on_granted(self, role: str) -> None:
        self.actor = StaffActor(Role(role), self._badge)
        self._audit("enter")
        self.show_menu()

    # ---- the menu --------------------------------------------------------------------------

    def menu_state(self) -> MenuState:
        flow = self._controller.flow
        session = flow.session
        screen = flow.interrupted or flow.screen
        after = self._after()
        return MenuState(
            in_session=session is not None and screen not in (Screen.GOODBYE, Screen.ATTRACT),
            on_identify=session is not None and screen is Screen.IDENTIFY
            and session.identity is None,
            has_receipt=after is not None and after.last_receipt is not None,
            assisting=self.assisting,
            recorder=self._recorder,
            diagnostics=self._diagnostics,
        )  # fmt: skip

    def show_menu(self, message: str = "") -> StaffMenuView | None:
        if self.actor is None or self._closed:
            return None
        menu = self._menu_controller()
        self._cover()
        view = menu.show(self.actor.role, self.menu_state(), message)
        self._show("staff_menu", view)
        return view

    def show_tool(self, screen_id: str, view: object) -> None:
        """A staff tool's screen (the recorder, diagnostics) under staff mode: no citizen header,
        no citizen speech, the gesture off until the tool gives the menu back."""
        if self.actor is None or self._closed:
            return
        self._cover()
        self._show(screen_id, view)

    def _menu_controller(self) -> StaffMenuController:
        if self._menu is None:
            from ui.screens.staff_menu import StaffMenuScreen
            from ui.staff.menu import StaffMenuController

            screen = self._window.screen_widget("staff_menu")
            assert isinstance(screen, StaffMenuScreen)
            self._menu = StaffMenuController(screen, self._prompts, self)
            self._menu.action_chosen.connect(self.on_action)
            self._menu.diagnostics_requested.connect(self.diagnostics_requested)
        return self._menu

    def on_action(self, action: str) -> None:
        chosen = MenuAction(action)
        if chosen is MenuAction.TAKE_OVER:
            self.take_over()
            self.leave()
        elif chosen is MenuAction.RESUME:
            self.resume()
            self.leave()
        elif chosen is MenuAction.MANUAL_IDENTITY:
            self.open_manual_identity()
        elif chosen is MenuAction.REPRINT:
            self.show_menu(self.reprint())
        elif chosen is MenuAction.OUTBOX:
            self.open_outbox()
        elif chosen is MenuAction.RECORDER:
            self.recorder_requested.emit()
        elif chosen is MenuAction.EXIT:
            self._audit("exit")
            self.leave()

    def refresh(self) -> None:
        """Show the staff screen on the glass again (after the session's wipe blanked it); a
        citizen's identity being entered is gone with that citizen: back to the menu."""
        current = self._window.current_screen_id
        if current == "staff_pin" and self._pin is not None:
            self._show("staff_pin", self._pin.view())
        elif current == "staff_outbox" and self._outbox_view is not None:
            self._outbox_view.render()
        elif current in ("staff_menu", "staff_identity"):
            self.show_menu()

    def diagnostics_closed(self) -> None:
        """The diagnostics controller's `closed`: back to the menu."""
        self.show_menu()

    def leave(self) -> None:
        """Back to exactly where the citizen was (the flow never left it)."""
        self.actor = None
        self._badge = None
        self.shown = False
        if self.gesture is not None:
            self.gesture.enabled = True
        self._controller.show_citizen()

    # ---- inside ----------------------------------------------------------------------------

    def _cover(self) -> None:
        self.shown = True
        if self.gesture is not None:
            self.gesture.enabled = False

    def _show(self, screen_id: str, view: object) -> None:
        t = self._prompts.text
        self._controller.stop_citizen_speech()
        self._window.navigate(
            screen_id,
            view,
            header=HeaderView(ward="", greeting="", visible=False),  # no citizen name up there
            nav=NavView(back="", start_over="", replay=t("nav.replay"), visible=False,
                        show_back=False, show_start_over=False, show_replay=False),
        )  # fmt: skip

    def _audit(self, action: str, session_id: uuid.UUID | None = None, **ids: str) -> None:
        actor = self.actor or self._last
        if actor is None:
            return
        self._last = actor
        session = self._controller.flow.session
        sid = session_id or (session.id if session is not None else None)
        record = self._records.record(actor, action, sid, **ids)
        self._audit_worker.submit(f"audit {action}", _Write(self._sink, record))

    def _on_audit_failed(self, job: str, detail: str) -> None:
        log.error("staff audit: %s not written: %s", job, detail)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._inbox is not None:
            self._inbox.close()
        if self.gesture is not None:
            self.gesture.uninstall()
        for part in (self._pin, self._outbox_view):
            if part is not None:
                part.close()
        if self._identity is not None:
            self._identity.wipe()
        self._audit_worker.close(drop_queued=False)  # every staff action is written
