"""Screen-cleaning mode on the window: the cleaning screen, its countdown, and the timer that
ends it (30 s, or a 3 s press). The timing is `CleaningLock`'s, on the injected clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from kiosk.services.diagnostics.cleaning import CleaningLock
from ui.diagnostics.views import CleaningView

if TYPE_CHECKING:
    from ui.main_window import MainWindow

TICK_MS = 250  # the countdown and a held press are checked this often


class CleaningMode(QObject):
    finished = Signal()

    def __init__(
        self,
        window: MainWindow,
        prompts: PromptCatalogue,
        clock: Clock,
        audit: Callable[[str, str | None], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window, self._prompts, self._clock, self._audit = window, prompts, clock, audit
        self.lock: CleaningLock | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self._connected = False

    def start(self) -> None:
        from ui.screens.diag_cleaning import DiagCleaningScreen

        screen = self._window.screen_widget("diag_cleaning")
        assert isinstance(screen, DiagCleaningScreen)
        if not self._connected:
            screen.pressed.connect(self.on_press)
            screen.released.connect(self.on_release)
            self._connected = True
        self.lock = CleaningLock(self._clock)
        self._audit("diag_cleaning_started", None)
        self._show()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.lock = None

    def on_press(self) -> None:
        if self.lock is not None:
            self.lock.press()
            self._after()

    def on_release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self._after()

    def tick(self) -> None:
        """The timer's tick (tests call it after moving the clock)."""
        if self.lock is not None:
            self.lock.tick()
            self._after()

    def _after(self) -> None:
        lock = self.lock
        if lock is None:
            return
        if not lock.finished:
            self._show()
            return
        self.stop()
        how = "early" if lock.ended_early else "timeout"
        self._audit("diag_cleaning_ended", f"by={how} ignored_taps={lock.ignored_taps}")
        self.finished.emit()

    def _show(self) -> None:
        assert self.lock is not None
        t = self._prompts.text
        self._window.navigate(
            "diag_cleaning",
            CleaningView(
                title=t("diag.cleaning_title"),
                countdown=t("diag.cleaning_countdown", seconds=self.lock.remaining_s),
                hint=t("diag.cleaning_hint"),
            ),
        )
