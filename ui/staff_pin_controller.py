"""Drives the staff PIN screen: digits → a check on a worker (argon2 is slow on purpose) →
`granted(role)`, or a message (wrong PIN with the attempts left, locked with the minutes left).

The PIN goes from the pad to the worker's job and nowhere else: never into a view model, a log
line, a spoken prompt or the audit (StaffAccess writes the attempt without it). `reset()` wipes
the entered digits and drops the answer of a check still running.
"""

from __future__ import annotations

import logging
import math
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.pins import MIN_DIGITS
from kiosk.prompts import PromptCatalogue
from kiosk.services.staff_access import AttemptResult, Outcome, Role, StaffAccess
from ui.screens.staff_pin import StaffPinScreen
from ui.staff_pin_view import StaffPinView
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

PROMPT_IDS = (
    "staff.pin_title",
    "staff.pin_title_staff",
    "staff.pin_title_technician",
    "staff.pin_hint",
    "staff.pin_checking",
    "staff.pin_too_short",
    "staff.pin_wrong",
    "staff.pin_wrong_locked",
    "staff.pin_locked",
    "staff.pin_disabled",
    "staff.pin_error",
    "staff.pin_backspace",
    "staff.pin_enter",
    "staff.pin_cancel",
)


class Speak(Protocol):
    def __call__(self, prompt_id: str, /, **values: object) -> None: ...


class CheckJob:
    """Runs on the worker; holds the PIN only until it has run."""

    def __init__(
        self, access: StaffAccess, pin: str, role: Role | None, badge: str | None, gen: int
    ) -> None:
        self._access, self._pin, self._role, self._badge, self._gen = access, pin, role, badge, gen

    def __call__(self) -> tuple[int, AttemptResult]:
        pin, self._pin = self._pin, ""
        return self._gen, self._access.attempt(pin, self._role, self._badge)

    def __repr__(self) -> str:  # never the PIN, even in a traceback
        return f"CheckJob(role={self._role}, gen={self._gen})"


def minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


class StaffPinController(QObject):
    granted = Signal(str)  # the role's value ("staff" / "technician"), GUI thread
    cancelled = Signal()

    def __init__(
        self,
        screen: StaffPinScreen,
        access: StaffAccess,
        prompts: PromptCatalogue,
        speak: Speak,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self.screen = screen
        self._access, self._prompts, self._speak = access, prompts, speak
        self._role: Role | None = None
        self._badge: str | None = None
        self._generation = 0
        self._busy = False
        self._message = ""
        self._alert = False
        self._worker = DeviceWorker("staff_pin", self)
        self._worker.finished.connect(self._on_checked)
        self._worker.failed.connect(self._on_check_failed)
        screen.pin_entered.connect(self.on_pin)
        screen.cancel_requested.connect(self.on_cancel)

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, role: Role | None = None, badge_id: str | None = None) -> None:
        """Open the pad: `role` from a staff badge, or None (the gesture: the PIN tells)."""
        self.reset()
        self._role, self._badge = role, badge_id
        title = {None: "staff.pin_title", Role.STAFF: "staff.pin_title_staff"}.get(
            role, "staff.pin_title_technician"
        )
        if not self._access.enabled(role):
            self._say("staff.pin_disabled", alert=True)
        elif (left := self._access.locked_for_s()) > 0:
            self._say("staff.pin_locked", alert=True, minutes=minutes(left))
        else:
            self._speak(title)
        self._render()

    def reset(self) -> None:
        """Wipe the digits and any message; a check under way answers into the void."""
        self._generation += 1
        self._busy, self._message, self._alert = False, "", False
        self.screen.reset()
        self._render()

    def close(self) -> None:
        self.reset()
        self._worker.close()

    # ---- intents (GUI thread) ----

    def on_pin(self, pin: str) -> None:
        if self._busy:
            return
        if len(pin) < MIN_DIGITS:
            self._say("staff.pin_too_short", alert=True)  # a slip, not a guess: not counted
            self._render(keep_digits=True)
            return
        self._busy = True
        self._say("staff.pin_checking", alert=False)
        self.screen.pad.clear()  # the digits leave the screen with the job
        self._render()
        self._worker.submit(
            "check", CheckJob(self._access, pin, self._role, self._badge, self._generation)
        )

    def on_cancel(self) -> None:
        self.reset()
        self.cancelled.emit()

    # ---- answers (GUI thread, queued from the worker) ----

    def _on_checked(self, job: str, outcome: object) -> None:
        if not isinstance(outcome, tuple) or outcome[0] != self._generation:
            return
        result = outcome[1]
        assert isinstance(result, AttemptResult)
        self._busy = False
        log.info("staff pin: %s", result.outcome.value)  # the outcome only
        if result.outcome is Outcome.GRANTED and result.role is not None:
            self.reset()
            self.granted.emit(result.role.value)
            return
        if result.outcome is Outcome.WRONG and result.locked_for_s > 0:
            self._say("staff.pin_wrong_locked", alert=True, minutes=minutes(result.locked_for_s))
        elif result.outcome is Outcome.WRONG:
            self._say("staff.pin_wrong", alert=True, left=result.attempts_left)
        elif result.outcome is Outcome.LOCKED:
            self._say("staff.pin_locked", alert=True, minutes=minutes(result.locked_for_s))
        else:
            self._say("staff.pin_disabled", alert=True)
        self._render()

    def _on_check_failed(self, job: str, detail: str) -> None:  # e.g. the audit store is down
        log.error("staff pin: check failed: %s", detail)
        self._busy = False
        self._say("staff.pin_error", alert=True)
        self._render()

    # ---- view ----

    def _say(self, prompt_id: str, *, alert: bool, **values: object) -> None:
        self._message, self._alert = self._prompts.text(prompt_id, **values), alert
        self._speak(prompt_id, **values)

    def _render(self, keep_digits: bool = False) -> None:
        self.screen.show_view(self.view(keep_digits))

    def view(self, keep_digits: bool = False) -> StaffPinView:
        """What the pad shows now (`MainWindow.navigate("staff_pin", view)` takes it)."""
        p = self._prompts
        title = {None: "staff.pin_title", Role.STAFF: "staff.pin_title_staff"}.get(
            self._role, "staff.pin_title_technician"
        )
        return StaffPinView(
            title=p.text(title),
            hint=p.text("staff.pin_hint"),
            message=self._message,
            alert=self._alert,
            digits=self.screen.entered_count() if keep_digits else 0,
            busy=self._busy,
            backspace_label=p.text("staff.pin_backspace"),
            enter_label=p.text("staff.pin_enter"),
            cancel_label=p.text("staff.pin_cancel"),
        )
