"""The staff menu's controller: what to offer (kiosk.services.assisted.menu) → a frozen view →
the screen; a tap becomes `action_chosen(action)`, or `diagnostics_requested()` for the
technician's diagnostics (the composition root connects it to the diagnostics controller's
`open()`; its `closed` comes back through `StaffMode.diagnostics_closed`)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.prompts import PromptCatalogue
from kiosk.services.assisted.menu import MenuAction, MenuState, menu_actions
from kiosk.services.staff_access import Role
from ui.screens.staff_menu import StaffMenuScreen
from ui.staff.views import MenuButton, StaffMenuView

PROMPT_IDS = (
    "assisted.menu_title",
    "assisted.menu_title_technician",
    "assisted.menu_session",
    "assisted.menu_no_session",
    "assisted.menu_assisting",
    *(f"assisted.{a.value}" for a in MenuAction),
)


class StaffMenuController(QObject):
    action_chosen = Signal(str)  # a MenuAction value (not DIAGNOSTICS)
    diagnostics_requested = Signal()

    def __init__(
        self, screen: StaffMenuScreen, prompts: PromptCatalogue, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self.screen, self._prompts = screen, prompts
        self._view: StaffMenuView | None = None
        self._offered: tuple[MenuAction, ...] = ()
        screen.action_requested.connect(self.on_action)

    def show(self, role: Role, state: MenuState, message: str = "") -> StaffMenuView:
        t = self._prompts.text
        self._offered = menu_actions(role, state)
        if state.assisting:
            status = t("assisted.menu_assisting")
        else:
            status = t("assisted.menu_session" if state.in_session else "assisted.menu_no_session")
        title = (
            "assisted.menu_title_technician" if role is Role.TECHNICIAN else "assisted.menu_title"
        )
        self._view = StaffMenuView(
            title=t(title),
            status=status,
            message=message,
            buttons=tuple(MenuButton(a.value, t(f"assisted.{a.value}")) for a in self._offered),
        )
        self.screen.show_view(self._view)
        return self._view

    def view(self) -> StaffMenuView:
        assert self._view is not None
        return self._view

    @property
    def offered(self) -> tuple[MenuAction, ...]:
        return self._offered

    def on_action(self, action: str) -> None:
        try:
            chosen = MenuAction(action)
        except ValueError:
            return
        if chosen not in self._offered:
            return  # a stale tap on a button that is no longer offered
        if chosen is MenuAction.DIAGNOSTICS:
            self.diagnostics_requested.emit()
        else:
            self.action_chosen.emit(chosen.value)
