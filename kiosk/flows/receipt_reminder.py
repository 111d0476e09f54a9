"""After printing: "Mời ông/bà nhận biên nhận", spoken and repeated until the citizen touches
"Đã nhận" or 30 s pass (Japan's convenience-store issuers do the same: kiosk-ux §1).

Pure logic on the injected Clock: the UI calls `start`, `tick` (from a timer) and `taken`, and
acts on what they return. Nothing here speaks or draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from kiosk.ports.clock import Clock

__all__ = [
    "PROMPT_TAKE",
    "EndReason",
    "ReceiptReminder",
    "ReminderEnded",
    "ReminderEvent",
    "SpeakReminder",
]

PROMPT_TAKE = "receipt.take"


class EndReason(StrEnum):
    TAKEN = "taken"  # the citizen touched "Đã nhận"
    TIMED_OUT = "timed_out"  # 30 s passed
    CANCELLED = "cancelled"  # the session ended another way


@dataclass(frozen=True, slots=True)
class SpeakReminder:
    prompt_id: str
    count: int  # 1 for the first time it is said


@dataclass(frozen=True, slots=True)
class ReminderEnded:
    reason: EndReason


ReminderEvent = SpeakReminder | ReminderEnded


class ReceiptReminder:
    """Say it at once, again every `repeat_every_s`, never starting a repeat in the last
    `quiet_tail_s` (it would be cut off), and end after `give_up_after_s`."""

    def __init__(
        self,
        clock: Clock,
        *,
        repeat_every_s: float = 8.0,
        give_up_after_s: float = 30.0,
        quiet_tail_s: float = 4.0,
        prompt_id: str = PROMPT_TAKE,
    ) -> None:
        if not (repeat_every_s > 0 and give_up_after_s > 0 and quiet_tail_s >= 0):
            raise ValueError("reminder intervals must be positive")
        self._clock = clock
        self._repeat = repeat_every_s
        self._limit = give_up_after_s
        self._tail = quiet_tail_s
        self._prompt = prompt_id
        self._started: float | None = None
        self._said = 0

    @property
    def active(self) -> bool:
        return self._started is not None

    @property
    def times_said(self) -> int:
        return self._said

    def start(self) -> list[ReminderEvent]:
        """Begin (again): the reminder is said now."""
        self._started = self._clock.monotonic()
        self._said = 1
        return [SpeakReminder(self._prompt, 1)]

    def tick(self) -> list[ReminderEvent]:
        if self._started is None:
            return []
        elapsed = self._clock.monotonic() - self._started
        if elapsed >= self._limit:
            return self._end(EndReason.TIMED_OUT)
        due = int(elapsed // self._repeat) + 1  # how many times it should have been said by now
        if due > self._said and elapsed <= self._limit - self._tail:
            self._said = due
            return [SpeakReminder(self._prompt, due)]
        return []

    def taken(self) -> list[ReminderEvent]:
        return self._end(EndReason.TAKEN) if self._started is not None else []

    def cancel(self) -> list[ReminderEvent]:
        return self._end(EndReason.CANCELLED) if self._started is not None else []

    def _end(self, reason: EndReason) -> list[ReminderEvent]:
        self._started = None
        return [ReminderEnded(reason)]
