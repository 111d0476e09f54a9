"""What the staff PIN screen shows: a frozen view model (never the PIN: only how many digits)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StaffPinView:
    title: str
    hint: str
    message: str  # wrong PIN / locked / checking …; "" for none
    alert: bool  # the message is a problem (shown in the alert style, with words, not colour only)
    digits: int  # how many dots
    busy: bool  # a check is running: keys off
    backspace_label: str
    enter_label: str
    cancel_label: str
