"""The kiosk window: header, one screen stack, the persistent navigation bar.

Only the attract screen is built before the first paint; the rest (screens and bars) are built one
per zero-timer after `first_painted`, or on first navigation, whichever comes first (startup is
measured to the first painted attract screen, see bench/startup.py). `navigate()` is the only way
screens change.

Startup note: nothing on the path to the first paint imports `PySide6.QtCore.Qt` (creating the Qt
namespace's ~100 Python enums costs ~20 ms); label alignment, text format and focus policy come
from the stylesheet (`qproperty-*`), and modules that need `Qt` are imported after the paint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.settings.schema import Panel
from ui.screens.attract import AttractScreen
from ui.theme import Theme, apply_theme
from ui.view_models import HeaderView, NavView, ScreenView
from ui.widgets import ScreenBase

if TYPE_CHECKING:
    from ui.bars import HeaderBar, NavBar
    from ui.session_controller import SessionController

# screen id → (module, class); imported on first use so startup imports only the attract screen
LAZY_SCREENS: dict[str, tuple[str, str]] = {
    "welcome": ("ui.screens.welcome", "WelcomeScreen"),
    "identify": ("ui.screens.identify", "IdentifyScreen"),
    "warning": ("ui.screens.warning", "WarningScreen"),
    "goodbye": ("ui.screens.goodbye", "GoodbyeScreen"),
    "choose": ("ui.screens.choose", "ChooseScreen"),
    "checklist": ("ui.screens.checklist", "ChecklistScreen"),
    "question": ("ui.forms.question_screen", "QuestionScreen"),
    "review": ("ui.screens.review", "ReviewScreen"),
    "consent": ("ui.screens.consent", "ConsentScreen"),
    "procedure_step": ("ui.screens.procedure_placeholder", "ProcedureStepScreen"),
    "papers": ("ui.screens.papers", "PapersScreen"),  # issue 6's step
    "receipt": ("ui.screens.receipt", "ReceiptScreen"),  # issue 9 (7's screen)
    "rating": ("ui.screens.rating", "RatingScreen"),
    "tracking": ("ui.screens.tracking", "TrackingScreen"),
}

# Staff and technician screens: never built for a citizen (not after the first paint either),
# only when staff mode asks for them; not part of the citizen prompt walk (tests/ui/staff has its
# own). Each owner adds its own ids here.
STAFF_SCREENS: dict[str, tuple[str, str]] = {
    "staff_pin": ("ui.screens.staff_pin", "StaffPinScreen"),
    "recorder": ("ui.screens.recorder", "RecorderScreen"),
    "diag_home": ("ui.screens.diag_home", "DiagHomeScreen"),
    "diag_touch": ("ui.screens.diag_touch", "DiagTouchScreen"),
    "diag_cleaning": ("ui.screens.diag_cleaning", "DiagCleaningScreen"),
    "staff_menu": ("ui.screens.staff_menu", "StaffMenuScreen"),
    "staff_identity": ("ui.screens.staff_identity", "StaffIdentityScreen"),
    "staff_outbox": ("ui.screens.staff_outbox", "StaffOutboxScreen"),
}


class MainWindow(QWidget):
    first_painted = Signal()  # once, right after the attract screen was first painted
    screen_built = Signal(str)  # a lazily built screen exists now: connect its intents

    def __init__(self, panel: Panel, family: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.controller: SessionController | None = None  # set by ui.shell
        self._panel = panel
        self._family = family
        self._themes: dict[bool, Theme] = {False: Theme.for_panel(panel, family, False)}
        self._theme = self._themes[False]
        self._screens: dict[str, ScreenBase] = {}
        self._pending = list(LAZY_SCREENS)
        self._first_painted = False
        self._header: HeaderBar | None = None
        self._nav: NavBar | None = None
        self._header_view: HeaderView | None = None
        self._nav_view: NavView | None = None
        self._hide_cursor = False
        self._banner: QLabel | None = None  # practice mode's banner, made on first use

        self.setStyleSheet(self._theme.stylesheet())
        self._root = root = QVBoxLayout(self)
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # kiosk: no min size
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self._stack = QStackedWidget(self)
        self._stack.setObjectName("ScreenStack")
        root.addWidget(self._stack, 1)

        self.attract = AttractScreen()
        self.attract.painted.connect(self._on_attract_painted)
        self._add_screen(self.attract)

    # ---- the one navigation API ------------------------------------------------------------

    def navigate(
        self,
        screen_id: str,
        view: ScreenView,
        *,
        header: HeaderView | None = None,
        nav: NavView | None = None,
    ) -> ScreenBase:
        """Show `screen_id` with `view` (or re-render it if already shown), with the bars."""
        screen = self.screen_widget(screen_id)
        screen.show_view(view)
        if header is not None:
            self.set_header(header)
        if nav is not None:
            self.set_nav(nav)
        if self._stack.currentWidget() is not screen:
            self._stack.setCurrentWidget(screen)
        return screen

    def screen_widget(self, screen_id: str) -> ScreenBase:
        """The screen widget, built now if it was not yet."""
        screen = self._screens.get(screen_id)
        if screen is None:
            module_name, class_name = LAZY_SCREENS.get(screen_id) or STAFF_SCREENS[screen_id]
            cls: type[ScreenBase] = getattr(importlib.import_module(module_name), class_name)
            screen = cls()
            self._add_screen(screen)
        return screen

    @property
    def current_screen_id(self) -> str:
        current = self._stack.currentWidget()
        return current.screen_id if isinstance(current, ScreenBase) else ""

    def built_screens(self) -> dict[str, ScreenBase]:
        return dict(self._screens)

    # ---- bars ------------------------------------------------------------------------------

    def set_header(self, view: HeaderView) -> None:
        self._header_view = view
        if view.visible or self._header is not None:
            self.header_bar().show_view(view)

    def set_nav(self, view: NavView) -> None:
        self._nav_view = view
        if view.visible or self._nav is not None:
            self.nav_bar().show_view(view)

    def set_banner(self, text: str) -> None:
        """Practice mode's banner above every screen ("" hides it)."""
        if not text and self._banner is None:
            return
        if self._banner is None:
            from ui.widgets import text_label

            self._banner = text_label("PracticeBanner", "header")
            self._apply_banner()
            index = 1 if self._header is not None else 0
            self._root.insertWidget(index, self._banner)
        self._banner.setText(text)
        self._banner.setVisible(bool(text))

    def _apply_banner(self) -> None:
        if self._banner is None:
            return
        t = self._theme
        apply_theme(self._banner, t)
        self._banner.setStyleSheet(
            f"QLabel#PracticeBanner {{ background: {t.colours.warning_bg}; color: "
            f"{t.colours.text}; border-bottom: {2 * t.border_px}px solid {t.colours.text}; "
            f"padding: {t.gap_px}px; }}"
        )

    def header_bar(self) -> HeaderBar:
        if self._header is None:
            from ui.bars import HeaderBar

            self._header = HeaderBar(self)
            self._header.setVisible(False)
            self._apply(self._header)
            self._root.insertWidget(0, self._header)
        return self._header

    def nav_bar(self) -> NavBar:
        if self._nav is None:
            from ui.bars import NavBar

            self._nav = NavBar(self)
            self._nav.setVisible(False)
            self._apply(self._nav)
            self._root.addWidget(self._nav)
            self.screen_built.emit("nav")
        return self._nav

    # ---- theme, wipe, show -----------------------------------------------------------------

    @property
    def theme(self) -> Theme:
        return self._theme

    def set_big_text(self, on: bool) -> None:
        if on == self._theme.big_text:
            return
        if on not in self._themes:
            self._themes[on] = Theme.for_panel(self._panel, self._family, on)
        self._theme = self._themes[on]
        for widget in [*self._screens.values(), self._header, self._nav]:
            if widget is not None:
                self._apply(widget)
        self._apply_banner()

    def wipe(self) -> None:
        """Session end: every screen and the header forget everything they showed."""
        for screen in self._screens.values():
            screen.reset()
        if self._header is not None:
            self._header.reset()
        self._header_view = None

    def show_kiosk(self, fullscreen: bool = True) -> None:
        """Fullscreen on the kiosk; a panel-sized window for development (`--windowed`)."""
        if fullscreen:
            self._hide_cursor = True  # after the first paint: keeps `Qt` off the startup path
            self.showFullScreen()
        else:
            self.resize(self._panel.width_px, self._panel.height_px)
            self.show()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.controller is not None:
            self.controller.close()
        super().closeEvent(event)

    # ---- internals -------------------------------------------------------------------------

    def _add_screen(self, screen: ScreenBase) -> None:
        self._apply(screen)
        self._stack.addWidget(screen)
        self._screens[screen.screen_id] = screen
        if screen.screen_id in self._pending:
            self._pending.remove(screen.screen_id)
        self.screen_built.emit(screen.screen_id)

    def _apply(self, widget: ScreenBase | HeaderBar | NavBar) -> None:
        apply_theme(widget, self._theme)
        widget.apply(self._theme)

    def _on_attract_painted(self) -> None:
        if not self._first_painted:
            self._first_painted = True
            QTimer.singleShot(0, self, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        if self._hide_cursor:
            from PySide6.QtCore import Qt

            self.setCursor(Qt.CursorShape.BlankCursor)  # a touch screen has no pointer
        QTimer.singleShot(0, self, self._build_next)

    def _build_next(self) -> None:
        """Build one pending piece per event-loop turn, so a touch is never kept waiting."""
        if self._header is None:
            self.header_bar()
        elif self._nav is None:
            self.nav_bar()
        elif self._pending:
            self.screen_widget(self._pending[0])
        else:
            return
        QTimer.singleShot(0, self, self._build_next)
