"""The session controller's door to staff mode (a mixin of
`ui.session_controller.SessionController`; issue 11): `attach_staff` builds the StaffMode, and
the few things it asks of the session — hide the citizen's screens while a staff screen covers
them (`staff_shown`), show them again as the flow has them (`show_citizen`), speech, the
address book, the procedures' names."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kiosk.flows.session import Screen, SessionFlow
from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from kiosk.services.staff_access import AuditSink, StaffAccess
    from ui.forms.address_picker import AddressBookLike
    from ui.identify_controller import IdentifyDevices
    from ui.procedure_controller import ProcedureController
    from ui.staff.mode import StaffMode


class StaffDoor:
    """Mixin: needs the controller's state and speech below."""

    _window: MainWindow
    _settings: Settings
    _prompts: PromptCatalogue
    _clock: Clock
    _closed: bool
    _procedure: ProcedureController | None
    _address_book: AddressBookLike | None
    _devices: IdentifyDevices
    _staff: StaffMode | None
    flow: SessionFlow

    if TYPE_CHECKING:

        def _render(self, screen: Screen) -> None: ...
        def _speak_screen(self, screen: Screen) -> None: ...
        def _stop_speech(self) -> None: ...
        def _speech_on(self, screen_id: str) -> Callable[..., None]: ...

    def attach_staff(
        self,
        access: StaffAccess,
        audit: AuditSink,
        outbox: Callable[[], Any],
        *,
        kiosk_id: str | None = None,
        recorder: bool = False,
        diagnostics: bool = True,
    ) -> StaffMode | None:
        """Issue 11's staff mode (kiosk/app.py, after the first paint): the corner gesture on
        this window and staff badge QRs open the PIN pad; `audit` records every staff action
        (on a worker); `outbox` is the Outbox once the store is open (else None). The returned
        `StaffMode` has `diagnostics_requested` / `diagnostics_closed()` and
        `recorder_requested` / `show_menu()` for the composition root to connect."""
        if self._staff is not None or self._closed:
            return self._staff
        from ui.staff.mode import StaffMode

        self._staff = StaffMode(
            self,  # type: ignore[arg-type]  # the SessionController this mixin is part of
            self._window, access, audit, outbox, self._prompts, self._clock,
            kiosk_id or self._settings.kiosk.id, recorder=recorder, diagnostics=diagnostics,
        )  # fmt: skip
        self._staff.install_gesture()
        self._staff.attach_qr(self._devices[1])
        return self._staff

    @property
    def staff(self) -> StaffMode | None:
        return self._staff

    @property
    def staff_shown(self) -> bool:
        """A staff screen covers the citizen's: the session's own screens wait underneath."""
        return self._staff is not None and self._staff.shown

    def show_citizen(self) -> None:
        """Staff left: the citizen's screen as the flow has it now, said again."""
        self._stop_speech()
        screen = self.flow.screen
        self._render(screen)
        self._speak_screen(screen)

    def stop_citizen_speech(self) -> None:
        self._stop_speech()

    def staff_speech(self, screen_id: str) -> Callable[..., None]:
        return self._speech_on(screen_id)

    @property
    def address_book(self) -> AddressBookLike | None:
        return self._address_book

    def procedure_names(self) -> dict[str, str]:
        """Procedure code (national, else own id) → name, for the staff's outbox rows."""
        if self._procedure is None:
            return {}
        names: dict[str, str] = {}
        for p in self._procedure.catalogue.all():
            names[p.id] = p.name
            if p.national_code:
                names[p.national_code] = p.name
        return names

    def _on_corrected(self, field_id: str) -> None:
        if self._staff is not None:
            self._staff.corrected(field_id)
